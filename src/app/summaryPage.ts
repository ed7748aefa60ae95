// The foundation page: pick a bundled scenario, simulate both sides, and show the summary and
// the narrated events. Scenario text is only ever set as textContent, never parsed as HTML.
// The animated playground replaces this with the Pixi panes (issue 6).

import { clockText } from '../run/markdown';
import type { Run, Side, Summary } from '../run/types';
import { formatProblem, parseScenario } from '../scenario';
import { simulate } from '../simulate';

const ROWS: [keyof Summary, string][] = [
  ['detectMs', 'Failure detected after'],
  ['recoverMs', 'Back to desired ready count after'],
  ['replicaSecondsLost', 'Replica-seconds lost'],
  ['leaderlessMs', 'Time without a scheduling leader'],
  ['scaleReactionMs', 'Autoscaler reacted after'],
];

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function figure(key: keyof Summary, value: number | null): string {
  if (value === null) return '—';
  return key === 'replicaSecondsLost' ? value.toFixed(1) : `${(value / 1000).toFixed(1)} s`;
}

function renderScorecard(table: HTMLElement, runs: Record<Side, Run>): void {
  const head = el('tr');
  head.append(
    el('th', 'figure'),
    el('th', 'Kubernetes', 'kubernetes'),
    el('th', 'Mesos + Marathon', 'mesos'),
  );
  const rows = ROWS.map(([key, label]) => {
    const tr = el('tr');
    tr.append(
      el('td', label),
      el('td', figure(key, runs.kubernetes.summary[key])),
      el('td', figure(key, runs.mesos.summary[key])),
    );
    return tr;
  });
  table.replaceChildren(head, ...rows);
}

function renderLog(list: HTMLElement, run: Run): void {
  const items = run.events.map((e) => {
    const li = el('li');
    li.dataset.testid = 'event';
    li.dataset.type = e.type;
    const body = el('div', e.text);
    if (e.native) body.append(' ', el('span', e.native, 'native'));
    li.append(el('span', clockText(e.t), 't'), body);
    return li;
  });
  list.replaceChildren(...items);
}

/** Parse and show `text`; on a bad scenario show the problems and keep what was on screen. */
export function showScenario(name: string, text: string): boolean {
  const error = document.querySelector<HTMLElement>('[data-testid="error"]')!;
  const parsed = parseScenario(text, `scenarios/${name}.yaml`);
  if (!parsed.ok) {
    error.textContent = parsed.problems.map(formatProblem).join('\n');
    error.hidden = false;
    return false;
  }
  error.hidden = true;
  const scenario = parsed.scenario;
  const runs = { kubernetes: simulate(scenario, 'kubernetes'), mesos: simulate(scenario, 'mesos') };
  document.getElementById('scenario-title')!.textContent = scenario.title;
  document.getElementById('scenario-summary')!.textContent = scenario.summary ?? '';
  renderScorecard(document.querySelector('[data-testid="scorecard"]')!, runs);
  for (const side of ['kubernetes', 'mesos'] as const) {
    renderLog(
      document.querySelector(`[data-testid="event-log"][data-side="${side}"]`)!,
      runs[side],
    );
  }
  document.title = `${scenario.title} · clusterplay`;
  document.body.dataset.ready = name;
  return true;
}
