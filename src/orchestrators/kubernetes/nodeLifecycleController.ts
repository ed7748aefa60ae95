// The node lifecycle controller inside the leading kube-controller-manager
// (pkg/controller/nodelifecycle/node_lifecycle_controller.go, FIDELITY.md §2.2): a health pass
// every nodeMonitorPeriod; a node silent past nodeMonitorGracePeriod turns Unknown
// (NodeStatusUnknown), its pods lose Ready, it gets the NoSchedule unreachable taint at once and,
// one pass later, the NoExecute one through its zone's rate-limited queue. All of it is the
// leader's memory: a new leader starts every node with a fresh probeTimestamp.

import type { Timer } from '../../engine/clock';
import type { SimContext } from '../shared/model';
import type { ApiServers } from './apiServer';
import type { ClusterState } from './clusterState';
import type { KubernetesFlags } from './defaults';
import { kubernetesConstants } from './defaults';
import type { LeaderOnly } from './leadership';
import { leaderOnlyMachine } from './leadership';
import type { ConditionStatus, NodeObject } from './objects';
import { TAINT_NOT_READY, TAINT_UNREACHABLE } from './objects';
import type { ZoneState } from './zones';
import { TokenBucket, computeZoneState, zoneLabel, zoneRate, zoneStateText } from './zones';

export const nodeLifecycleControllerMachine = leaderOnlyMachine('nodeLifecycleController');

interface NodeHealth {
  probeTimestamp: number;
  seenHeartbeat: number;
  seenLease: number;
  /** The Ready condition the controller saw at its last pass. */
  lastReady: ConditionStatus;
  /** `seq` of this node's host.unreachable, for `cause`. */
  unreachableSeq: number | null;
}

interface ZoneTainter {
  state: ZoneState | 'Initial';
  queue: NodeObject[];
  queued: Set<NodeObject>;
  limiter: TokenBucket;
}

export class NodeLifecycleController implements LeaderOnly {
  private host: string | null = null;
  private health = new Map<NodeObject, NodeHealth>();
  private zones = new Map<string, ZoneTainter>();
  private passTimer: Timer | null = null;
  private taintTimer: Timer | null = null;
  private allFull = false;
  private taintPhase = 0;

  constructor(
    private readonly ctx: SimContext<KubernetesFlags>,
    private readonly state: ClusterState,
    private readonly api: ApiServers,
  ) {}

  private get address(): string {
    return `${this.host}/kube-controller-manager`;
  }

  start(host: string): void {
    this.host = host;
    this.health = new Map();
    this.zones = new Map();
    this.allFull = false;
    this.taintPhase = this.ctx.clock.now % kubernetesConstants.nodeEvictionPeriod;
    // wait.Until runs the first pass at once, then every nodeMonitorPeriod.
    const pass = () => {
      this.passTimer = this.ctx.clock.setTimeout(pass, this.ctx.flags.nodeMonitorPeriod);
      this.monitorNodeHealth();
    };
    this.passTimer = this.ctx.clock.setTimeout(
      pass,
      this.ctx.clock.now === 0 ? this.firstPhase : 0,
    );
  }

  firstPhase = 0;

  stop(): void {
    this.host = null;
    if (this.passTimer) this.ctx.clock.clearTimeout(this.passTimer);
    if (this.taintTimer) this.ctx.clock.clearTimeout(this.taintTimer);
    this.passTimer = null;
    this.taintTimer = null;
  }

  /** Whether this node's taints or queue entry say the controller has given up on it. */
  unreachableSeq(node: NodeObject): number | null {
    return this.health.get(node)?.unreachableSeq ?? null;
  }

  private zone(node: NodeObject): ZoneTainter {
    let zone = this.zones.get(node.zone);
    if (!zone) {
      zone = {
        state: 'Initial',
        queue: [],
        queued: new Set(),
        limiter: new TokenBucket(this.ctx.flags.nodeEvictionRate, 1, this.ctx.clock.now),
      };
      this.zones.set(node.zone, zone);
    }
    return zone;
  }

