// A ZooKeeper 3.9 server (sid N on control-N) and the ensemble's shared data: fast leader election
// with the real vote order (FastLeaderElection.java: zkVoteWins), ZAB discovery and sync as one
// round trip per phase (Leader.java, Learner.java), leader pings every tickTime/2, step-down after
// syncLimit ticks without a quorum, and followers LOOKING after syncLimit ticks of silence
// (FIDELITY.md §6). The ensemble is zkEnsemble.ts, sessions and znodes zkData.ts, clients
// zkClient.ts.

import { createActor } from 'xstate';
import type { ZkHooks, ZkState } from './zookeeperMachine';
import { zookeeperServerMachine } from './zookeeperMachine';
import type { Vote } from '../../algorithms';
import type { Timer } from '../../engine/clock';
import type { Message } from '../../run/types';
import type { Notification } from './fastLeaderElection';
import { FastLeaderElection } from './fastLeaderElection';
import type { MesosWorld } from './world';
import { causeFor } from './world';
import type { ZkEnsemble } from './zkEnsemble';

export type { ZkState } from './zookeeperMachine';

export class ZkServer {
  readonly addr: string;
  readonly actor;
  readonly election: FastLeaderElection;
  acceptedEpoch = 1;
  currentEpoch = 1;
  lastZxid = 0;
  leaderSid: number | null = null;
  serving = false;
  private loopTimer: Timer | null = null;
  private initTimer: Timer | null = null;
  private lastHeard = 0;
  /** Leader: followers in discovery (their acceptedEpoch), synced followers and their last ACK. */
  private connecting = new Map<number, number>();
  private newEpoch: number | null = null;
  readonly synced = new Set<number>();
  private lastAck = new Map<number, number>();
  private settled: boolean;

  constructor(
    private readonly world: MesosWorld,
    private readonly ens: ZkEnsemble,
    readonly sid: number,
    readonly host: string,
    initial: ZkState,
    zxid: number,
  ) {
    this.addr = `${host}/zookeeper`;
    this.lastZxid = zxid;
    this.election = new FastLeaderElection(this, ens, world.ctx.clock, world.flags);
    this.settled = initial !== 'LOOKING';
    if (this.settled) {
      this.election.settle({ sid: ens.size, zxid, epoch: 1 });
      this.leaderSid = ens.size;
      this.serving = true;
    }
    const hooks: ZkHooks = {
      lookForLeader: () => this.lookForLeader(),
      lead: () => this.lead(),
      follow: () => this.follow(),
      shutdown: () => this.shutdown(),
    };
    this.actor = createActor(zookeeperServerMachine, {
      clock: world.ctx.clock,
      input: { hooks, initial },
    });
  }

  start(): void {
    this.actor.start();
    this.settled = false;
  }

  /**
   * The state the machine is in or entering: set first thing by each entry hook, since xstate
   * publishes the new snapshot only after the entry actions have run.
   */
  get state(): ZkState {
    return this.current ?? (this.actor.getSnapshot().value as ZkState);
  }

  private current: ZkState | null = null;

  get up(): boolean {
    return this.state !== 'stopped';
  }

  private get clock() {
    return this.world.ctx.clock;
  }

  private get flags() {
    return this.world.flags;
  }

  selfVote(): Vote {
    return { sid: this.sid, zxid: this.lastZxid, epoch: this.currentEpoch };
  }

  send(kind: string, to: ZkServer, deliver: () => void): void {
    this.world.ctx.network.send(kind, this.addr, to.addr, () => {
      if (to.up) deliver();
    });
  }

  private emitState(state: ZkState, text: string): void {
    this.world.ctx.recorder.emit({
      type: 'zk.state',
      subject: 'zookeeper',
      host: this.host,
      cause: causeFor(this.world, this.host),
      native: state,
      text,
      data: {
        sid: this.sid,
        epoch: this.currentEpoch,
        zxid: this.lastZxid,
        round: this.election.round,
      },
    });
  }

  // Election: fastLeaderElection.ts

  private lookForLeader(): void {
    this.stopRole();
    this.current = 'LOOKING';
    this.election.look();
    this.emitState(
      'LOOKING',
      `ZooKeeper server ${this.sid} on ${this.host} is LOOKING: it votes for itself (epoch ${this.currentEpoch}, zxid 0x${this.lastZxid.toString(16)}) and tells the others.`,
    );
    this.election.begin();
  }

  /** A peer's election notification arrived. */
  onNotification(n: Notification): void {
    this.election.onNotification(n);
  }

  /** The election settled on `leader`: FOLLOWING or LEADING. */
  elected(leader: number): void {
    this.leaderSid = leader;
    this.actor.send({ type: 'elected', leader: leader === this.sid });
  }

  // ZAB (Leader.lead, Learner.followLeader), one round trip per phase

