// Pods and tasks are plain records owned by the controllers (DESIGN.md rule 4), never actors,
// so a hundred thousand of them stay cheap. Both sides share this shape.

import type { ReplicaState } from '../../run/types';
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
