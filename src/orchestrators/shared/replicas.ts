// Pods and tasks are plain records owned by the controllers (DESIGN.md rule 4), never actors,
// so a hundred thousand of them stay cheap. Both sides share this shape.

import type { AppSample, ReplicaState } from '../../run/types';
import type { AppSpec } from '../../scenario/types';
import type { HostSpec } from './cluster';

export interface Replica {
  id: string;
  app: string;
  host: string | null;
  /** The side's own word for the state (`Running`, `TASK_RUNNING`). */
  state: string;
  phase: ReplicaState['phase'];
  /** Running and routed: what `samples[].ready` counts. */
  serving: boolean;
}

/**
 * Where the run starts settled: each app's replicas spread over the workers that fit them,
 * emptiest first by CPU request (ties in worker order), as a spreading scheduler would leave them.
 */
export function initialPlacement(
  apps: readonly AppSpec[],
  workers: readonly HostSpec[],
): { app: string; host: string | null }[] {
  const cpu = new Map(workers.map((w) => [w.name, 0]));
  const mem = new Map(workers.map((w) => [w.name, 0]));
  const placed: { app: string; host: string | null }[] = [];
  for (const app of apps) {
    for (let i = 0; i < app.replicas; i++) {
      let best: HostSpec | null = null;
      let bestFree = -1;
      for (const w of workers) {
        const freeCpu = w.cpuMilli - cpu.get(w.name)! - app.cpuMilli;
        const freeMem = w.memoryBytes - mem.get(w.name)! - app.memoryBytes;
        if (freeCpu < 0 || freeMem < 0) continue;
        const free = freeCpu / w.cpuMilli;
        if (free > bestFree) {
          best = w;
          bestFree = free;
        }
      }
      if (best) {
        cpu.set(best.name, cpu.get(best.name)! + app.cpuMilli);
        mem.set(best.name, mem.get(best.name)! + app.memoryBytes);
      }
      placed.push({ app: app.name, host: best ? best.name : null });
    }
  }
  return placed;
}

/**
 * Demand splits evenly over serving replicas, capped by the host's CPU (FIDELITY.md §1).
 * `demandMilli` is per app; `desired` per app. Three passes over the replicas, no per-replica
 * allocation: this runs every simulated second.
 */
export function sampleApps(
  apps: readonly AppSpec[],
  replicas: Iterable<Replica>,
  hosts: ReadonlyMap<string, HostSpec>,
  demandMilli: (app: string) => number,
  desired: (app: string) => number,
): Record<string, AppSample> {
  const index = new Map<string, number>();
  apps.forEach((a, i) => index.set(a.name, i));
  const serving = new Array<number>(apps.length).fill(0);
  const pending = new Array<number>(apps.length).fill(0);
  const list: Replica[] = [];
  for (const r of replicas) {
    const i = index.get(r.app);
    if (i === undefined) continue;
    if (r.serving && r.host !== null) {
      serving[i]!++;
      list.push(r);
    } else if (r.phase === 'pending' || r.phase === 'starting') pending[i]!++;
  }
  const share = apps.map((a, i) => (serving[i]! > 0 ? demandMilli(a.name) / serving[i]! : 0));
  const perHost = new Map<string, number>();
  for (const r of list) {
    perHost.set(r.host!, (perHost.get(r.host!) ?? 0) + share[index.get(r.app)!]!);
  }
  const used = new Array<number>(apps.length).fill(0);
  for (const r of list) {
    const i = index.get(r.app)!;
    const capacity = hosts.get(r.host!)?.cpuMilli ?? 0;
    const total = perHost.get(r.host!)!;
    used[i]! += share[i]! * (total > capacity && total > 0 ? capacity / total : 1);
  }
  const out: Record<string, AppSample> = {};
  apps.forEach((app, i) => {
    const requested = serving[i]! * app.cpuMilli;
    out[app.name] = {
      desired: desired(app.name),
      ready: serving[i]!,
      pending: pending[i]!,
      cpu: round3(used[i]! / 1000),
      demand: round3(demandMilli(app.name) / 1000),
      utilization: requested > 0 ? round3(used[i]! / requested) : 0,
    };
  });
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
