// The summary figures of contract 2, computed from a run's events and samples alone, so a report
// reader can check them. A figure that does not apply is null.

import type { RunEvent, Sample, Summary } from './types';

/** Scripted events that break something; scaling or changing load is not a fault here. */
const FAULTS = new Set(['fail-node', 'partition-node', 'stop', 'drain']);

export interface AutoscaleTarget {
  utilization: number;
  requestCores: number;
}

export interface SummaryInput {
  events: readonly RunEvent[];
  samples: readonly Sample[];
  durationMs: number;
  /** Components whose leader the side needs to schedule (contract 2's leaderlessMs). */
  leaderSubjects: readonly string[];
  /** Per autoscaled app: its CPU target (0.6 = 60 % of request) and per-replica request in cores. */
  autoscaleTargets: Readonly<Record<string, AutoscaleTarget>>;
}

export function firstFault(events: readonly RunEvent[]): RunEvent | undefined {
  return events.find((e) => e.type === 'fault.injected' && FAULTS.has(String(e.data.do)));
}

function isShort(sample: Sample): boolean {
  return Object.values(sample.apps).some((a) => a.ready < a.desired);
}

/** Replicas short of desired in a sample's apps. */
function shortBy(apps: Sample['apps']): number {
  return Object.values(apps).reduce((sum, a) => sum + Math.max(0, a.desired - a.ready), 0);
}

function recoverMs(fault: RunEvent | undefined, samples: readonly Sample[]): number | null {
  if (!fault) return null;
  let dipped = false;
  for (const sample of samples) {
    if (sample.t < fault.t) continue;
    if (isShort(sample)) dipped = true;
    else if (dipped) return sample.t - fault.t;
  }
  return null; // nothing was lost, or it never came back before the end
}

function replicaSecondsLost(samples: readonly Sample[], durationMs: number): number {
  let total = 0;
  // Consecutive samples often share one `apps` record (a quiet second repeats the last): count
  // it once.
  let apps: Sample['apps'] | null = null;
  let short = 0;
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i]!;
    const until = samples[i + 1]?.t ?? durationMs;
    if (sample.apps !== apps) {
      apps = sample.apps;
      short = shortBy(apps);
    }
    total += (short * (until - sample.t)) / 1000;
  }
  return Math.round(total * 1000) / 1000;
}

function leaderlessMs(
  events: readonly RunEvent[],
  subjects: readonly string[],
  durationMs: number,
): number | null {
  if (subjects.length === 0) return null;
  const holder = new Map<string, string | null>(subjects.map((s) => [s, null]));
  let since: number | null = 0;
  let total = 0;
  const missing = () => [...holder.values()].some((h) => h === null);
  for (const e of events) {
    if (!holder.has(e.subject)) continue;
    if (e.type === 'leader.elected') holder.set(e.subject, e.host ?? e.subject);
    else if (e.type === 'leader.lost') holder.set(e.subject, null);
    else continue;
    if (missing() && since === null) since = e.t;
    else if (!missing() && since !== null) {
      total += e.t - since;
      since = null;
    }
  }
  if (since !== null) total += durationMs - since;
  return total;
}

function scaleReactionMs(
  events: readonly RunEvent[],
  samples: readonly Sample[],
  targets: Readonly<Record<string, AutoscaleTarget>>,
): number | null {
  // Demand first exceeds the target when it asks for more than target × request per desired replica.
  const entries = Object.entries(targets);
  const exceeds = (apps: Sample['apps']) =>
    entries.some(([app, target]) => {
      const a = apps[app];
      return (
        a !== undefined &&
        a.desired > 0 &&
        a.demand > target.utilization * target.requestCores * a.desired
      );
    });
  let apps: Sample['apps'] | null = null;
  let hotApps = false;
  const hot = samples.find((s) => {
    if (s.apps !== apps) hotApps = exceeds((apps = s.apps));
    return hotApps;
  });
  if (!hot) return null;
  const scaled = events.find(
    (e) => e.type === 'app.scaled' && e.t >= hot.t && e.data.by !== 'user' && e.subject in targets,
  );
  return scaled ? scaled.t - hot.t : null;
}

export function summarize(input: SummaryInput): Summary {
  const fault = firstFault(input.events);
  const unreachable = fault
    ? input.events.find((e) => e.type === 'host.unreachable' && e.t >= fault.t)
    : undefined;
  return {
    detectMs: fault && unreachable ? unreachable.t - fault.t : null,
    recoverMs: recoverMs(fault, input.samples),
    replicaSecondsLost: replicaSecondsLost(input.samples, input.durationMs),
    leaderlessMs: leaderlessMs(input.events, input.leaderSubjects, input.durationMs),
    scaleReactionMs: scaleReactionMs(input.events, input.samples, input.autoscaleTargets),
  };
}