  private lead(): void {
    if (!this.settled) this.stopRole();
    this.current = 'LEADING';
    this.leaderSid = this.sid;
    this.connecting.clear();
    this.synced.clear();
    this.lastAck.clear();
    if (this.settled) {
      for (const s of this.ens.servers) if (s !== this) this.synced.add(s.sid);
      for (const sid of this.synced) this.lastAck.set(sid, this.clock.now);
      this.newEpoch = this.currentEpoch;
      this.startLeaderLoop();
      return;
    }
    this.newEpoch = null;
    this.emitState(
      'LEADING',
      `ZooKeeper server ${this.sid} on ${this.host} won the election: LEADING, it waits for a quorum of followers to sync (initLimit × tickTime).`,
    );
    this.initTimer = this.clock.setTimeout(() => {
      if (this.state === 'LEADING' && !this.serving) {
        this.world.ctx.recorder.emit({
          type: 'zk.state',
          subject: 'zookeeper',
          host: this.host,
          cause: causeFor(this.world, null),
          native: 'Timeout while waiting for epoch from quorum',
          text: `ZooKeeper server ${this.sid} got no quorum of followers within initLimit × tickTime (${(this.flags.initLimit * this.flags.tickTime) / 1000} s) and looks again.`,
        });
        this.actor.send({ type: 'look' });
      }
    }, this.flags.initLimit * this.flags.tickTime);
    this.onFollowerInfo(this.sid, this.acceptedEpoch);
  }

  private follow(): void {
    if (!this.settled) this.stopRole();
    this.current = 'FOLLOWING';
    this.lastHeard = this.clock.now;
    const leader = this.leaderSid === null ? null : this.ens.servers[this.leaderSid - 1]!;
    if (!this.settled) {
      this.emitState(
        'FOLLOWING',
        `ZooKeeper server ${this.sid} on ${this.host} is FOLLOWING server ${this.leaderSid} and syncs with it.`,
      );
      if (leader) this.connectToLeader(leader);
    }
    this.startFollowerWatch();
  }

  /**
   * Learner.connectToLeader: FOLLOWERINFO, retried every leaderConnectDelayDuringRetryMs
   * (100 ms) until the leader, which may not have finished its own election yet, answers.
   */
  private connectToLeader(leader: ZkServer): void {
    const epoch = this.acceptedEpoch;
    this.send('FOLLOWERINFO', leader, () => leader.onFollowerInfo(this.sid, epoch));
    this.initTimer = this.clock.setTimeout(() => {
      this.initTimer = null;
      if (this.state === 'FOLLOWING' && this.acceptedEpoch === epoch && !this.serving) {
        this.connectToLeader(leader);
      }
    }, 100);
  }

  private onFollowerInfo(sid: number, acceptedEpoch: number): void {
    if (this.state !== 'LEADING') return;
    this.connecting.set(sid, acceptedEpoch);
    if (this.newEpoch === null) {
      if (this.connecting.size < this.ens.quorum) return;
      // The new epoch is one more than any epoch the quorum has accepted.
      this.newEpoch = Math.max(...this.connecting.values()) + 1;
      this.acceptedEpoch = this.newEpoch;
      for (const s of this.connecting.keys()) if (s !== this.sid) this.sendLeaderInfo(s);
    } else if (sid !== this.sid) this.sendLeaderInfo(sid);
  }

  private sendLeaderInfo(sid: number): void {
    const f = this.ens.servers[sid - 1]!;
    const epoch = this.newEpoch!;
    this.send('LEADERINFO', f, () => {
      if (f.state !== 'FOLLOWING' || f.leaderSid !== this.sid) return;
      f.acceptedEpoch = epoch;
      f.send('ACKEPOCH', this, () => this.onAckEpoch(sid));
    });
  }

  private onAckEpoch(sid: number): void {
    if (this.state !== 'LEADING') return;
    const f = this.ens.servers[sid - 1]!;
    const epoch = this.newEpoch!;
    // NEWLEADER carries the sync (DIFF/SNAP); the follower ACKs it.
    this.send('NEWLEADER', f, () => {
      if (f.state !== 'FOLLOWING' || f.leaderSid !== this.sid) return;
      f.currentEpoch = epoch;
      f.lastZxid = this.lastZxid;
      f.lastHeard = this.clock.now;
      f.send('ACK', this, () => this.onAck(sid));
    });
  }

  private onAck(sid: number): void {
    if (this.state !== 'LEADING') return;
    this.synced.add(sid);
    this.lastAck.set(sid, this.clock.now);
    if (!this.serving && this.synced.size + 1 >= this.ens.quorum) {
      this.clock.clearTimeout(this.initTimer);
      this.currentEpoch = this.newEpoch!;
      this.lastZxid = this.currentEpoch * 2 ** 32;
      this.serving = true;
      for (const s of this.synced) this.sendUpToDate(s);
      this.startLeaderLoop();
      this.world.ctx.recorder.emit({
        type: 'leader.elected',
        subject: 'zookeeper',
        host: this.host,
        cause: causeFor(this.world, null),
        native: 'LEADING',
        text: `ZooKeeper server ${this.sid} on ${this.host} leads epoch ${this.currentEpoch}: a quorum synced with it, and the ensemble serves clients again.`,
        data: { sid: this.sid, epoch: this.currentEpoch },
      });
      this.ens.leaderStarted(this);
    } else if (this.serving) this.sendUpToDate(sid);
  }

