// Per-second samples of the Kubernetes side. The arithmetic of FIDELITY.md §1
// (demand split evenly over serving pods, capped by each host's CPU; ready = serving), done with
// typed arrays indexed by node instead of maps keyed by pod, and only when something changed.

import type { AppSample } from '../../run/types';
import type { AppSpec } from '../../scenario/types';
import type { ClusterState } from './clusterState';

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export class Sampler {
  private version = -1;
  /** The demands the last sample was computed with. */
  private readonly demands: number[] = [];
  private last: Record<string, AppSample> = {};
  private readonly appIndex = new Map<string, number>();
  private readonly totals: Float64Array;

  constructor(
    private readonly state: ClusterState,
    private readonly apps: readonly AppSpec[],
  ) {
    apps.forEach((a, i) => this.appIndex.set(a.name, i));
    this.totals = new Float64Array(state.nodes.length);
  }

  sample(demand: (app: string) => number): Record<string, AppSample> {
    const demands = this.demands;
    let same = this.version === this.state.version;
    for (let a = 0; a < this.apps.length; a++) {
      const d = demand(this.apps[a]!.name);
      if (demands[a] !== d) same = false;
      demands[a] = d;
    }
    if (same) return this.last;
    this.version = this.state.version;
    const n = this.apps.length;
    const serving = new Float64Array(n);
    const pending = new Float64Array(n);
    const appOf = (name: string) => this.appIndex.get(name)!;
    for (const pod of this.state.pods) {
      const a = appOf(pod.app);
      if (pod.serving) serving[a]!++;
      else if (pod.phase === 'pending' || pod.phase === 'starting') pending[a]!++;
    }
    const share = new Float64Array(n);
    for (let a = 0; a < n; a++) share[a] = serving[a]! > 0 ? demands[a]! / serving[a]! : 0;
    const totals = this.totals;
    totals.fill(0);
    for (const pod of this.state.pods) {
      if (pod.serving && pod.node) totals[pod.node.index]! += share[appOf(pod.app)]!;
    }
    const used = new Float64Array(n);
    for (const pod of this.state.pods) {
      if (!pod.serving || !pod.node) continue;
      const a = appOf(pod.app);
      const capacity = pod.node.spec.cpuMilli;
      const total = totals[pod.node.index]!;
      const scale = total > capacity && total > 0 ? capacity / total : 1;
      used[a]! += share[a]! * scale;
    }
    const out: Record<string, AppSample> = {};
    this.apps.forEach((app, a) => {
      const requested = serving[a]! * app.cpuMilli;
      out[app.name] = {
        desired: this.state.deployments.get(app.name)?.replicas ?? 0,
        ready: serving[a]!,
        pending: pending[a]!,
        cpu: round3(used[a]! / 1000),
        demand: round3(demands[a]! / 1000),
        utilization: requested > 0 ? round3(used[a]! / requested) : 0,
      };
    });
    this.last = out;
    return out;
  }

  /** Serving pods of an app now (metrics-server divides demand by it). */
  serving(app: string, demand: (app: string) => number): number {
    return this.sample(demand)[app]?.ready ?? 0;
  }
}