  private monitorNodeHealth(): void {
    const { clock, flags } = this.ctx;
    const now = clock.now;
    const counts = new Map<string, { ready: number; notReady: number }>();
    for (const node of this.state.nodes) {
      let h = this.health.get(node);
      if (!h) {
        // A node this instance never saw starts its grace now.
        h = {
          probeTimestamp: now,
          seenHeartbeat: node.heartbeatTime,
          seenLease: node.leaseRenewTime,
          lastReady: node.ready,
          unreachableSeq: null,
        };
        this.health.set(node, h);
      }
      const observed = node.ready;
      if (node.heartbeatTime > h.seenHeartbeat || node.leaseRenewTime > h.seenLease) {
        h.seenHeartbeat = node.heartbeatTime;
        h.seenLease = node.leaseRenewTime;
        h.probeTimestamp = now;
      }
      let current = observed;
      // Upstream tests now.After(probeTimestamp + grace). Its passes run every period *after*
      // the last one finished (wait.Until is sliding), so they drift a little later each time and
      // the pass that lands on probe + grace is already past it: on our exact 5 s grid that is
      // `>=`: a node turns Unknown 50–55 s after its last heartbeat arrived (seen at the next
      // pass, 0–5 s later, then 50 s of grace).
      if (observed !== 'Unknown' && now >= h.probeTimestamp + flags.nodeMonitorGracePeriod) {
        this.markUnknown(node, h);
        current = 'Unknown';
      } else if (observed === 'True' && h.lastReady !== 'True') {
        this.markReachable(node, h);
      }
      if (!this.allFull) this.processTaintBaseEviction(node, observed);
      h.lastReady = observed === current ? observed : h.lastReady;
      let zone = counts.get(node.zone);
      if (!zone) counts.set(node.zone, (zone = { ready: 0, notReady: 0 }));
      if (current === 'True') zone.ready++;
      else zone.notReady++;
    }
    this.handleDisruption(counts);
  }

  private markUnknown(node: NodeObject, h: NodeHealth): void {
    const { clock, flags, recorder } = this.ctx;
    const grace = flags.nodeMonitorGracePeriod / 1000;
    this.api.request('node.status', this.address, this.host, () => {
      if (node.ready === 'Unknown') return;
      const from = node.ready;
      this.state.setNodeReady(node, 'Unknown', 'NodeStatusUnknown');
      h.lastReady = 'Unknown';
      // MarkPodsNotReady: Services stop routing to them; the kubelet reposts Ready when back.
      let pods = 0;
      for (const pod of node.pods) {
        if (pod.apiReady) {
          this.state.setPodReady(pod, false, clock.now);
          pods++;
        }
      }
      node.podStatusDirty = pods > 0 || node.podStatusDirty;
      const event = recorder.emit({
        type: 'host.unreachable',
        subject: node.name,
        host: node.name,
        cause: node.faultSeq,
        native: 'NodeStatusUnknown',
        text: `${node.name} has not renewed its Lease for ${grace} s (node-monitor-grace-period): Ready is Unknown, "Kubelet stopped posting node status." Its ${pods} pods are marked not Ready and leave their Services.`,
        data: { condition: 'Ready', from, to: 'Unknown', podsNotReady: pods },
      });
      h.unreachableSeq = event.seq;
      // doNoScheduleTaintingPass, on the node update: unthrottled.
      this.api.request('node.taint', this.address, this.host, () => {
        this.state.setTaints(
          node,
          [{ key: TAINT_UNREACHABLE, effect: 'NoSchedule' }],
          [{ key: TAINT_NOT_READY, effect: 'NoSchedule' }],
        );
      });
    });
  }

  private markReachable(node: NodeObject, h: NodeHealth): void {
    h.lastReady = 'True';
    this.ctx.recorder.emit({
      type: 'host.reachable',
      subject: node.name,
      host: node.name,
      cause: h.unreachableSeq ?? node.faultSeq,
      native: 'NodeReady',
      text: `${node.name} posted Ready=True again: the node lifecycle controller removes its unreachable taints and cancels what was pending.`,
      data: { condition: 'Ready', to: 'True' },
    });
    this.api.request('node.taint', this.address, this.host, () => {
      this.state.setTaints(
        node,
        [],
        [
          { key: TAINT_UNREACHABLE, effect: 'NoSchedule' },
          { key: TAINT_NOT_READY, effect: 'NoSchedule' },
        ],
      );
    });
  }

