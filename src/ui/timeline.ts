// The timeline: faults, chapter marks and events on a track; click or drag to scrub. Beside it,
// the branches made by editing the past, to switch between.

import { pause, seek, switchBranch } from '../store/actions';
import { activeBranch, activeRuns, durationMs, isKeyEvent } from '../store/selectors';
import type { ClusterplayStore } from '../store/store';
import { $, el } from './dom';

export function mountTimeline(store: ClusterplayStore): () => void {
  const track = $('[data-testid="timeline"]');
  const branches = $('[data-role="branches"]');
  const marks = el('div', { className: 'marks' });
  const head = el('div', { className: 'playhead' });
  track.append(marks, head);
  let drawnFor: unknown = null;

  const toTime = (clientX: number) => {
    const box = track.getBoundingClientRect();
    return ((clientX - box.left) / box.width) * durationMs(store.getState());
  };
  track.addEventListener('pointerdown', (e) => {
    pause(store);
    seek(store, toTime(e.clientX));
    track.setPointerCapture(e.pointerId);
  });
  track.addEventListener('pointermove', (e) => {
    if (track.hasPointerCapture(e.pointerId)) seek(store, toTime(e.clientX));
  });

  return () => {
    const s = store.getState();
    const end = durationMs(s) || 1;
    const branch = activeBranch(s);
    if (branch !== drawnFor) {
      drawnFor = branch;
      marks.replaceChildren();
      const runs = activeRuns(s);
      const scenario = branch?.scenario;
      for (const e of scenario?.events ?? []) {
        const kind = e.do === null ? (e.pause ? 'chapter' : 'say') : 'fault';
        const m = el('span', { className: `mark ${kind}`, title: e.say ?? e.do ?? '' });
        m.style.left = `${(e.atMs / end) * 100}%`;
        marks.append(m);
      }
      for (const side of ['kubernetes', 'mesos'] as const) {
        for (const e of runs?.[side].events ?? []) {
          if (!isKeyEvent(e) || e.type === 'fault.injected' || e.type === 'narration') continue;
          const m = el('span', { className: `tick ${side}`, title: e.text });
          m.style.left = `${(e.t / end) * 100}%`;
          marks.append(m);
        }
      }
      branches.replaceChildren(
        ...(s.branches.length > 1
          ? s.branches.map((b) => {
              const button = el('button', {
                text: b.label,
                className: b.id === s.activeBranch ? 'branch active' : 'branch',
              });
              button.type = 'button';
              button.dataset.testid = 'branch';
              button.addEventListener('click', () => switchBranch(store, b.id));
              return button;
            })
          : []),
      );
    }
    head.style.left = `${(s.playheadMs / end) * 100}%`;
    track.setAttribute('aria-valuenow', String(Math.round(s.playheadMs / 1000)));
  };
}
