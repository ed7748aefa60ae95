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
 * `demandMilli` is per app; `desired` per app.
 */
export function sampleApps(
  apps: readonly AppSpec[],
  replicas: Iterable<Replica>,
  hosts: ReadonlyMap<string, HostSpec>,
  demandMilli: (app: string) => number,
  desired: (app: string) => number,
): Record<string, AppSample> {
  const serving = new Map<string, Replica[]>();
  const pending = new Map<string, number>();
  for (const r of replicas) {
    if (r.serving) {
      const list = serving.get(r.app);
      if (list) list.push(r);
      else serving.set(r.app, [r]);
    } else if (r.phase === 'pending' || r.phase === 'starting')
      pending.set(r.app, (pending.get(r.app) ?? 0) + 1);
  }
  // First pass: each serving replica asks for its even share; then hosts over capacity scale down.
  const asked = new Map<Replica, number>();
  const perHost = new Map<string, number>();
  for (const app of apps) {
    const list = serving.get(app.name) ?? [];
    const share = list.length > 0 ? demandMilli(app.name) / list.length : 0;
    for (const r of list) {
      asked.set(r, share);
      perHost.set(r.host!, (perHost.get(r.host!) ?? 0) + share);
    }
  }
  const out: Record<string, AppSample> = {};
  for (const app of apps) {
    const list = serving.get(app.name) ?? [];
    let used = 0;
    for (const r of list) {
      const capacity = hosts.get(r.host!)?.cpuMilli ?? 0;
      const total = perHost.get(r.host!) ?? 0;
      const scale = total > capacity && total > 0 ? capacity / total : 1;
      used += asked.get(r)! * scale;
    }
    const requested = list.length * app.cpuMilli;
    out[app.name] = {
      desired: desired(app.name),
      ready: list.length,
      pending: pending.get(app.name) ?? 0,
      cpu: round3(used / 1000),
      demand: round3(demandMilli(app.name) / 1000),
      utilization: requested > 0 ? round3(used / requested) : 0,
    };
  }
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
