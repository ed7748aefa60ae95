// The ReplicaSet controller (and the Deployment controller that scales it) in the leading
// kube-controller-manager (pkg/controller/replicaset/replica_set.go, controller_utils.go,
// FIDELITY.md §2.4). Only pods neither Failed nor deleting count, so a replacement is created the
// instant its predecessor is marked for deletion, however long that one stays Terminating.
// Creates go out in slow-start batches 1, 2, 4 … (at most BurstReplicas per sync), stopping at a
// failure; scale-down deletes in upstream's order.

import type { Timer } from '../../engine/clock';
import type { Rng } from '../../engine/rng';
import type { SimContext } from '../shared/model';
import type { ApiServers } from './apiServer';
import type { ClusterState } from './clusterState';
import type { KubernetesFlags } from './defaults';
import { kubernetesConstants } from './defaults';
import type { LeaderOnly } from './leadership';
import { leaderOnlyMachine } from './leadership';
import type { Deployment, Pod } from './objects';
import { podRef, randomSuffix } from './objects';

export const replicaSetControllerMachine = leaderOnlyMachine('replicaSetController');

export class ReplicaSetController implements LeaderOnly {
  private host: string | null = null;
  private queue = new Set<Deployment>();
  private flushTimer: Timer | null = null;
  /** Creates and deletes sent but not yet observed (the controller's expectations). */
  private inFlight = new Map<Deployment, number>();
  private failures = new Map<Deployment, number>();
  private retryTimers = new Map<Deployment, Timer>();
  /** Why each missing pod is missing (a deletion, a scale-up), oldest first, for `cause`. */
  private causes = new Map<Deployment, number[]>();

  constructor(
    private readonly ctx: SimContext<KubernetesFlags>,
    private readonly state: ClusterState,
    private readonly api: ApiServers,
    private readonly names: Rng,
  ) {}

  private get address(): string {
    return `${this.host}/kube-controller-manager`;
  }

  start(host: string): void {
    this.host = host;
    this.inFlight = new Map();
    this.failures = new Map();
    for (const d of this.state.deployments.values()) this.enqueue(d, null);
  }

  stop(): void {
    const { clock } = this.ctx;
    if (this.flushTimer) clock.clearTimeout(this.flushTimer);
    for (const t of this.retryTimers.values()) clock.clearTimeout(t);
    this.flushTimer = null;
    this.retryTimers = new Map();
    this.queue = new Set();
    this.host = null;
  }

  enqueue(d: Deployment, cause: number | null): void {
    if (this.host === null) return;
    if (cause !== null) {
      const list = this.causes.get(d) ?? [];
      list.push(cause);
      if (list.length > 2 * kubernetesConstants.burstReplicas) list.shift();
      this.causes.set(d, list);
    }
    this.queue.add(d);
    if (!this.flushTimer) {
      this.flushTimer = this.ctx.clock.setTimeout(() => {
        this.flushTimer = null;
        const batch = [...this.queue];
        this.queue = new Set();
        for (const dep of batch) this.sync(dep);
      }, 0);
    }
  }

  /** The Deployment controller: spec.replicas changed, the ReplicaSet follows. */
  deploymentScaled(d: Deployment, from: number, cause: number | null): void {
    if (this.host === null) return;
    const event = this.ctx.recorder.emit({
      type: 'replicaset.scaled',
      subject: d.replicaSet,
      host: this.host,
      cause,
      native: 'ScalingReplicaSet',
      text: `Scaled ${d.replicas > from ? 'up' : 'down'} replica set ${d.replicaSet} from ${from} to ${d.replicas}`,
      data: { app: d.app, from, to: d.replicas },
    });
    this.enqueue(d, event.seq);
  }

  private sync(d: Deployment): void {
    if (this.host === null || (this.inFlight.get(d) ?? 0) > 0 || this.retryTimers.has(d)) return;
    let active = 0;
    for (const pod of d.pods) if (!pod.deleting) active++;
    const diff = active - d.replicas;
    const causes = this.causes.get(d) ?? [];
    this.causes.set(d, []);
    const last = causes[causes.length - 1] ?? null;
    const cause = () => causes.shift() ?? last;
    if (diff < 0) this.create(d, Math.min(-diff, kubernetesConstants.burstReplicas), cause);
    else if (diff > 0) this.scaleDown(d, Math.min(diff, kubernetesConstants.burstReplicas), last);
  }

