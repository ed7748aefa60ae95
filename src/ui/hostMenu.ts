// Editing the past: a click on a host opens this menu; each choice becomes a scenario event at
// the playhead, and both sides are simulated again as a new branch.

import type { Side } from '../run/types';
import { editPast, select, type Simulator } from '../store/actions';
import { activeRuns, clockLabel } from '../store/selectors';
import { keyframeAt } from '../run/queries';
import type { ClusterplayStore } from '../store/store';
import type { Component, ScenarioEvent } from '../scenario/types';
import { COMPONENTS } from '../scenario/types';
import { $, el } from './dom';

export function hostEdits(
  host: string,
  power: 'on' | 'off',
  partitioned: boolean,
  processes: string[],
  atMs: number,
): { label: string; event: ScenarioEvent }[] {
  const base = { atMs, say: null, pause: false } as const;
  const edits: { label: string; event: ScenarioEvent }[] = [];
  if (power === 'on')
    edits.push({
      label: `Fail ${host} (power off)`,
      event: { ...base, do: 'fail-node', target: host },
    });
  else
    edits.push({
      label: `Recover ${host} (boot again)`,
      event: { ...base, do: 'recover-node', target: host },
    });
  if (power === 'on' && !partitioned)
    edits.push({
      label: `Cut ${host} off the network`,
      event: { ...base, do: 'partition-node', target: host },
    });
  if (partitioned)
    edits.push({
      label: `Heal the partition of ${host}`,
      event: { ...base, do: 'heal-node', target: host },
    });
  if (power === 'on') {
    for (const p of processes) {
      if ((COMPONENTS as readonly string[]).includes(p)) {
        edits.push({
          label: `Stop ${p}`,
          event: { ...base, do: 'stop', target: host, component: p as Component },
        });
      }
    }
  }
  return edits;
}

export function mountHostMenu(
  store: ClusterplayStore,
  simulator: Simulator,
): {
  update: () => void;
  open: (side: Side, host: string, at: { x: number; y: number }) => void;
} {
  const menu = $('[data-role="host-menu"]');
  let shown = '';
  const close = () => store.setState({ hostMenu: null });
  document.addEventListener('pointerdown', (e) => {
    if (!menu.hidden && !menu.contains(e.target as Node)) close();
  });
  return {
    open(side, host, at) {
      const pane = $('.panes').getBoundingClientRect();
      menu.style.left = `${Math.min(pane.left + at.x, window.innerWidth - 380)}px`;
      menu.style.top = `${Math.min(pane.top + at.y + window.scrollY, window.scrollY + window.innerHeight - 260)}px`;
      store.setState({ hostMenu: { side, host }, playing: false });
      select(store, { kind: 'host', side, host });
    },
    update() {
      const s = store.getState();
      const key = JSON.stringify([s.hostMenu, s.playheadMs, s.activeBranch]);
      if (key === shown) return;
      shown = key;
      menu.hidden = s.hostMenu === null;
      const runs = activeRuns(s);
      if (!s.hostMenu || !runs) return;
      const { side, host } = s.hostMenu;
      const state = keyframeAt(runs[side], s.playheadMs)?.hosts.find((h) => h.name === host);
      const at = Math.round(s.playheadMs);
      const edits = hostEdits(
        host,
        state?.power ?? 'on',
        state?.partitioned ?? false,
        state?.processes.map((p) => p.name) ?? [],
        at,
      );
      menu.replaceChildren(
        el('h4', { text: `${host} at ${clockLabel(at)}` }),
        el('p', { className: 'hint', text: 'Changes the past on both sides, as a new branch.' }),
        ...edits.map(({ label, event }) => {
          const button = el('button', { text: label });
          button.type = 'button';
          button.dataset.testid = 'edit';
          button.addEventListener('click', () => void editPast(store, simulator, event));
          return button;
        }),
      );
    },
  };
}