  /** The NoExecute taint follows the condition as it was at the start of the pass. */
  private processTaintBaseEviction(node: NodeObject, observed: ConditionStatus): void {
    const zone = this.zone(node);
    const hasUnreachable = this.state.hasTaint(node, TAINT_UNREACHABLE, 'NoExecute');
    const hasNotReady = this.state.hasTaint(node, TAINT_NOT_READY, 'NoExecute');
    if (observed === 'True') {
      if (zone.queued.has(node)) {
        zone.queued.delete(node);
        zone.queue = zone.queue.filter((n) => n !== node);
      }
      if (hasUnreachable || hasNotReady) this.removeNoExecute(node);
      return;
    }
    const [want, other] =
      observed === 'Unknown'
        ? [TAINT_UNREACHABLE, TAINT_NOT_READY]
        : [TAINT_NOT_READY, TAINT_UNREACHABLE];
    if (this.state.hasTaint(node, want, 'NoExecute')) return;
    if (this.state.hasTaint(node, other, 'NoExecute')) {
      // SwapNodeControllerTaint: the two keys swap in place, unthrottled.
      this.taint(node, want, other);
      return;
    }
    if (!zone.queued.has(node)) {
      zone.queued.add(node);
      zone.queue.push(node);
      this.armTaintPass();
    }
  }

  private removeNoExecute(node: NodeObject): void {
    this.api.request('node.taint', this.address, this.host, () => {
      this.state.setTaints(
        node,
        [],
        [
          { key: TAINT_UNREACHABLE, effect: 'NoExecute' },
          { key: TAINT_NOT_READY, effect: 'NoExecute' },
        ],
      );
    });
  }

  private taint(node: NodeObject, key: string, remove: string, onFail?: () => void): void {
    const { flags, recorder } = this.ctx;
    const seq = this.health.get(node)?.unreachableSeq ?? node.faultSeq;
    this.api.request(
      'node.taint',
      this.address,
      this.host,
      () => {
        const changed = this.state.setTaints(
          node,
          [{ key, effect: 'NoExecute' }],
          [{ key: remove, effect: 'NoExecute' }],
        );
        if (!changed) return;
        const tolerate =
          (key === TAINT_UNREACHABLE
            ? flags.defaultUnreachableTolerationSeconds
            : flags.defaultNotReadyTolerationSeconds) / 1000;
        node.noExecuteSeq = recorder.emit({
          type: 'node.tainted',
          subject: node.name,
          host: node.name,
          cause: seq,
          native: `${key}:NoExecute`,
          text: `The node lifecycle controller taints ${node.name} ${key}:NoExecute (at most ${flags.nodeEvictionRate} nodes/s per zone, --node-eviction-rate). Its pods tolerate it for ${tolerate} s (default-${key === TAINT_UNREACHABLE ? 'unreachable' : 'not-ready'}-toleration-seconds).`,
          data: { key, effect: 'NoExecute', zone: zoneLabel(node.zone) },
        }).seq;
      },
      (ok) => {
        if (!ok) onFail?.();
      },
    );
  }

  /** doNoExecuteTaintingPass runs every 100 ms; here only while some zone has a queue. */
  private armTaintPass(): void {
    if (this.taintTimer || this.host === null) return;
    const { clock } = this.ctx;
    const period = kubernetesConstants.nodeEvictionPeriod;
    const next = Math.floor((clock.now - this.taintPhase) / period + 1) * period + this.taintPhase;
    this.taintTimer = clock.at(next, () => {
      this.taintTimer = null;
      this.doNoExecuteTaintingPass();
    });
  }

