// kube-scheduler, the copy that holds the kube-system/kube-scheduler Lease
// (pkg/scheduler/schedule_one.go, internal/queue/scheduling_queue.go, FIDELITY.md §2.5). One pod
// at a time: filter the nodes (from a rotating start, adaptive percentageOfNodesToScore), score
// the feasible ones, pick the best (ties at random from the seeded generator), assume it and bind
// through the API server. A pod that fits nowhere gets FailedScheduling and is parked until a
// node or an assigned pod changes, then retried after its backoff (1, 2, 4, 8, 10 s), or after
// 5 min parked in any case.
// SIMPLIFICATION: v1.32's QueueingHints (each plugin judging whether an event can help a parked
// pod) are not modelled: any node change or assigned-pod deletion moves every parked pod.

import type { Timer } from '../../engine/clock';
import type { Rng } from '../../engine/rng';
import type { SimContext } from '../shared/model';
import type { ApiServers } from './apiServer';
import type { ClusterState } from './clusterState';
import type { KubernetesFlags } from './defaults';
import { kubernetesConstants } from './defaults';
import type { LeaderOnly } from './leadership';
import { leaderOnlyMachine } from './leadership';
import type { NodeObject, Pod } from './objects';
import { podRef } from './objects';
import type { CachedScore, NodeScore } from './schedulerFramework';
import {
  failedSchedulingMessage,
  filterNode,
  numFeasibleNodesToFind,
  scoreNodes,
} from './schedulerFramework';

export const kubeSchedulerMachine = leaderOnlyMachine('kubeScheduler');

interface QueuedPodInfo {
  attempts: number;
  lastAttempt: number;
  parkedAt: number;
}

export class KubeScheduler implements LeaderOnly {
  private host: string | null = null;
  private activeQ: Pod[] = [];
  private inActive = new Set<Pod>();
  private backoffQ = new Set<Pod>();
  private unschedulable = new Set<Pod>();
  private info = new Map<Pod, QueuedPodInfo>();
  private cycleTimer: Timer | null = null;
  private backoffTimer: Timer | null = null;
  private flushTimer: Timer | null = null;
  private moveTimer: Timer | null = null;
  private nextStartNodeIndex = 0;
  private narratedMove = false;
  private readonly scores = new Map<NodeObject, CachedScore>();

  constructor(
    private readonly ctx: SimContext<KubernetesFlags>,
    private readonly state: ClusterState,
    private readonly api: ApiServers,
    private readonly rng: Rng,
  ) {}

  start(host: string): void {
    this.host = host;
    this.activeQ = [];
    this.inActive = new Set();
    this.backoffQ = new Set();
    this.unschedulable = new Set();
    this.info = new Map();
    for (const pod of this.state.pods) if (!pod.node && !pod.deleting) this.add(pod);
    const flush = () => {
      this.flushTimer = this.ctx.clock.setTimeout(
        flush,
        kubernetesConstants.unschedulableFlushPeriod,
      );
      this.flushUnschedulableLeftover();
    };
    this.flushTimer = this.ctx.clock.setTimeout(
      flush,
      kubernetesConstants.unschedulableFlushPeriod,
    );
  }

  stop(): void {
    const { clock } = this.ctx;
    for (const t of [this.cycleTimer, this.backoffTimer, this.flushTimer, this.moveTimer]) {
      if (t) clock.clearTimeout(t);
    }
    this.cycleTimer = this.backoffTimer = this.flushTimer = this.moveTimer = null;
    this.host = null;
  }

  /** A new unassigned pod (the scheduler's pod informer). */
  add(pod: Pod): void {
    if (this.host === null) return;
    this.info.set(pod, { attempts: 0, lastAttempt: -Infinity, parkedAt: 0 });
    this.pushActive(pod);
  }

  private pushActive(pod: Pod): void {
    if (this.inActive.has(pod)) return;
    this.inActive.add(pod);
    this.activeQ.push(pod);
    if (!this.cycleTimer) {
      this.cycleTimer = this.ctx.clock.setTimeout(() => this.runCycles(), 0);
    }
  }

  /** A node changed or an assigned pod went away: parked pods may fit now. */
  clusterEvent(): void {
    if (this.host === null || this.unschedulable.size === 0 || this.moveTimer) return;
    this.moveTimer = this.ctx.clock.setTimeout(() => {
      this.moveTimer = null;
      if (!this.narratedMove && this.unschedulable.size > 0) {
        this.narratedMove = true;
        if (this.ctx.recorder.firstTime('kubernetes/queueing-hints')) {
          this.ctx.recorder.emit({
            type: 'model.simplification',
            subject: 'kube-scheduler',
            host: this.host,
            text: 'The cluster changed, so kube-scheduler moves its parked pods back to the queue. (Simplified: v1.32 first asks each plugin whether the change can help; here every change moves them.)',
          });
        }
      }
      for (const pod of [...this.unschedulable]) this.requeue(pod);
    }, 0);
  }

  private backoffMs(attempts: number): number {
    const { flags } = this.ctx;
    if (attempts <= 0) return 0;
    return Math.min(
      flags.podInitialBackoffSeconds * 2 ** (attempts - 1),
      flags.podMaxBackoffSeconds,
    );
  }

  private requeue(pod: Pod): void {
    this.unschedulable.delete(pod);
    const info = this.info.get(pod);
    if (!info) return;
    if (info.lastAttempt + this.backoffMs(info.attempts) > this.ctx.clock.now) {
      this.backoffQ.add(pod);
      this.armBackoffFlush();
    } else {
      this.pushActive(pod);
    }
  }

