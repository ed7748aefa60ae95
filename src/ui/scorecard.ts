// The summary figures side by side, and a chart per side of desired and ready replicas over the
// whole run (uPlot), with the playhead drawn over it.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Run, Side, Summary } from '../run/types';
import { activeRuns, durationMs } from '../store/selectors';
import type { ClusterplayStore } from '../store/store';
import type { Runs } from '../store/types';
import { $, el, seconds } from './dom';

const ROWS: [keyof Summary, string][] = [
  ['detectMs', 'Failure noticed after'],
  ['recoverMs', 'Back to full strength after'],
  ['replicaSecondsLost', 'Replica-seconds lost'],
  ['leaderlessMs', 'Time without a leader'],
  ['scaleReactionMs', 'Autoscaler reacted after'],
];
const SIDE_COLOR: Record<Side, string> = { kubernetes: '#0072B2', mesos: '#E69F00' };

function figure(key: keyof Summary, value: number | null): string {
  if (key === 'replicaSecondsLost') return value === null ? '—' : value.toFixed(0);
  return seconds(value);
}

function series(run: Run): uPlot.AlignedData {
  const t = run.samples.map((s) => s.t / 1000);
  const total = (f: 'desired' | 'ready' | 'pending') =>
    run.samples.map((s) => Object.values(s.apps).reduce((n, a) => n + a[f], 0));
  // CPU in use over CPU requested by serving replicas, all apps together, in percent.
  const utilization = run.samples.map((s) => {
    const apps = Object.values(s.apps);
    const used = apps.reduce((n, a) => n + a.cpu, 0);
    const requested = apps.reduce((n, a) => n + (a.utilization > 0 ? a.cpu / a.utilization : 0), 0);
    return requested > 0 ? Math.round((100 * used) / requested) : 0;
  });
  return [t, total('desired'), total('ready'), total('pending'), utilization];
}

export function mountScorecard(store: ClusterplayStore): () => void {
  const panel = $('[data-testid="scorecard"]');
  let shownFor: Runs | null = null;
  const charts: { plot: uPlot; line: HTMLElement }[] = [];

  const build = (runs: Runs) => {
    for (const c of charts) c.plot.destroy();
    charts.length = 0;
    const table = el('table', { className: 'figures' });
    table.append(
      el(
        'tr',
        {},
        el('th', { text: '' }),
        el('th', { text: 'Kubernetes', className: 'kubernetes' }),
        el('th', { text: 'Mesos', className: 'mesos' }),
      ),
    );
    for (const [key, label] of ROWS) {
      table.append(
        el(
          'tr',
          {},
          el('td', { text: label }),
          el('td', { text: figure(key, runs.kubernetes.summary[key]) }),
          el('td', { text: figure(key, runs.mesos.summary[key]) }),
        ),
      );
    }
    const chartsBox = el('div', { className: 'charts' });
    panel.replaceChildren(table, chartsBox);
    for (const side of ['kubernetes', 'mesos'] as const) {
      const box = el('div', { className: 'chart' });
      chartsBox.append(box);
      const plot = new uPlot(
        {
          width: Math.max(240, panel.clientWidth - 8),
          height: 150,
          title: `${side === 'kubernetes' ? 'Kubernetes' : 'Mesos'}: replicas, and CPU in use`,
          legend: { show: false },
          cursor: { show: false },
          scales: {
            x: { time: false },
            pct: { range: (_u, _min, max) => [0, Math.max(150, max)] },
          },
          axes: [
            {
              size: 30,
              font: '16px DejaVu Sans, sans-serif',
              values: (_u, ticks) =>
                ticks.map(
                  (v) => `${Math.floor(v / 60)}:${String(Math.round(v % 60)).padStart(2, '0')}`,
                ),
            },
            { size: 64, font: '16px DejaVu Sans, sans-serif' },
            {
              scale: 'pct',
              side: 1,
              size: 66,
              grid: { show: false },
              font: '16px DejaVu Sans, sans-serif',
              values: (_u, ticks) => ticks.map((v) => `${v}%`),
            },
          ],
          series: [
            {},
            { label: 'desired', stroke: '#555', dash: [6, 4], width: 2 },
            { label: 'ready', stroke: SIDE_COLOR[side], width: 3 },
            { label: 'pending', stroke: '#8a7d00', dash: [2, 4], width: 2 },
            { label: 'CPU % of request', scale: 'pct', stroke: '#1a1a1a', width: 1 },
          ],
        },
        series(runs[side]),
        box,
      );
      const line = el('div', { className: 'chart-playhead' });
      plot.over.append(line);
      charts.push({ plot, line });
    }
  };

  return () => {
    const s = store.getState();
    const runs = activeRuns(s);
    if (runs !== shownFor) {
      shownFor = runs;
      if (runs) build(runs);
    }
    const end = durationMs(s);
    for (const { plot, line } of charts) {
      const x = plot.valToPos(Math.min(s.playheadMs, end) / 1000, 'x');
      line.style.transform = `translateX(${x}px)`;
    }
  };
}
