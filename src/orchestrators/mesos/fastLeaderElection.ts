// ZooKeeper's fast leader election for one server (FastLeaderElection.java, FIDELITY.md §6):
// vote for yourself, tell everyone, adopt a better vote (zkVoteWins: epoch, then zxid, then sid),
// re-send with a doubling interval, and decide once a quorum agrees and no better vote arrives
// within finalizeWait. A server out of the election answers with the leader it follows.

import type { Vote } from '../../algorithms';
import { zkVoteWins } from '../../algorithms';
import type { Timer, VirtualClock } from '../../engine/clock';
import { mesosModelConstants } from './defaults';
import type { MesosFlags } from './defaults';
import type { ZkEnsemble } from './zkEnsemble';
import type { ZkServer, ZkState } from './zookeeperServer';

export interface Notification {
  from: number;
  vote: Vote;
  round: number;
  state: ZkState;
}

export class FastLeaderElection {
  /** logicalclock: the election round. */
  round = 0;
  vote: Vote;
  private recv = new Map<number, Vote>();
  private outOfElection = new Map<number, { vote: Vote; state: ZkState }>();
  private notifyTimer: Timer | null = null;
  private notifyInterval = 0;
  private finalizeTimer: Timer | null = null;

  constructor(
    private readonly server: ZkServer,
    private readonly ens: ZkEnsemble,
    private readonly clock: VirtualClock,
    private readonly flags: Pick<MesosFlags, 'minNotificationInterval' | 'maxNotificationInterval'>,
  ) {
    this.vote = server.selfVote();
  }

  /** A run that starts settled: round 1, voting for the ensemble's leader. */
  settle(vote: Vote): void {
    this.round = 1;
    this.vote = vote;
  }

  /** lookForLeader, first half: a new round, voting for itself. */
  look(): void {
    this.round++;
    this.recv.clear();
    this.outOfElection.clear();
    this.vote = this.server.selfVote();
    this.recv.set(this.server.sid, this.vote);
  }

  /** lookForLeader, second half: tell everyone and start the re-send loop. */
  begin(): void {
    this.broadcast();
    this.notifyInterval = this.flags.minNotificationInterval;
    this.armResend();
    this.checkRecvQuorum();
  }

  stop(): void {
    this.clock.clearTimeout(this.notifyTimer);
    this.clock.clearTimeout(this.finalizeTimer);
    this.notifyTimer = this.finalizeTimer = null;
  }

  onNotification(n: Notification): void {
    const server = this.server;
    const sender = this.ens.servers[n.from - 1]!;
    if (server.state !== 'LOOKING') {
      // A server out of the election answers a LOOKING peer with the leader it follows.
      if (n.state === 'LOOKING') this.notify(sender);
      return;
    }
    if (n.state === 'LOOKING') {
      if (n.round > this.round) {
        this.round = n.round;
        this.recv.clear();
        this.vote = zkVoteWins(n.vote, server.selfVote()) ? n.vote : server.selfVote();
        this.voteChanged();
      } else if (n.round < this.round) {
        this.notify(sender);
        return;
      } else if (zkVoteWins(n.vote, this.vote)) {
        this.vote = n.vote;
        this.voteChanged();
      }
      this.recv.set(n.from, n.vote);
      this.recv.set(server.sid, this.vote);
      this.checkRecvQuorum();
      return;
    }
    // FOLLOWING or LEADING: join an established leader once a quorum reports it.
    this.outOfElection.set(n.from, { vote: n.vote, state: n.state });
    const leader = n.vote.sid;
    let agree = 0;
    for (const o of this.outOfElection.values()) if (o.vote.sid === leader) agree++;
    const leaderSaysLeading = this.outOfElection.get(leader)?.state === 'LEADING';
    if (agree >= this.ens.quorum && leaderSaysLeading && leader !== server.sid) {
      this.vote = n.vote;
      this.decide(leader);
    }
  }

  private armResend(): void {
    this.clock.clearTimeout(this.notifyTimer);
    this.notifyTimer = this.clock.setTimeout(() => {
      if (this.server.state !== 'LOOKING') return;
      this.broadcast();
      // FastLeaderElection: the notification timeout doubles up to maxNotificationInterval.
      this.notifyInterval = Math.min(this.notifyInterval * 2, this.flags.maxNotificationInterval);
      this.armResend();
    }, this.notifyInterval);
  }

  private broadcast(): void {
    for (const peer of this.ens.servers) if (peer !== this.server) this.notify(peer);
  }

  private notify(peer: ZkServer): void {
    const n: Notification = {
      from: this.server.sid,
      vote: { ...this.vote },
      round: this.round,
      state: this.server.state,
    };
    this.server.send('zk.notification', peer, () => peer.onNotification(n));
  }

  private voteChanged(): void {
    this.clock.clearTimeout(this.finalizeTimer);
    this.finalizeTimer = null;
    this.broadcast();
  }

  private checkRecvQuorum(): void {
    let agree = 0;
    for (const v of this.recv.values()) {
      if (v.sid === this.vote.sid && v.zxid === this.vote.zxid && v.epoch === this.vote.epoch) {
        agree++;
      }
    }
    if (agree < this.ens.quorum || this.finalizeTimer) return;
    // finalizeWait: a better vote within 200 ms reopens the election.
    this.finalizeTimer = this.clock.setTimeout(() => {
      this.finalizeTimer = null;
      if (this.server.state === 'LOOKING') this.decide(this.vote.sid);
    }, mesosModelConstants.zkFinalizeWait);
  }

  private decide(leader: number): void {
    this.stop();
    this.server.elected(leader);
  }
}
