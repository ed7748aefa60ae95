// The samples of contract 2 with the arithmetic of FIDELITY.md §1 (demand split
// evenly over serving replicas, capped by host CPU), kept incremental so that a 150,000-task
// cluster is sampled every second without walking every task: per-host counts are rebuilt only
// when placements change, and when no host can be over its CPU the per-host pass is skipped.

import type { AppSample } from '../../run/types';
import type { AppSpec } from '../../scenario/types';
import type { HostSpec } from '../shared/cluster';
import type { TaskTable } from './tasks';

export class Sampler {
  private version = -1;
  /** host → app → serving replicas there. */
  private perHost = new Map<string, Map<string, number>>();
  /** max over hosts of serving replicas per millicore: bounds any host's load. */
  private densest = 0;

  constructor(
    private readonly apps: readonly AppSpec[],
    private readonly table: TaskTable,
    private readonly hosts: ReadonlyMap<string, HostSpec>,
  ) {}

  /** CPU in use per app, in millicores, at this instant. */
  used(demandMilli: (app: string) => number): Map<string, number> {
    const share = new Map<string, number>();
    let maxShare = 0;
    for (const app of this.apps) {
      const n = this.table.serving.get(app.name) ?? 0;
      const s = n > 0 ? demandMilli(app.name) / n : 0;
      share.set(app.name, s);
      maxShare = Math.max(maxShare, s);
    }
    this.refresh();
    const used = new Map<string, number>();
    if (maxShare * this.densest <= 1) {
      for (const app of this.apps) {
        const n = this.table.serving.get(app.name) ?? 0;
        used.set(app.name, (share.get(app.name) ?? 0) * n);
      }
      return used;
    }
    for (const app of this.apps) used.set(app.name, 0);
    for (const [host, counts] of this.perHost) {
      let total = 0;
      for (const [app, n] of counts) total += (share.get(app) ?? 0) * n;
      const capacity = this.hosts.get(host)?.cpuMilli ?? 0;
      const scale = total > capacity && total > 0 ? capacity / total : 1;
      for (const [app, n] of counts) {
        used.set(app, (used.get(app) ?? 0) + (share.get(app) ?? 0) * n * scale);
      }
    }
    return used;
  }

  sample(
    demandMilli: (app: string) => number,
    desired: (app: string) => number,
  ): Record<string, AppSample> {
    const used = this.used(demandMilli);
    const out: Record<string, AppSample> = {};
    for (const app of this.apps) {
      const ready = this.table.serving.get(app.name) ?? 0;
      const u = used.get(app.name) ?? 0;
      const requested = ready * app.cpuMilli;
      out[app.name] = {
        desired: desired(app.name),
        ready,
        pending: this.table.pending.get(app.name) ?? 0,
        cpu: round3(u / 1000),
        demand: round3(demandMilli(app.name) / 1000),
        utilization: requested > 0 ? round3(u / requested) : 0,
      };
    }
    return out;
  }

  private refresh(): void {
    if (this.version === this.table.version) return;
    this.version = this.table.version;
    this.perHost.clear();
    this.densest = 0;
    for (const [host, tasks] of this.table.byAgent) {
      let counts: Map<string, number> | undefined;
      let n = 0;
      for (const t of tasks) {
        if (!t.serving) continue;
        if (!counts) this.perHost.set(host, (counts = new Map()));
        counts.set(t.app, (counts.get(t.app) ?? 0) + 1);
        n++;
      }
      const capacity = this.hosts.get(host)?.cpuMilli ?? 0;
      if (n > 0) this.densest = Math.max(this.densest, capacity > 0 ? n / capacity : Infinity);
    }
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
