// The sentence of the moment: the scenario's own `say` at or before the playhead, else the
// title. Large on screen, and larger in presenter mode.

import { activeBranch } from '../store/selectors';
import type { ClusterplayStore } from '../store/store';
import { $ } from './dom';

export function mountNarration(store: ClusterplayStore): () => void {
  const title = $('#scenario-title');
  const line = $('#narration');
  return () => {
    const s = store.getState();
    const scenario = activeBranch(s)?.scenario;
    title.textContent = scenario?.title ?? '';
    const said = scenario?.events.filter((e) => e.say && e.atMs <= s.playheadMs).pop();
    line.textContent = said?.say ?? scenario?.summary?.trim() ?? '';
  };
}