  private sendUpToDate(sid: number): void {
    const f = this.ens.servers[sid - 1]!;
    this.send('UPTODATE', f, () => {
      if (f.state !== 'FOLLOWING' || f.leaderSid !== this.sid) return;
      f.lastZxid = this.lastZxid;
      f.serving = true;
    });
  }

  /** Leader.lead's loop: PING every tickTime/2, and step down without a synced quorum. */
  private startLeaderLoop(): void {
    const half = this.flags.tickTime / 2;
    const loop = () => {
      this.loopTimer = this.clock.setTimeout(loop, half);
      const limit = this.flags.syncLimit * this.flags.tickTime;
      const alive: number[] = [this.sid];
      for (const sid of this.synced) {
        if (this.clock.now - (this.lastAck.get(sid) ?? -Infinity) <= limit) alive.push(sid);
      }
      if (alive.length < this.ens.quorum) {
        this.stepDown(alive);
        return;
      }
      for (const sid of this.synced) {
        const f = this.ens.servers[sid - 1]!;
        this.world.ctx.network.send('PING', this.addr, f.addr, this.pingArrives, f);
      }
    };
    this.loopTimer = this.clock.setTimeout(loop, half);
  }

  // The PING round trip of the leader's loop, one function each way for every PING (no closure
  // per message): the follower `f` hears its leader and answers; the leader counts the answer.
  private readonly pingArrives = (_message: Message, f: ZkServer): void => {
    if (!f.up) return;
    if (f.state !== 'FOLLOWING' || f.leaderSid !== this.sid) return;
    f.lastHeard = this.clock.now;
    this.world.ctx.network.send('PING', f.addr, this.addr, this.pingAnswered, f.sid);
  };

  private readonly pingAnswered = (_message: Message, sid: number): void => {
    if (!this.up) return;
    if (this.state === 'LEADING') this.lastAck.set(sid, this.clock.now);
  };

  private stepDown(alive: number[]): void {
    this.world.ctx.recorder.emit({
      type: 'zk.state',
      subject: 'zookeeper',
      host: this.host,
      cause: causeFor(this.world, null),
      native: 'Not sufficient followers synced',
      text: `ZooKeeper server ${this.sid} has heard from no quorum for syncLimit × tickTime (${(this.flags.syncLimit * this.flags.tickTime) / 1000} s): "Not sufficient followers synced, only synced with sids: [ ${alive.join(', ')} ]". It stops serving and looks for a leader.`,
    });
    this.actor.send({ type: 'look' });
  }

  /** Learner: a follower whose leader is silent for syncLimit ticks goes LOOKING. */
  private startFollowerWatch(): void {
    const half = this.flags.tickTime / 2;
    const loop = () => {
      this.loopTimer = this.clock.setTimeout(loop, half);
      if (this.clock.now - this.lastHeard > this.flags.syncLimit * this.flags.tickTime) {
        this.world.ctx.recorder.emit({
          type: 'zk.state',
          subject: 'zookeeper',
          host: this.host,
          cause: causeFor(this.world, null),
          native: 'Read timed out',
          text: `ZooKeeper server ${this.sid} has heard nothing from its leader for syncLimit × tickTime (${(this.flags.syncLimit * this.flags.tickTime) / 1000} s) and looks for a new one.`,
        });
        this.actor.send({ type: 'look' });
      }
    };
    this.loopTimer = this.clock.setTimeout(loop, half);
  }

  /** The TCP link to the leader closed (its process stopped): LOOKING at once. */
  leaderClosed(): void {
    if (this.state === 'FOLLOWING') this.actor.send({ type: 'look' });
  }

  /** A follower's process stopped: its link to the leader closes. */
  followerClosed(sid: number): void {
    this.synced.delete(sid);
    this.lastAck.delete(sid);
  }

  private stopRole(): void {
    const wasLeader = this.serving && this.leaderSid === this.sid;
    if (this.serving) this.ens.stoppedServing(this, wasLeader);
    this.serving = false;
    this.election.stop();
    for (const t of [this.loopTimer, this.initTimer]) this.clock.clearTimeout(t);
    this.loopTimer = this.initTimer = null;
  }

  private shutdown(): void {
    const wasLeading = this.leaderSid === this.sid;
    this.stopRole();
    this.current = 'stopped';
    this.leaderSid = null;
    const net = this.world.ctx.network;
    // A stopped process closes its links: peers on a reachable host notice at once.
    for (const peer of this.ens.servers) {
      if (peer === this || !peer.up || !net.canReach(peer.host, this.host)) continue;
      if (wasLeading) peer.leaderClosed();
      else if (peer.state === 'LEADING') peer.followerClosed(this.sid);
    }
  }

  stop(): void {
    if (this.up) this.actor.send({ type: 'stop' });
  }

  restart(): void {
    // logicalclock lives in memory: a restarted server starts its rounds again from 0.
    if (!this.up) {
      this.election.round = 0;
      this.actor.send({ type: 'start' });
    }
  }

  /** Current vote epoch for the snapshot. */
  get term(): number {
    return this.currentEpoch;
  }
}
