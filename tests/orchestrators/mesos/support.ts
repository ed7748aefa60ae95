// Helpers for the Mesos side's tests: run a bundled scenario under a given seed, and read events.

import { loadScenario } from '../../support/scenarios';
import { simulate } from '../../../src/simulate';
import type { Run, RunEvent } from '../../../src/run/types';
import type { Scenario } from '../../../src/scenario/types';

const cache = new Map<string, Scenario>();

export function scenario(name: string): Scenario {
  let s = cache.get(name);
  if (!s) cache.set(name, (s = loadScenario(`scenarios/${name}.yaml`)));
  return s;
}

const runs = new Map<string, Run>();

/** A bundled scenario on the Mesos side under `seed`; runs without a patch are shared. */
export function mesosRun(name: string, seed?: number, patch?: Partial<Scenario>): Run {
  const key = `${name}/${seed ?? ''}`;
  const cached = patch ? undefined : runs.get(key);
  if (cached) return cached;
  const s = { ...scenario(name), ...patch };
  const run = simulate(s, 'mesos', seed === undefined ? {} : { seed });
  if (!patch) runs.set(key, run);
  return run;
}

export function events(run: Run, type: string, subject?: string): RunEvent[] {
  return run.events.filter(
    (e) => e.type === type && (subject === undefined || e.subject === subject),
  );
}

export function first(run: Run, type: string, subject?: string, from = 0): RunEvent {
  const e = run.events.find(
    (x) => x.type === type && x.t >= from && (subject === undefined || x.subject === subject),
  );
  if (!e) throw new Error(`no ${type} ${subject ?? ''} at or after ${from} ms`);
  return e;
}

export function fault(run: Run, index = 0): RunEvent {
  const e = run.events.filter((x) => x.type === 'fault.injected')[index];
  if (!e) throw new Error(`no fault #${index}`);
  return e;
}

/** The event a `cause` names. */
export function causeOf(run: Run, e: RunEvent): RunEvent | undefined {
  return e.cause === null ? undefined : run.events[e.cause - 1];
}

/** Does `e`'s cause chain reach the event `root`? */
export function tracesTo(run: Run, e: RunEvent, root: RunEvent): boolean {
  for (let c = causeOf(run, e); c; c = causeOf(run, c)) if (c.seq === root.seq) return true;
  return false;
}

/** Fixed seeds for the window claims (the loops' phases are drawn per run from the seed). */
export const SEEDS = [1, 2, 3, 5, 8, 13, 21, 34];

/** Latency slack for a few message hops (2–3 ms each on this LAN). */
export const HOPS = 20;
