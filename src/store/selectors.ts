// Derived reads of the store: nothing here is stored twice.

import type { RunEvent } from '../run/types';
import type { Branch, ClusterplayState, Runs } from './types';

export function activeBranch(state: ClusterplayState): Branch | undefined {
  return state.branches.find((b) => b.id === state.activeBranch);
}

export function activeRuns(state: ClusterplayState): Runs | null {
  return activeBranch(state)?.runs ?? null;
}

export function durationMs(state: ClusterplayState): number {
  return activeBranch(state)?.scenario.durationMs ?? 0;
}

/** Scripted moments where playback stops: events with `pause: true` (chapter marks). */
export function chapterTimes(state: ClusterplayState): number[] {
  const scenario = activeBranch(state)?.scenario;
  if (!scenario) return [];
  return [...new Set(scenario.events.filter((e) => e.pause).map((e) => e.atMs))].sort(
    (a, b) => a - b,
  );
}

/** Times of all events on both sides, sorted and distinct: the stops of ← and →. */
export function eventTimes(state: ClusterplayState): number[] {
  const runs = activeRuns(state);
  if (!runs) return [];
  const times = new Set<number>();
  for (const run of [runs.kubernetes, runs.mesos]) {
    for (const e of run.events) if (isKeyEvent(e)) times.add(e.t);
  }
  return [...times].sort((a, b) => a - b);
}

/** Periodic chatter that would drown the story: kept in the run, left out of the log. */
const CHATTY = /^(offer\.(sent|declined|rescinded)|lease\.|heartbeat\.|metrics\.|model\.)/;

export function isKeyEvent(e: RunEvent): boolean {
  return !CHATTY.test(e.type);
}

/** `m:ss` for the clock. */
export function clockLabel(ms: number): string {
  const total = Math.floor(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${s < 10 ? '0' : ''}${s}`;
}
