// The HorizontalPodAutoscaler controller in the leading kube-controller-manager
// (pkg/controller/podautoscaler/horizontal.go, replica_calculator.go; FIDELITY.md §2.6), and the
// metrics-server it reads. Each HPA syncs every horizontalPodAutoscalerSyncPeriod; the scenario's
// `autoscale` has no behavior, so the legacy path applies: a 300 s downscale stabilization window
// and at most max(2 × current, 4) per sync. First sight of an HPA (also after a leader change)
// stores the current count as a recommendation.

import { hpaLegacyLimit, hpaReplicas } from '../../algorithms';
import type { HpaPod } from '../../algorithms';
import type { Timer } from '../../engine/clock';
import type { Rng } from '../../engine/rng';
import type { AppSpec } from '../../scenario/types';
import type { SimContext } from '../shared/model';
import type { ApiServers } from './apiServer';
import type { ClusterState } from './clusterState';
import type { KubernetesFlags } from './defaults';
import type { LeaderOnly } from './leadership';
import { leaderOnlyMachine } from './leadership';
import type { Deployment, Pod } from './objects';

export const horizontalPodAutoscalerMachine = leaderOnlyMachine('horizontalPodAutoscaler');

/**
 * metrics-server: every metricResolution it scrapes each kubelet; a pod's sample is its mean
 * usage over the last window, so a pod needs a whole window of running to have one. Usage is the
 * app's demand split evenly over its serving pods (FIDELITY.md §1), sampled each second.
 * SIMPLIFICATION: the sample is the even share of demand, not capped by a saturated host's CPU
 * (the per-second samples are); it matters only when a node runs out of CPU.
 */
export class MetricsServer {
  /** Per app: cumulative per-pod share (millicore-seconds), one entry per simulated second. */
  private readonly history = new Map<string, number[]>();
  private readonly total = new Map<string, number>();

  constructor(
    private readonly ctx: SimContext<KubernetesFlags>,
    private readonly state: ClusterState,
    private readonly apps: readonly AppSpec[],
    private readonly demand: (app: string) => number,
    private readonly serving: (app: string) => number,
    rng: Rng,
  ) {
    if (apps.length === 0) return;
    const { clock, flags } = ctx;
    for (const app of apps) {
      this.history.set(app.name, [0]);
      this.total.set(app.name, 0);
    }
    const tick = () => {
      clock.setTimeout(tick, 1000);
      for (const app of apps) {
        const n = this.serving(app.name);
        const share = n > 0 ? this.demand(app.name) / n : 0;
        const t = this.total.get(app.name)! + share;
        this.total.set(app.name, t);
        const h = this.history.get(app.name)!;
        h.push(t);
        if (h.length > 120) h.splice(0, h.length - 120);
      }
    };
    clock.setTimeout(tick, 1000);
    const scrape = () => {
      clock.setTimeout(scrape, flags.metricResolution);
      this.scrape();
    };
    clock.setTimeout(scrape, Math.floor(rng.uniform(0, flags.metricResolution)));
  }

  private scrape(): void {
    const { clock, flags } = this.ctx;
    const window = Math.max(1, Math.round(flags.metricResolution / 1000));
    for (const app of this.apps) {
      const h = this.history.get(app.name)!;
      const last = h[h.length - 1]!;
      const first = h[Math.max(0, h.length - 1 - window)]!;
      const mean = (last - first) / window;
      const d = this.state.deployments.get(app.name)!;
      for (const pod of d.pods) {
        const runningWindow =
          pod.container === 'running' &&
          clock.now - pod.containerStartedAt >= flags.metricResolution;
        if (!runningWindow || !pod.serving) {
          if (pod.container !== 'running') pod.metricUsage = null;
          continue;
        }
        pod.metricUsage = Math.round(mean);
        pod.metricTime = clock.now;
      }
    }
  }
}

const EMPTY_VIEW: HpaPod = {
  request: 0,
  usage: null,
  ready: false,
  phase: 'Pending',
  deleting: false,
  cpuInitializing: false,
};

interface Recommendation {
  replicas: number;
  at: number;
}

export class HorizontalPodAutoscaler implements LeaderOnly {
  private host: string | null = null;
  private timers: Timer[] = [];
  private recommendations = new Map<string, Recommendation[]>();
  private stalledSaid = false;

  constructor(
    private readonly ctx: SimContext<KubernetesFlags>,
    private readonly state: ClusterState,
    private readonly api: ApiServers,
    private readonly apps: readonly AppSpec[],
    private readonly rng: Rng,
  ) {}

  start(host: string): void {
    const { clock, flags } = this.ctx;
    this.host = host;
    this.recommendations = new Map();
    for (const app of this.apps) {
      const sync = () => {
        const i = this.timers.indexOf(timer);
        timer = clock.setTimeout(sync, flags.horizontalPodAutoscalerSyncPeriod);
        if (i >= 0) this.timers[i] = timer;
        this.reconcile(app);
      };
      let timer = clock.setTimeout(
        sync,
        Math.floor(this.rng.uniform(0, flags.horizontalPodAutoscalerSyncPeriod)),
      );
      this.timers.push(timer);
    }
  }

