// The taint eviction controller in the leading kube-controller-manager
// (pkg/controller/tainteviction/taint_eviction.go, FIDELITY.md §2.3). Every pod carries the
// API server's default tolerations of node.kubernetes.io/not-ready and unreachable:NoExecute for
// 300 s, so a NoExecute taint deletes the pod after the least matching tolerationSeconds, counted
// from when this controller saw the taint; a taint gone first cancels the deletion.

import type { Timer } from '../../engine/clock';
import type { SimContext } from '../shared/model';
import type { ApiServers } from './apiServer';
import type { ClusterState } from './clusterState';
import type { KubernetesFlags } from './defaults';
import type { LeaderOnly } from './leadership';
import { leaderOnlyMachine } from './leadership';
import type { NodeObject, Pod } from './objects';
import { TAINT_NOT_READY, TAINT_UNREACHABLE, podRef } from './objects';

export const taintEvictionControllerMachine = leaderOnlyMachine('taintEvictionController');

interface Scheduled {
  startTime: number;
  trigger: number;
  timer: Timer;
}

export class TaintEvictionController implements LeaderOnly {
  private host: string | null = null;
  private scheduled = new Map<Pod, Scheduled>();

  constructor(
    private readonly ctx: SimContext<KubernetesFlags>,
    private readonly state: ClusterState,
    private readonly api: ApiServers,
  ) {}

  start(host: string): void {
    this.host = host;
    this.scheduled = new Map();
    for (const node of this.state.nodes)
      if (this.noExecute(node).length > 0) this.nodeChanged(node);
  }

  stop(): void {
    for (const s of this.scheduled.values()) this.ctx.clock.clearTimeout(s.timer);
    this.scheduled = new Map();
    this.host = null;
  }

  private noExecute(node: NodeObject): string[] {
    const keys: string[] = [];
    for (const t of node.taints) if (t.effect === 'NoExecute') keys.push(t.key);
    return keys;
  }

  /** The node's taints changed (the controller's node informer). */
  nodeChanged(node: NodeObject): void {
    if (this.host === null) return;
    for (const pod of node.pods) this.processPod(pod, node);
  }

  podBound(pod: Pod): void {
    if (this.host === null || !pod.node) return;
    if (this.noExecute(pod.node).length > 0) this.processPod(pod, pod.node);
  }

  podGone(pod: Pod): void {
    const s = this.scheduled.get(pod);
    if (s) {
      this.ctx.clock.clearTimeout(s.timer);
      this.scheduled.delete(pod);
    }
  }

  private toleration(key: string): number | null {
    const { flags } = this.ctx;
    if (key === TAINT_UNREACHABLE) return flags.defaultUnreachableTolerationSeconds;
    if (key === TAINT_NOT_READY) return flags.defaultNotReadyTolerationSeconds;
    return null; // untolerated
  }

  private processPod(pod: Pod, node: NodeObject): void {
    if (pod.deleting) return;
    const { clock, recorder } = this.ctx;
    const keys = this.noExecute(node);
    const existing = this.scheduled.get(pod);
    if (keys.length === 0) {
      if (existing) {
        clock.clearTimeout(existing.timer);
        this.scheduled.delete(pod);
        recorder.emit({
          type: 'pod.evictionCancelled',
          subject: pod.id,
          host: node.name,
          cause: node.faultSeq,
          native: 'TaintManagerEviction',
          text: `Cancelling deletion of Pod ${podRef(pod)}: ${node.name} lost its NoExecute taint before the toleration ran out.`,
          data: { node: node.name },
        });
      }
      return;
    }
    let min = Infinity;
    for (const key of keys) {
      const t = this.toleration(key);
      min = Math.min(min, t === null ? 0 : t);
    }
    const now = clock.now;
    let startTime = now;
    if (existing) {
      startTime = existing.startTime;
      if (startTime + min >= existing.trigger) return;
      clock.clearTimeout(existing.timer);
    }
    const trigger = startTime + min;
    const key = keys[0]!;
    const timer = clock.at(trigger, () => {
      this.scheduled.delete(pod);
      this.evict(pod, node, key, min);
    });
    this.scheduled.set(pod, { startTime, trigger, timer });
  }

  private evict(pod: Pod, node: NodeObject, key: string, tolerated: number): void {
    const { recorder } = this.ctx;
    if (this.host === null) return;
    // A failed delete is dropped (upstream retries 5 times within ms, then gives up until the
    // pod or node changes again).
    this.api.request('pod.delete', `${this.host}/kube-controller-manager`, this.host, () => {
      if (!this.state.pods.has(pod) || pod.deleting) return;
      const event = recorder.emit({
        type: 'replica.lost',
        subject: pod.id,
        host: node.name,
        cause: node.noExecuteSeq ?? node.faultSeq,
        native: 'TaintManagerEviction',
        text: `Marking for deletion Pod ${podRef(pod)}: it tolerated ${key}:NoExecute for ${tolerated / 1000} s (default-${key === TAINT_UNREACHABLE ? 'unreachable' : 'not-ready'}-toleration-seconds). Condition DisruptionTarget, reason DeletionByTaintManager; it stays Terminating while its kubelet is away.`,
        data: { node: node.name, reason: 'DeletionByTaintManager', app: pod.app },
      });
      pod.causeSeq = event.seq;
      this.state.markDeleting(pod, 'DeletionByTaintManager');
    });
  }
}
