// The kubelet on one node (workers and control-plane hosts alike). It renews the node's Lease in
// kube-node-lease every 0.25 × nodeLeaseDurationSeconds (10 s), retrying a failed renewal after
// 200 ms, doubling up to 7 s; it posts node status when it changed (or every 5 min); it runs the
// pods bound to it and reports them Ready. The machine holds the process's life (running,
// connected or cut off, stopped); the loops are plain engine timers, since a transition per
// renewal would cost more than the cluster (DESIGN.md rule 4: pods are records, never actors).

import { setup } from 'xstate';
import type { Actor } from 'xstate';
import type { Timer } from '../../engine/clock';
import type { SimContext } from '../shared/model';
import type { ApiServers } from './apiServer';
import type { ClusterState } from './clusterState';
import type { KubernetesFlags } from './defaults';
import { kubernetesConstants } from './defaults';
import type { NodeObject, Pod } from './objects';
import { refreshPod } from './objects';

type KubeletEvent =
  | { type: 'process.stop' }
  | { type: 'process.start' }
  | { type: 'api.lost' }
  | { type: 'api.back' };

export const kubeletMachine = setup({
  types: {} as {
    context: { kubelet: Kubelet };
    input: { kubelet: Kubelet };
    events: KubeletEvent;
  },
  actions: {
    startLoops: ({ context }) => context.kubelet.startLoops(),
    stopLoops: ({ context }) => context.kubelet.stopLoops(),
    syncPods: ({ context }) => context.kubelet.syncPods(),
  },
}).createMachine({
  id: 'kubelet',
  context: ({ input }) => input,
  initial: 'running',
  states: {
    running: {
      entry: 'startLoops',
      exit: 'stopLoops',
      on: { 'process.stop': 'stopped' },
      initial: 'connected',
      states: {
        connected: { on: { 'api.lost': 'cutOff' } },
        // Renewals fail: the kubelet keeps its pods running and retries with backoff.
        cutOff: { on: { 'api.back': { target: 'connected', actions: 'syncPods' } } },
      },
    },
    stopped: { on: { 'process.start': { target: 'running', actions: 'syncPods' } } },
  },
});

export interface KubeletHooks {
  /** A pod's container became ready and the API recorded it. */
  podReady: (pod: Pod) => void;
}

export class Kubelet {
  actor: Actor<typeof kubeletMachine> | null = null;
  connected = true;
  private leaseTimer: Timer | null = null;
  private statusTimer: Timer | null = null;
  private backoff = 0;
  private lastStatusPost = 0;
  private readonly address: string;

  constructor(
    readonly node: NodeObject,
    private readonly ctx: SimContext<KubernetesFlags>,
    private readonly state: ClusterState,
    private readonly api: ApiServers,
    private readonly hooks: KubeletHooks,
    private readonly leasePhase: number,
    private readonly statusPhase: number,
  ) {
    this.address = `${node.name}/kubelet`;
  }

  get running(): boolean {
    return this.processUp && this.ctx.network.isPowered(this.node.name);
  }

  processUp = true;

  /** Process state for the keyframes: the node's Ready condition as the API has it. */
  processState(): string {
    if (!this.running) return 'stopped';
    return this.node.ready === 'True' ? 'Ready' : 'NotReady';
  }

  startLoops(): void {
    const { clock, flags } = this.ctx;
    const first = clock.now === 0;
    this.connected = true;
    this.backoff = 0;
    this.leaseTimer = clock.setTimeout(this.renewTick, first ? this.leasePhase : 0);
    this.statusOrigin = clock.now + Math.min(this.statusPhase, flags.nodeStatusUpdateFrequency);
    this.statusTimer = clock.at(this.statusOrigin, () => this.statusTick());
  }

  private statusOrigin = 0;

  /** The next tick of the status loop's 10 s grid strictly after `t`. */
  private nextStatusTick(t: number): number {
    const period = this.ctx.flags.nodeStatusUpdateFrequency;
    return this.statusOrigin + (Math.floor((t - this.statusOrigin) / period) + 1) * period;
  }

  /**
   * The kubelet compares its status with the API's copy every 10 s. Ticks that would find
   * nothing to post are skipped (same outcome, fewer timers): the loop sleeps until the next
   * 5 min report unless the node object changes (its watch), which wakes it for the next tick.
   */
  wakeStatus(): void {
    if (!this.statusTimer || !this.running) return;
    const next = this.nextStatusTick(this.ctx.clock.now);
    if (this.statusTimer.at <= next) return;
    this.ctx.clock.clearTimeout(this.statusTimer);
    this.statusTimer = this.ctx.clock.at(next, () => this.statusTick());
  }

  stopLoops(): void {
    const { clock } = this.ctx;
    if (this.leaseTimer) clock.clearTimeout(this.leaseTimer);
    if (this.statusTimer) clock.clearTimeout(this.statusTimer);
    this.leaseTimer = null;
    this.statusTimer = null;
  }

