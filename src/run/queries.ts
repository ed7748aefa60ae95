// Read-only questions about a recorded run. Playback and tests only ever read; nothing here
// re-simulates (DESIGN.md rule 2).

import type { Keyframe, Run, RunEvent, Sample } from './types';

/** Index of the first item whose `t` is greater than `t` (binary search on sorted times). */
export function upperBound(items: readonly { t: number }[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Events at or before `t`. */
export function eventsUntil(run: Pick<Run, 'events'>, t: number): RunEvent[] {
  return run.events.slice(0, upperBound(run.events, t));
}

/** The latest keyframe at or before `t` (the first one if `t` is before all). */
export function keyframeAt(run: Pick<Run, 'keyframes'>, t: number): Keyframe | undefined {
  const i = upperBound(run.keyframes, t);
  return run.keyframes[Math.max(0, i - 1)];
}

/** The latest sample at or before `t`. */
export function sampleAt(run: Pick<Run, 'samples'>, t: number): Sample | undefined {
  const i = upperBound(run.samples, t);
  return run.samples[Math.max(0, i - 1)];
}

export function findEvents(
  run: Pick<Run, 'events'>,
  type: string,
  subject?: string,
  from = 0,
): RunEvent[] {
  return run.events.filter(
    (e) => e.type === type && e.t >= from && (subject === undefined || e.subject === subject),
  );
}

export function firstEvent(
  run: Pick<Run, 'events'>,
  type: string,
  subject?: string,
  from = 0,
): RunEvent | undefined {
  return run.events.find(
    (e) => e.type === type && e.t >= from && (subject === undefined || e.subject === subject),
  );
}

/** The chain of causes behind an event, nearest first: the answer to "why?". */
export function causeChain(run: Pick<Run, 'events'>, event: RunEvent): RunEvent[] {
  const chain: RunEvent[] = [];
  let cause = event.cause;
  while (cause !== null) {
    const next = run.events[cause - 1];
    if (!next || next.seq !== cause) break;
    chain.push(next);
    cause = next.cause;
  }
  return chain;
}
