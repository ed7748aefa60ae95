// Where the run starts settled: the same placement as shared/replicas.ts initialPlacement (each
// replica on the emptiest worker by CPU fraction that fits it, ties in worker order), computed
// with a heap when every worker has the same CPU, so 150,000 pods on 5,000 nodes start at once.

import type { AppSpec } from '../../scenario/types';
import type { HostSpec } from '../shared/cluster';
import { initialPlacement } from '../shared/replicas';

interface Slot {
  index: number;
  cpu: number;
  memory: number;
}

export function settledPlacement(
  apps: readonly AppSpec[],
  workers: readonly HostSpec[],
): { app: string; host: string | null }[] {
  const cap = workers[0]?.cpuMilli ?? 0;
  if (workers.length < 64 || workers.some((w) => w.cpuMilli !== cap) || cap <= 0) {
    return initialPlacement(apps, workers);
  }
  // Equal capacities: the emptiest fraction is the least CPU used; ties by worker order.
  const slots: Slot[] = workers.map((w, index) => ({ index, cpu: 0, memory: 0 }));
  const before = (a: Slot, b: Slot) => a.cpu < b.cpu || (a.cpu === b.cpu && a.index < b.index);
  const heap = [...slots];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(heap[i]!, heap[p]!)) return;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      down(0);
    }
    return top;
  };
  const push = (s: Slot) => {
    heap.push(s);
    up(heap.length - 1);
  };
  const placed: { app: string; host: string | null }[] = [];
  for (const app of apps) {
    for (let i = 0; i < app.replicas; i++) {
      const skipped: Slot[] = [];
      let chosen: Slot | null = null;
      while (heap.length > 0) {
        const s = pop();
        if (cap - s.cpu - app.cpuMilli < 0) {
          skipped.push(s);
          break; // the emptiest does not fit: none does
        }
        if (workers[s.index]!.memoryBytes - s.memory - app.memoryBytes < 0) {
          skipped.push(s);
          continue;
        }
        chosen = s;
        break;
      }
      if (chosen) {
        chosen.cpu += app.cpuMilli;
        chosen.memory += app.memoryBytes;
        push(chosen);
      }
      for (const s of skipped) push(s);
      placed.push({ app: app.name, host: chosen ? workers[chosen.index]!.name : null });
    }
  }
  return placed;
}