  /** slowStartBatch: 1, 2, 4 … creates at once, stopping at the first batch with a failure. */
  private create(d: Deployment, count: number, cause: () => number | null): void {
    let remaining = count;
    let batch = Math.min(remaining, kubernetesConstants.slowStartInitialBatchSize);
    const host = this.host;
    const next = () => {
      if (this.host !== host) return;
      if (remaining <= 0) {
        this.failures.delete(d);
        this.enqueue(d, null);
        return;
      }
      const size = batch;
      let done = 0;
      let failed = 0;
      this.inFlight.set(d, (this.inFlight.get(d) ?? 0) + size);
      for (let i = 0; i < size; i++) {
        this.createPod(d, cause(), (ok) => {
          this.inFlight.set(d, (this.inFlight.get(d) ?? 1) - 1);
          done++;
          if (!ok) failed++;
          if (done < size) return;
          remaining -= size;
          if (failed > 0) {
            this.retry(d);
            return;
          }
          batch = Math.min(remaining, 2 * size);
          next();
        });
      }
    };
    next();
  }

  private createPod(d: Deployment, cause: number | null, done: (ok: boolean) => void): void {
    const { clock, recorder } = this.ctx;
    const name = `${d.replicaSet}-${randomSuffix(() => this.names.next(), 5)}`;
    this.api.request(
      'pod.create',
      this.address,
      this.host,
      () => {
        const pod = this.state.newPod(d, name, clock.now);
        pod.causeSeq = recorder.emit({
          type: 'replica.created',
          subject: pod.id,
          host: null,
          cause,
          native: 'SuccessfulCreate',
          text: `Created pod: ${pod.id}`,
          data: { app: d.app, replicaSet: d.replicaSet },
        }).seq;
        this.state.addPod(pod);
      },
      done,
    );
  }

  /** The workqueue's per-item backoff: 5 ms doubling up to 1000 s. */
  private retry(d: Deployment): void {
    const n = (this.failures.get(d) ?? 0) + 1;
    this.failures.set(d, n);
    const c = kubernetesConstants;
    const delay = Math.min(c.workqueueBaseDelay * 2 ** (n - 1), c.workqueueMaxDelay);
    const timer = this.ctx.clock.setTimeout(() => {
      this.retryTimers.delete(d);
      this.enqueue(d, null);
    }, delay);
    this.retryTimers.set(d, timer);
  }

  private scaleDown(d: Deployment, count: number, cause: number | null): void {
    const { recorder } = this.ctx;
    const victims = rankForDeletion(
      [...d.pods].filter((p) => !p.deleting),
      this.ctx.clock.now,
    ).slice(0, count);
    this.inFlight.set(d, (this.inFlight.get(d) ?? 0) + victims.length);
    let failed = 0;
    let done = 0;
    for (const pod of victims) {
      this.api.request(
        'pod.delete',
        this.address,
        this.host,
        () => {
          if (!this.state.pods.has(pod) || pod.deleting) return;
          pod.causeSeq = recorder.emit({
            type: 'replica.stopped',
            subject: pod.id,
            host: pod.host,
            cause,
            native: 'SuccessfulDelete',
            text: `Deleted pod: ${pod.id} (${podRef(pod)} is Terminating: SIGTERM, then ${this.ctx.flags.replicaShutdown / 1000} s to exit).`,
            data: { app: d.app, reason: 'scale-down' },
          }).seq;
          this.state.markDeleting(pod, 'ScaleDown');
          if (!pod.node) this.state.remove(pod);
        },
        (ok) => {
          this.inFlight.set(d, (this.inFlight.get(d) ?? 1) - 1);
          if (!ok) failed++;
          if (++done < victims.length) return;
          if (failed > 0) this.retry(d);
          else this.enqueue(d, null);
        },
      );
    }
  }
}

/**
 * controller.ActivePodsWithRanks with LogarithmicScaleDown (FIDELITY.md §2.4): unassigned first;
 * Pending before Running; not Ready before Ready; (equal deletion cost); more siblings on the
 * same node first; Ready for less time in log₂ buckets; then by UID (random upstream: our names'
 * random suffix); (equal restarts); newer first.
 */
export function rankForDeletion(pods: Pod[], now: number): Pod[] {
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.host) perNode.set(p.host, (perNode.get(p.host) ?? 0) + 1);
  // logarithmicRankDiff: log₂ of a time.Duration, in nanoseconds (−1 for none).
  const bucket = (p: Pod) => {
    const ms = now - p.readyTransitionTime;
    return ms > 0 ? Math.floor(Math.log2(ms * 1e6)) : -1;
  };
  return pods.sort((a, b) => {
    if ((a.node === null) !== (b.node === null)) return a.node === null ? -1 : 1;
    if (a.podPhase !== b.podPhase) return a.podPhase === 'Pending' ? -1 : 1;
    if (a.apiReady !== b.apiReady) return a.apiReady ? 1 : -1;
    const ra = a.host ? perNode.get(a.host)! : 0;
    const rb = b.host ? perNode.get(b.host)! : 0;
    if (ra !== rb) return rb - ra;
    if (a.apiReady && b.apiReady) {
      const d = bucket(a) - bucket(b);
      if (d !== 0) return d;
    }
    if (a.id !== b.id) return a.id < b.id ? -1 : 1;
    return b.createdAt - a.createdAt;
  });
}
