// The human report: `npm run sim -- FILE --md`. Same numbers as the JSON, as tables.

import type { Report, ReportRun, Side, Summary } from './types';
import { SIDES } from './types';

const TITLES: Record<Side, string> = { kubernetes: 'Kubernetes', mesos: 'Mesos + Marathon' };

/** `m:ss.s` for a simulated time in ms. */
export function clockText(ms: number): string {
  const tenths = Math.round(ms / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${minutes}:${seconds < 10 ? '0' : ''}${seconds.toFixed(1)}`;
}

function seconds(ms: number | null): string {
  return ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const SUMMARY_ROWS: [keyof Summary, string, (v: number | null) => string][] = [
  ['detectMs', 'Failure detected after', seconds],
  ['recoverMs', 'Back to desired ready count after', seconds],
  ['replicaSecondsLost', 'Replica-seconds lost', (v) => (v === null ? '—' : v.toFixed(1))],
  ['leaderlessMs', 'Time without a scheduling leader', seconds],
  ['scaleReactionMs', 'Autoscaler reacted after', seconds],
];

/** Key moments: everything but periodic chatter, so the table reads like the story. */
function keyMoments(run: ReportRun): string[] {
  const rows = run.events.map(
    (e) =>
      `| ${clockText(e.t)} | ${cell(e.type)} | ${cell(e.subject)} | ${cell(e.native ?? '')} | ${cell(e.text)} |`,
  );
  return ['| t | event | subject | native | what happened |', '|---|---|---|---|---|', ...rows];
}

export function reportMarkdown(report: Report): string {
  const sides = SIDES.filter((s) => report.runs[s]);
  const lines = [
    `# ${cell(report.scenario.title)}`,
    '',
    `Scenario \`${report.scenario.file}\`, seed ${report.scenario.seed}, ` +
      `${clockText(report.scenario.durationMs)} simulated.`,
    '',
    '## Summary',
    '',
    `| figure | ${sides.map((s) => TITLES[s]).join(' | ')} |`,
    `|---|${sides.map(() => '---').join('|')}|`,
    ...SUMMARY_ROWS.map(
      ([key, label, format]) =>
        `| ${label} | ${sides.map((s) => format(report.runs[s]!.summary[key])).join(' | ')} |`,
    ),
    '',
    '— means the figure does not apply to this run (no fault, nothing lost, or no autoscaling).',
  ];
  for (const side of sides) {
    lines.push('', `## ${TITLES[side]}: key moments`, '', ...keyMoments(report.runs[side]!));
  }
  return lines.join('\n') + '\n';
}
