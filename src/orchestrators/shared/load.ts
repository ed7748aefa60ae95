// An app's CPU demand over time: piecewise linear between the scenario's points, flat before the
// first and after the last, and replaced from then on by a `set-load` step.

import type { LoadPoint } from '../../scenario/types';

export function demandAt(points: readonly LoadPoint[], t: number): number {
  const first = points[0];
  if (!first) return 0;
  if (t <= first.atMs) return first.cpuMilli;
  for (let i = 1; i < points.length; i++) {
    const b = points[i]!;
    if (t < b.atMs) {
      const a = points[i - 1]!;
      return a.cpuMilli + ((b.cpuMilli - a.cpuMilli) * (t - a.atMs)) / (b.atMs - a.atMs);
    }
  }
  return points[points.length - 1]!.cpuMilli;
}

/** The curve after a `set-load` step at `t`: what came before stays, then flat at `cpuMilli`. */
export function stepLoad(points: readonly LoadPoint[], t: number, cpuMilli: number): LoadPoint[] {
  const before = points.filter((p) => p.atMs < t);
  const now = demandAt(points, t);
  return [...before, { atMs: t, cpuMilli: now }, { atMs: t, cpuMilli }];
}