  private doNoExecuteTaintingPass(): void {
    const now = this.ctx.clock.now;
    let pending = false;
    for (const zone of this.zones.values()) {
      while (zone.queue.length > 0) {
        if (!zone.limiter.tryAccept(now)) break;
        const node = zone.queue.shift()!;
        zone.queued.delete(node);
        if (node.ready === 'Unknown') {
          this.taint(node, TAINT_UNREACHABLE, TAINT_NOT_READY, () => this.requeue(zone, node));
        } else if (node.ready === 'False') {
          this.taint(node, TAINT_NOT_READY, TAINT_UNREACHABLE, () => this.requeue(zone, node));
        }
      }
      if (zone.queue.length > 0) pending = true;
    }
    if (pending) this.armTaintPass();
  }

  private requeue(zone: ZoneTainter, node: NodeObject): void {
    if (this.host === null || zone.queued.has(node)) return;
    zone.queued.add(node);
    zone.queue.push(node);
    this.armTaintPass();
  }

  /** handleDisruption: per-zone states and the rate of each zone's tainting queue. */
  private handleDisruption(counts: Map<string, { ready: number; notReady: number }>): void {
    const { flags, clock, recorder } = this.ctx;
    const newStates = new Map<string, ZoneState>();
    let allAreFull = true;
    for (const [zone, c] of counts) {
      const s = computeZoneState(c.ready, c.notReady, flags.unhealthyZoneThreshold);
      newStates.set(zone, s);
      if (s !== 'FullDisruption') allAreFull = false;
    }
    const allWereFull = this.allFull;
    if (allAreFull && !allWereFull) {
      // Every zone fully disrupted: the controller blames itself (or its network) and stops.
      this.allFull = true;
      for (const node of this.state.nodes) {
        if (
          this.state.hasTaint(node, TAINT_UNREACHABLE, 'NoExecute') ||
          this.state.hasTaint(node, TAINT_NOT_READY, 'NoExecute')
        )
          this.removeNoExecute(node);
      }
      for (const zone of this.zones.values()) {
        zone.queue = [];
        zone.queued.clear();
        zone.limiter = new TokenBucket(0, 1, clock.now);
        zone.state = 'FullDisruption';
      }
      recorder.emit({
        type: 'node.disruption',
        subject: 'kube-controller-manager',
        host: this.host,
        native: 'FullDisruption',
        text: 'No node in any zone is Ready: the node lifecycle controller assumes the fault is its own, removes its NoExecute taints and stops tainting until a node is Ready again.',
        data: { zones: [...newStates.keys()].map(zoneLabel) },
      });
      return;
    }
    if (allWereFull && !allAreFull) {
      this.allFull = false;
      for (const h of this.health.values()) h.probeTimestamp = clock.now;
      for (const [zone, s] of newStates) this.setZoneState(zone, s, counts.get(zone)!);
      recorder.emit({
        type: 'node.disruption',
        subject: 'kube-controller-manager',
        host: this.host,
        native: 'Normal',
        text: 'A node is Ready again: the node lifecycle controller leaves full disruption and gives every node a fresh grace period.',
        data: {},
      });
      return;
    }
    if (allAreFull) return;
    for (const [zone, s] of newStates) {
      const tainter = this.zones.get(zone);
      if (tainter && tainter.state !== s) this.setZoneState(zone, s, counts.get(zone)!);
    }
  }

  private setZoneState(zone: string, s: ZoneState, c: { ready: number; notReady: number }): void {
    const { flags, clock, recorder } = this.ctx;
    const tainter = this.zones.get(zone);
    if (!tainter) return;
    const size = c.ready + c.notReady;
    const was = tainter.state;
    tainter.state = s;
    // setLimiterInZone: Normal and FullDisruption taint at --node-eviction-rate; a partially
    // disrupted zone at the secondary rate if it is large, else not at all.
    const qps = zoneRate(s, size, flags);
    tainter.limiter = new TokenBucket(qps, kubernetesConstants.evictionRateLimiterBurst, clock.now);
    if (was === 'Initial' && s === 'Normal') return;
    recorder.emit({
      type: 'node.disruption',
      subject: 'kube-controller-manager',
      host: this.host,
      native: s,
      text: zoneStateText(zone, s, c.notReady, size, qps, flags),
      data: { zone: zoneLabel(zone), ready: c.ready, notReady: c.notReady, qps },
    });
  }
}