  stop(): void {
    for (const t of this.timers) this.ctx.clock.clearTimeout(t);
    this.timers = [];
    this.host = null;
  }

  private reconcile(app: AppSpec): void {
    const { clock, flags } = this.ctx;
    const spec = app.autoscale!;
    const d = this.state.deployments.get(app.name)!;
    const current = d.replicas;
    const now = clock.now;
    let recs = this.recommendations.get(app.name);
    if (!recs) {
      recs = [{ replicas: current, at: now }];
      this.recommendations.set(app.name, recs);
    }
    if (current === 0 && spec.min > 0) return; // scaling disabled
    let desired: number;
    let reason: string;
    if (current > spec.max) {
      desired = spec.max;
      reason = 'Current number of replicas above Spec.MaxReplicas';
    } else if (current < spec.min) {
      desired = spec.min;
      reason = 'Current number of replicas below Spec.MinReplicas';
    } else {
      const pods = this.hpaPods(d, now);
      if (!pods.some((p) => p.usage !== null && p.ready && !p.cpuInitializing && !p.deleting)) {
        return; // ScalingActive False: FailedGetResourceMetric
      }
      const metric = hpaReplicas({
        currentReplicas: current,
        targetUtilization: spec.targetCPU,
        tolerance: flags.horizontalPodAutoscalerTolerance,
        pods,
      });
      // stabilizeRecommendation: the highest recommendation of the window wins.
      const cutoff = now - flags.horizontalPodAutoscalerDownscaleStabilization;
      let stabilized = metric.replicas;
      let old = -1;
      recs.forEach((r, i) => {
        if (r.at < cutoff) old = i;
        else if (r.replicas > stabilized) stabilized = r.replicas;
      });
      if (old >= 0) recs[old] = { replicas: metric.replicas, at: now };
      else recs.push({ replicas: metric.replicas, at: now });
      const limited = hpaLegacyLimit({
        currentReplicas: current,
        desiredReplicas: stabilized,
        minReplicas: spec.min,
        maxReplicas: spec.max,
      });
      desired = limited.replicas;
      // reconcileAutoscaler names the reason from the metric's proposal, before stabilization
      // and limits (a restored scale-down under low load reads "All metrics below target").
      reason =
        metric.replicas > current
          ? 'cpu resource utilization (percentage of request) above target'
          : 'All metrics below target';
      if (desired === current) return;
      this.rescale(d, current, desired, reason, metric.utilization, limited.reason);
      return;
    }
    this.rescale(d, current, desired, reason, null, null);
  }

  /** The pods as upstream's replica calculator sees them, with the CPU-initialization rules. */
  private hpaPods(d: Deployment, now: number): HpaPod[] {
    const { flags } = this.ctx;
    const out: HpaPod[] = [];
    for (const pod of d.pods) {
      let view = this.views.get(pod);
      if (!view) this.views.set(pod, (view = { ...EMPTY_VIEW }));
      this.hpaPod(view, pod, now, flags);
      out.push(view);
    }
    return out;
  }

  /** One reused view per pod: a large HPA reads tens of thousands of pods per sync. */
  private readonly views = new WeakMap<Pod, HpaPod>();

  private hpaPod(view: HpaPod, pod: Pod, now: number, flags: KubernetesFlags): void {
    const started = pod.containerStartedAt >= 0 ? pod.containerStartedAt : pod.createdAt;
    let cpuInitializing: boolean;
    if (started + flags.horizontalPodAutoscalerCpuInitializationPeriod > now) {
      cpuInitializing =
        !pod.apiReady || pod.metricTime < pod.readyTransitionTime + flags.metricResolution;
    } else {
      cpuInitializing =
        !pod.apiReady &&
        started + flags.horizontalPodAutoscalerInitialReadinessDelay > pod.readyTransitionTime;
    }
    view.request = pod.cpu;
    view.usage = pod.metricUsage;
    view.ready = pod.apiReady;
    view.phase = pod.podPhase === 'Pending' || !pod.node ? 'Pending' : 'Running';
    view.deleting = pod.deleting;
    view.cpuInitializing = cpuInitializing;
  }

  private rescale(
    d: Deployment,
    from: number,
    to: number,
    reason: string,
    utilization: number | null,
    limit: string | null,
  ): void {
    const { recorder } = this.ctx;
    const host = this.host!;
    this.api.request(
      'scale.update',
      `${host}/kube-controller-manager`,
      host,
      () => {
        if (d.replicas !== from) return;
        const event = recorder.emit({
          type: 'app.scaled',
          subject: d.app,
          host,
          native: 'SuccessfulRescale',
          text: `New size: ${to}; reason: ${reason}`,
          data: { from, to, by: 'hpa', utilization, limit },
        });
        this.state.scaleDeployment(d, to, event.seq);
      },
      (ok) => {
        if (ok || this.stalledSaid) return;
        this.stalledSaid = true;
        recorder.emit({
          type: 'hpa.stalled',
          subject: d.app,
          host,
          native: 'FailedRescale',
          text: `The HPA wants ${d.app} at ${to} replicas but cannot write the new scale: kube-apiserver on ${host} has no etcd quorum behind it.`,
          data: { from, to },
        });
      },
    );
  }
}