  /** flushBackoffQCompleted runs every second. */
  private armBackoffFlush(): void {
    if (this.backoffTimer) return;
    const { clock } = this.ctx;
    this.backoffTimer = clock.setTimeout(() => {
      this.backoffTimer = null;
      for (const pod of [...this.backoffQ]) {
        const info = this.info.get(pod);
        if (!info || info.lastAttempt + this.backoffMs(info.attempts) <= clock.now) {
          this.backoffQ.delete(pod);
          if (info) this.pushActive(pod);
        }
      }
      if (this.backoffQ.size > 0) this.armBackoffFlush();
    }, 1000);
  }

  private flushUnschedulableLeftover(): void {
    const now = this.ctx.clock.now;
    for (const pod of [...this.unschedulable]) {
      const info = this.info.get(pod);
      if (info && now - info.parkedAt > kubernetesConstants.podMaxInUnschedulablePodsDuration) {
        this.requeue(pod);
      }
    }
  }

  private runCycles(): void {
    this.cycleTimer = null;
    const queue = this.activeQ;
    this.activeQ = [];
    for (const pod of queue) {
      this.inActive.delete(pod);
      if (this.host === null) return;
      if (!this.state.pods.has(pod) || pod.node || pod.deleting) {
        this.info.delete(pod);
        continue;
      }
      this.scheduleOne(pod);
    }
  }

  private scheduleOne(pod: Pod): void {
    const { clock, recorder, flags } = this.ctx;
    const nodes = this.state.nodes;
    const all = nodes.length;
    const want = numFeasibleNodesToFind(all, flags.percentageOfNodesToScore);
    const feasible: NodeObject[] = [];
    const reasons = new Map<string, number>();
    let processed = 0;
    for (let i = 0; i < all && feasible.length < want; i++) {
      const node = nodes[(this.nextStartNodeIndex + i) % all]!;
      processed++;
      const failed = filterNode(pod, node);
      if (failed.length === 0) feasible.push(node);
      else for (const r of failed) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    }
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % all;
    const info = this.info.get(pod)!;
    info.attempts++;
    info.lastAttempt = clock.now;
    if (feasible.length === 0) {
      const backoff = this.backoffMs(info.attempts);
      pod.causeSeq = recorder.emit({
        type: 'pod.unschedulable',
        subject: pod.id,
        host: null,
        cause: pod.causeSeq,
        native: 'FailedScheduling',
        text: failedSchedulingMessage(all, reasons),
        data: {
          app: pod.app,
          attempts: info.attempts,
          backoffMs: backoff,
          reasons: Object.fromEntries(reasons),
        },
      }).seq;
      info.parkedAt = clock.now;
      this.unschedulable.add(pod);
      return;
    }
    const scores = scoreNodes(pod, feasible, this.scores);
    let best = -1;
    let ties = 0;
    let chosen = 0;
    // selectHost: reservoir sampling among the top scores.
    for (let i = 0; i < scores.length; i++) {
      const total = scores[i]!.leastAllocated + scores[i]!.balancedAllocation;
      if (total > best) {
        best = total;
        ties = 1;
        chosen = i;
      } else if (total === best) {
        ties++;
        if (this.rng.int(ties) === 0) chosen = i;
      }
    }
    const node = feasible[chosen]!;
    this.state.assume(pod, node);
    const top = topScores(feasible, scores, 10);
    const host = this.host!;
    this.api.request(
      'pod.binding',
      `${host}/kube-scheduler`,
      host,
      () => {
        if (!this.state.pods.has(pod) || pod.node || pod.deleting) {
          if (pod.node !== node) this.state.forget(pod, node);
          return;
        }
        this.state.bind(pod, node);
        if (recorder.firstTime('kubernetes/pod-topology-spread')) {
          recorder.emit({
            type: 'model.simplification',
            subject: 'kube-scheduler',
            host,
            cause: pod.causeSeq,
            text: 'kube-scheduler picks nodes by free resources here; its default PodTopologySpread scoring (spread over zones and hosts) is not modelled.',
          });
        }
        pod.causeSeq = recorder.emit({
          type: 'replica.placed',
          subject: pod.id,
          host: node.name,
          cause: pod.causeSeq,
          native: 'Scheduled',
          text: `Successfully assigned ${podRef(pod)} to ${node.name}`,
          data: {
            app: pod.app,
            node: node.name,
            feasible: feasible.length,
            evaluated: processed,
            scores: top,
          },
        }).seq;
        this.info.delete(pod);
      },
      (ok) => {
        if (ok) return;
        // The binding did not commit: forget the assumed pod and retry after backoff.
        if (pod.node !== node) this.state.forget(pod, node);
        if (this.host === null || !this.state.pods.has(pod)) return;
        info.parkedAt = clock.now;
        this.backoffQ.add(pod);
        this.armBackoffFlush();
      },
    );
  }
}

/** The best `n` nodes by total score, for the inspector: why this node and not another. */
function topScores(nodes: NodeObject[], scores: CachedScore[], n: number): NodeScore[] {
  const top: NodeScore[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const s = scores[i]!;
    const total = s.leastAllocated + s.balancedAllocation;
    if (top.length === n && total <= top[n - 1]!.total) continue;
    const entry = {
      node: nodes[i]!.name,
      leastAllocated: s.leastAllocated,
      balancedAllocation: s.balancedAllocation,
      total,
    };
    let j = top.length;
    while (j > 0 && top[j - 1]!.total < total) j--;
    top.splice(j, 0, entry);
    if (top.length > n) top.pop();
  }
  return top;
}