  // One closure of each kind per kubelet, not per renewal: 5,000 nodes renew 500 times a second.
  private readonly renewTick = () => this.renewLease();
  private readonly renewOp = () => {
    this.node.leaseRenewTime = this.ctx.clock.now;
  };
  private readonly renewDone = (ok: boolean) => {
    const { clock } = this.ctx;
    if (!this.running) return;
    if (ok) {
      this.backoff = 0;
      if (!this.connected) {
        this.connected = true;
        this.actor?.send({ type: 'api.back' });
      }
      return;
    }
    // backoffEnsureLease: 200 ms, doubling, at most 7 s, until a renewal lands.
    const c = kubernetesConstants;
    this.backoff =
      this.backoff === 0 ? c.leaseRetryInitial : Math.min(this.backoff * 2, c.leaseRetryMax);
    if (this.leaseTimer) clock.clearTimeout(this.leaseTimer);
    this.leaseTimer = clock.setTimeout(this.renewTick, this.backoff);
    if (this.connected) {
      this.connected = false;
      this.actor?.send({ type: 'api.lost' });
    }
  };

  private renewLease(): void {
    const { clock, flags } = this.ctx;
    this.leaseTimer = clock.setTimeout(this.renewTick, flags.nodeLeaseDurationSeconds * 0.25);
    this.api.request('lease.renew', this.address, null, this.renewOp, this.renewDone);
  }

  /** --node-status-update-frequency: compute status; post it if the API's copy differs. */
  private statusTick(): void {
    const { clock, flags } = this.ctx;
    const node = this.node;
    const stale = clock.now - this.lastStatusPost >= flags.nodeStatusReportFrequency;
    const busy = node.ready !== 'True' || node.podStatusDirty || stale;
    const next = busy
      ? this.nextStatusTick(clock.now)
      : this.nextStatusTick(this.lastStatusPost + flags.nodeStatusReportFrequency - 1);
    this.statusTimer = clock.at(next, () => this.statusTick());
    if (node.ready !== 'True' || stale) {
      this.api.request(
        'node.status',
        this.address,
        null,
        () => {
          node.heartbeatTime = clock.now;
          this.state.setNodeReady(node, 'True', 'KubeletReady');
        },
        (ok) => {
          if (ok) this.lastStatusPost = clock.now;
        },
      );
    }
    if (node.podStatusDirty) this.postPodStatuses();
  }

  /** The status manager: pods whose Ready the API lost (MarkPodsNotReady) are posted again. */
  private postPodStatuses(): void {
    const { clock } = this.ctx;
    const node = this.node;
    this.api.request(
      'pod.status',
      this.address,
      null,
      () => {
        node.podStatusDirty = false;
        for (const pod of node.pods) {
          if (pod.container === 'running' && !pod.deleting && !pod.apiReady) {
            const wasRunning = pod.podPhase === 'Running';
            this.state.setPodRunning(pod, true, clock.now);
            if (!wasRunning) this.hooks.podReady(pod);
          }
        }
      },
      () => {},
    );
  }

  /** A pod was bound here (the kubelet's watch): pull the image, start the container. */
  podBound(pod: Pod): void {
    if (!this.running || !this.connected) return;
    this.startContainer(pod);
  }

  private startContainer(pod: Pod): void {
    const { clock, flags } = this.ctx;
    pod.container = 'creating';
    refreshPod(pod);
    this.state.touch();
    clock.setTimeout(() => {
      if (pod.container !== 'creating' || !this.ctx.network.isPowered(this.node.name)) return;
      pod.container = 'running';
      pod.containerStartedAt = clock.now;
      if (pod.deleting) {
        this.killContainer(pod);
        return;
      }
      refreshPod(pod);
      this.state.touch();
      this.api.request(
        'pod.status',
        this.address,
        null,
        () => {
          if (!this.state.pods.has(pod) || pod.deleting) return;
          this.state.setPodRunning(pod, true, clock.now);
          this.hooks.podReady(pod);
        },
        (ok) => {
          if (ok) return;
          this.node.podStatusDirty = true;
          this.wakeStatus();
        },
      );
    }, flags.replicaStartup);
  }

  /** The pod is Terminating (its watch shows deletionTimestamp): SIGTERM, then confirm. */
  podDeleting(pod: Pod): void {
    if (!this.running || !this.connected) return;
    this.killContainer(pod);
  }

  private killContainer(pod: Pod): void {
    const { clock, flags } = this.ctx;
    if (pod.container === 'running' || pod.container === 'creating') {
      const wasCreating = pod.container === 'creating';
      pod.container = wasCreating ? 'exited' : pod.container;
      clock.setTimeout(
        () => {
          pod.container = 'exited';
          refreshPod(pod);
          this.state.touch();
          this.confirmDeletion(pod);
        },
        wasCreating ? 0 : flags.replicaShutdown,
      );
      return;
    }
    this.confirmDeletion(pod);
  }

  private confirmDeletion(pod: Pod): void {
    if (!this.running) return;
    this.api.request('pod.delete', this.address, null, () => this.state.remove(pod));
  }

  /** Back in touch with the API (or started): reconcile every pod bound here. */
  syncPods(): void {
    if (!this.running) return;
    for (const pod of [...this.node.pods]) {
      if (pod.deleting) this.killContainer(pod);
      else if (pod.container === 'none' || pod.container === 'exited') this.startContainer(pod);
      else if (pod.container === 'running' && !pod.apiReady) this.node.podStatusDirty = true;
    }
  }

  /** The host lost power: every container stops with it. */
  powerOff(): void {
    for (const pod of this.node.pods) {
      pod.container = 'exited';
      refreshPod(pod);
    }
    this.state.touch();
    this.actor?.send({ type: 'process.stop' });
  }
}
