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
  /**
   * The last answer of `used` and what it was computed from (placements and demands): asked
   * every second by the samples and by marathon-autoscale's reads, it mostly changes rarely.
   */
  private usedVersion = -1;
  private readonly usedDemands: number[] = [];
  private lastUsed = new Map<string, number>();
  /** The last sample and its inputs beyond `used`: an unchanged second shares the record. */
  private lastSample: Record<string, AppSample> | null = null;
  private sampleUsed: Map<string, number> | null = null;
  private readonly sampled: number[] = [];

  constructor(
    private readonly apps: readonly AppSpec[],
    private readonly table: TaskTable,
    private readonly hosts: ReadonlyMap<string, HostSpec>,
  ) {}

  /** CPU in use per app, in millicores, at this instant. */
  used(demandMilli: (app: string) => number): Map<string, number> {
    let same = this.usedVersion === this.table.version;
    for (let i = 0; i < this.apps.length; i++) {
      const d = demandMilli(this.apps[i]!.name);
      if (this.usedDemands[i] !== d) {
        this.usedDemands[i] = d;
        same = false;
      }
    }
    if (same) return this.lastUsed;
    this.usedVersion = this.table.version;
    this.lastUsed = this.compute();
    return this.lastUsed;
  }

  private compute(): Map<string, number> {
    const share = new Map<string, number>();
    let maxShare = 0;
    this.apps.forEach((app, i) => {
      const n = this.table.serving.get(app.name) ?? 0;
      const s = n > 0 ? this.usedDemands[i]! / n : 0;
      share.set(app.name, s);
      maxShare = Math.max(maxShare, s);
    });
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
    // Per app: desired and pending (the rest of a sample is `used`, the demands and `serving`,
    // all behind `used`'s cache); equal inputs give an equal record, shared like the k8s side's.
    let same = this.lastSample !== null && used === this.sampleUsed;
    this.apps.forEach((app, i) => {
      const d = desired(app.name);
      const p = this.table.pending.get(app.name) ?? 0;
      if (this.sampled[2 * i] !== d || this.sampled[2 * i + 1] !== p) same = false;
      this.sampled[2 * i] = d;
      this.sampled[2 * i + 1] = p;
    });
    if (same) return this.lastSample!;
    const out: Record<string, AppSample> = {};
    this.apps.forEach((app, i) => {
      const ready = this.table.serving.get(app.name) ?? 0;
      const u = used.get(app.name) ?? 0;
      const requested = ready * app.cpuMilli;
      out[app.name] = {
        desired: this.sampled[2 * i]!,
        ready,
        pending: this.sampled[2 * i + 1]!,
        cpu: round3(u / 1000),
        demand: round3(this.usedDemands[i]! / 1000),
        utilization: requested > 0 ? round3(u / requested) : 0,
      };
    });
    this.lastSample = out;
    this.sampleUsed = used;
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
