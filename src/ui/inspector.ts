// Details of what is selected: a host's state and processes, a replica, an event with its
// causes ("why?"), and for a placement the scheduler's per-node scores or the offer's reason.

import { causeChain, keyframeAt } from '../run/queries';
import type { Message, Run, RunEvent } from '../run/types';
import { editPast, type Simulator } from '../store/actions';
import { activeBranch, activeRuns, clockLabel } from '../store/selectors';
import type { ClusterplayStore } from '../store/store';
import { $, el } from './dom';
import { hostFlags, offerStory } from './inspectorDetails';
import { messageEdits } from './messageEdits';

function row(label: string, value: string): HTMLElement {
  return el(
    'div',
    { className: 'row' },
    el('span', { text: label, className: 'k' }),
    el('span', { text: value, className: 'v' }),
  );
}

export function mountInspector(store: ClusterplayStore, simulator: Simulator): () => void {
  const panel = $('[data-testid="inspector"]');
  let key = '';
  return () => {
    const s = store.getState();
    const runs = activeRuns(s);
    const sel = s.selection;
    const t = s.playheadMs;
    const frameT = runs && sel ? (keyframeAt(runs[sel.side], t)?.t ?? 0) : 0;
    const nextKey = JSON.stringify([sel, frameT, s.activeBranch]);
    if (nextKey === key) return;
    key = nextKey;
    if (!runs || !sel) {
      panel.replaceChildren(
        el('p', {
          className: 'hint',
          text: 'Click a host, a replica or an event to see its details here.',
        }),
      );
      return;
    }
    const run = runs[sel.side];
    const side = sel.side === 'kubernetes' ? 'Kubernetes' : 'Mesos';
    if (sel.kind === 'host') {
      const host = keyframeAt(run, t)?.hosts.find((h) => h.name === sel.host);
      if (!host) return panel.replaceChildren(el('p', { text: `${sel.host} is not in this run.` }));
      const scenario = activeBranch(s)?.scenario;
      const flags = scenario ? hostFlags(scenario, sel.side, host.role) : [];
      panel.replaceChildren(
        el('h4', { text: `${host.name} · ${side}` }),
        row('status', host.status),
        row('power', host.power === 'on' ? (host.partitioned ? 'on, cut off' : 'on') : 'off'),
        row('role', host.role + (host.zone ? `, zone ${host.zone}` : '')),
        row('takes new work', host.schedulable ? 'yes' : 'no'),
        ...host.processes.map((p) =>
          row(
            p.name,
            `${p.state}${p.leader ? ' ★ leader' : ''}${p.term !== null ? `, term ${p.term}` : ''}`,
          ),
        ),
        ...(flags.length > 0 ? [el('h4', { text: 'Flags that decide its fate' })] : []),
        ...flags.map((f) => row(f.flag, f.overridden ? `${f.value} (this scenario)` : f.value)),
        el('p', { className: 'hint', text: 'Click the host on the canvas to change its past.' }),
      );
      return;
    }
    if (sel.kind === 'replica') {
      const replica = keyframeAt(run, t)?.replicas.find((r) => r.id === sel.id);
      const placed = [...run.events]
        .reverse()
        .find((e) => e.t <= t && e.subject === sel.id && e.type === 'replica.placed');
      panel.replaceChildren(
        el('h4', { text: `${sel.id} · ${side}` }),
        row('state', replica?.state ?? 'gone'),
        row('host', replica?.host ?? '—'),
        ...(placed ? [row('placed', `${clockLabel(placed.t)}: ${placed.text}`)] : []),
        ...scoreRows(placed?.data.scores),
        ...(placed ? offerRows(run, placed) : []),
      );
      return;
    }
    if (sel.kind === 'event') {
      const event = run.events[sel.seq - 1];
      if (!event) return panel.replaceChildren();
      const chain = causeChain(run, event);
      panel.replaceChildren(
        el('h4', { text: `${clockLabel(event.t)} · ${side}` }),
        el('p', { text: event.text }),
        ...(event.native ? [row('native', event.native)] : []),
        row('type', event.type),
        el('h4', {
          text: chain.length ? 'Why? Because…' : 'Scripted: nothing caused it but the scenario.',
        }),
        el(
          'ol',
          { className: 'chain' },
          ...chain.map((c) => el('li', { text: `${clockLabel(c.t)} ${c.text}` })),
        ),
      );
      return;
    }
    const message = run.messages.find((m) => m.id === sel.id);
    panel.replaceChildren(
      el('h4', { text: `message ${sel.id} · ${side}` }),
      ...(message ? messageRows(run, message, store, simulator) : []),
    );
  };
}

/** Why a message was lost: a scripted drop, or a host on its path that was off or cut off. */
function lostBecause(run: Run, message: Message): string {
  const scripted = run.events.find(
    (e) => e.type === 'message.dropped' && e.data.message === message.id,
  );
  return scripted
    ? 'yes: a drop-message event lost it'
    : 'yes: a host on its path was off or cut off';
}

function messageRows(
  run: Run,
  message: Message,
  store: ClusterplayStore,
  simulator: Simulator,
): HTMLElement[] {
  const rows = [
    row('kind', message.kind),
    row('from', message.from),
    row('to', message.to),
    row('sent', clockLabel(message.sentAt)),
    row(
      message.dropped ? 'lost at' : 'arrives',
      `${clockLabel(message.deliverAt)} (${message.deliverAt - message.sentAt} ms on the way)`,
    ),
    row('dropped', message.dropped ? lostBecause(run, message) : 'no'),
  ];
  if (message.dropped) return rows;
  const buttons = messageEdits(message).map(({ label, event }) => {
    const button = el('button', { text: label });
    button.type = 'button';
    button.dataset.testid = 'edit';
    button.addEventListener('click', () => void editPast(store, simulator, event));
    return button;
  });
  return [
    ...rows,
    el('p', { className: 'hint', text: 'Change its fate, on both sides, as a new branch:' }),
    el('div', { className: 'edits' }, ...buttons),
  ];
}

/** Mesos: the offer the task came with, and what the framework declined in that round. */
function offerRows(run: Run, placed: RunEvent): HTMLElement[] {
  const { accepted, declined } = offerStory(run, placed);
  if (accepted.length === 0) return [];
  return [
    el('h4', { text: 'Why this agent: the offer' }),
    ...accepted.map((text) => el('p', { text })),
    ...(declined.length > 0
      ? [
          el('h4', { text: 'Declined in the same round' }),
          ...declined.map((text) => el('p', { text })),
        ]
      : []),
  ];
}

interface NodeScore {
  node: string;
  leastAllocated: number;
  balancedAllocation: number;
  total: number;
}

/** kube-scheduler's best nodes for this pod, as its `Scheduled` event recorded them. */
function scoreRows(scores: unknown): HTMLElement[] {
  if (!Array.isArray(scores) || scores.length === 0) return [];
  return [
    el('h4', { text: 'Why this node: scheduler scores (best first)' }),
    ...(scores as NodeScore[]).map((s) =>
      row(
        s.node,
        `LeastAllocated ${s.leastAllocated} + BalancedAllocation ${s.balancedAllocation} = ${s.total}`,
      ),
    ),
  ];
}
