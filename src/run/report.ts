// The run report of contract 2: what `npm run sim -- FILE --json` prints.

import type { Report, ReportRun, Run, Side } from './types';
import { REPORT_VERSION, SIDES } from './types';

export interface ReportOptions {
  messages?: boolean;
  keyframes?: boolean;
}

export function buildReport(
  scenario: { file: string; title: string; seed: number; durationMs: number },
  runs: Partial<Record<Side, Run>>,
  options: ReportOptions = {},
): Report {
  const out: Partial<Record<Side, ReportRun>> = {};
  for (const side of SIDES) {
    const run = runs[side];
    if (!run) continue;
    const entry: ReportRun = { events: run.events, samples: run.samples, summary: run.summary };
    if (options.messages) entry.messages = run.messages;
    if (options.keyframes) entry.keyframes = run.keyframes;
    out[side] = entry;
  }
  return { version: REPORT_VERSION, scenario, runs: out };
}

/** One JSON document; key order is fixed by construction, so equal runs print equal bytes. */
export function reportJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
