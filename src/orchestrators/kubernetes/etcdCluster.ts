// The etcd cluster's Raft (etcd-io/raft raft.go, FIDELITY.md §2.8): elections with pre-vote and
// CheckQuorum, 100 ms heartbeats, and the quorum check every API write goes through. Each
// member's role lives in its etcdMember machine; this holds what they say to each other.

import { createActor } from 'xstate';
import type { Message, RunEvent } from '../../run/types';
import type { SimContext } from '../shared/model';
import type { KubernetesFlags } from './defaults';
import type { EtcdMember, RaftMessage } from './etcdMember';
import { etcdMemberMachine, logUpToDate } from './etcdMember';
import { sayNoQuorum, sayPreCampaign, sayRejoined } from './etcdNarration';

export class EtcdCluster {
  readonly members = new Map<string, EtcdMember>();
  /** The members in host order, for the heartbeat loop (no iterator per beat). */
  private readonly memberList: EtcdMember[] = [];
  /** The members by address (`control-1/etcd`), for messages that arrive. */
  private readonly byAddress = new Map<string, EtcdMember>();
  private readonly majority: number;
  private readonly rng;
  /** The scripted event behind the current trouble, for `cause`. */
  faultSeq: number | null = null;
  private lastLeaderLost: RunEvent | null = null;
  private noQuorumSaid = false;
  /** Told when writes become possible again (quorum back), so stalled work can resume. */
  onLeader: (host: string) => void = () => {};

  constructor(
    private readonly ctx: SimContext<KubernetesFlags>,
    hosts: readonly string[],
  ) {
    this.majority = Math.floor(hosts.length / 2) + 1;
    this.rng = ctx.rng.get('kubernetes/etcd');
    const first = hosts[0]!;
    for (const host of hosts) {
      const member: EtcdMember = {
        host,
        addr: `${host}/etcd`,
        role: 'follower',
        term: 2,
        vote: first,
        lead: first,
        lastHeard: 0,
        lastIndex: 1,
        lastTerm: 2,
        electionTimeoutMs: 0,
        electionDeadline: 0,
        electionTimer: null,
        heartbeatTimer: null,
        checkQuorumTimer: null,
        granted: new Set(),
        rejected: new Set(),
        recentActive: new Set(),
        actor: null as unknown as EtcdMember['actor'],
      };
      this.members.set(host, member);
      this.memberList.push(member);
      this.byAddress.set(member.addr, member);
    }
    for (const member of this.members.values()) {
      member.actor = createActor(etcdMemberMachine, {
        clock: ctx.clock,
        input: { member: () => member, raft: this, startsAsLeader: member.host === first },
      });
    }
    // Runs start settled: control-1 leads term 2; every member has its entries.
    for (const member of this.members.values()) member.actor.start();
  }

  get flags(): KubernetesFlags {
    return this.ctx.flags;
  }

  leaderHost(): string | null {
    for (const m of this.members.values()) if (m.role === 'leader') return m.host;
    return null;
  }

  /**
   * Can kube-apiserver on `apiHost` commit a write (or a quorum read) now? Its local member must
   * know a leader it can reach, and that leader must reach a majority of running members.
   */
  writable(apiHost: string): boolean {
    const local = this.members.get(apiHost);
    if (!local || local.role === 'stopped') return false;
    const leaderHost = local.role === 'leader' ? apiHost : local.lead;
    if (!leaderHost) return false;
    const leader = this.members.get(leaderHost);
    if (!leader || leader.role !== 'leader') return false;
    const { network } = this.ctx;
    if (!network.canReach(apiHost, leaderHost)) return false;
    let reachable = 0;
    for (const m of this.members.values()) {
      if (m.role !== 'stopped' && network.canReach(leaderHost, m.host)) reachable++;
    }
    return reachable >= this.majority;
  }

  /** A committed write appends one entry to the leader's log. */
  committed(): void {
    const host = this.leaderHost();
    if (host) this.members.get(host)!.lastIndex++;
  }

  stop(host: string): void {
    const m = this.members.get(host);
    if (!m || m.role === 'stopped') return;
    this.stopping = m;
    m.actor.send({ type: 'process.stop' });
    this.stopping = null;
  }

  private stopping: EtcdMember | null = null;

  start(host: string): void {
    this.members.get(host)?.actor.send({ type: 'process.start' });
  }

  // Role entries, called by the machine.

  enterFollower(m: EtcdMember): void {
    m.granted.clear();
    m.rejected.clear();
    this.resetElectionTimer(m);
    m.role = 'follower';
  }

  enterPreCandidate(m: EtcdMember): void {
    // --pre-vote=false: raft campaigns for the next term at once (campaignElection), raising
    // its term without asking first; the member passes through pre-candidate in no time.
    if (!this.ctx.flags.preVote) {
      m.role = 'pre-candidate';
      m.lead = null;
      m.actor.send({ type: 'preVote.won' });
      return;
    }
    // Said once per lapse: a follower that still had a leader, not each retry of a campaign.
    if (m.role === 'follower' && m.lead !== null) {
      sayPreCampaign(this.ctx, m, this.lastLeaderLost?.seq ?? this.faultSeq);
    }
    m.role = 'pre-candidate';
    m.lead = null;
    m.granted = new Set([m.host]);
    m.rejected = new Set();
    this.armElectionTimer(m, this.ctx.clock.now + m.electionTimeoutMs);
    this.broadcast(m, 'raft.preVote', {
      term: m.term + 1,
      lastIndex: m.lastIndex,
      lastTerm: m.lastTerm,
    });
    this.checkPreVotes(m);
  }

  enterCandidate(m: EtcdMember): void {
    m.role = 'candidate';
    m.term++;
    m.vote = m.host;
    m.lead = null;
    m.granted = new Set([m.host]);
    m.rejected = new Set();
    this.resetElectionTimer(m);
    this.broadcast(m, 'raft.vote', { term: m.term, lastIndex: m.lastIndex, lastTerm: m.lastTerm });
    this.checkVotes(m);
  }

  enterLeader(m: EtcdMember): void {
    const { clock, recorder, flags } = this.ctx;
    m.role = 'leader';
    m.lead = m.host;
    // A new leader appends an empty entry of its own term (raft.go becomeLeader).
    m.lastIndex++;
    m.lastTerm = m.term;
    m.recentActive = new Set();
    if (m.electionTimer) clock.clearTimeout(m.electionTimer);
    m.electionTimer = null;
    const beat = () => {
      m.heartbeatTimer = clock.setTimeout(beat, flags.heartbeatInterval);
      this.broadcast(m, 'raft.heartbeat', {
        term: m.term,
        lastIndex: m.lastIndex,
        lastTerm: m.lastTerm,
      });
    };
    const start = clock.now === 0 ? Math.floor(this.rng.uniform(0, flags.heartbeatInterval)) : 0;
    m.heartbeatTimer = clock.setTimeout(beat, start);
    const check = () => {
      m.checkQuorumTimer = clock.setTimeout(check, flags.electionTimeout);
      m.recentActive.add(m.host);
      if (m.recentActive.size < this.majority) {
        this.stepDownText = `etcd on ${m.host} steps down: it has not heard from a majority of members for ${flags.electionTimeout / 1000} s (CheckQuorum, --election-timeout).`;
        m.actor.send({ type: 'stepDown' });
      }
      m.recentActive = new Set();
    };
    m.checkQuorumTimer = clock.setTimeout(check, flags.electionTimeout);
    recorder.emit({
      type: 'leader.elected',
      subject: 'etcd',
      host: m.host,
      cause: clock.now === 0 ? null : (this.lastLeaderLost?.seq ?? this.faultSeq),
      native: 'leader',
      text:
        clock.now === 0
          ? `etcd on ${m.host} leads Raft term ${m.term} as the run starts.`
          : `etcd on ${m.host} wins term ${m.term} with a majority of votes (pre-vote first; election timeout ${flags.electionTimeout / 1000} s, randomized up to twice that): writes are possible again.`,
      data: { term: m.term },
    });
    this.noQuorumSaid = false;
    this.lastLeaderLost = null;
    this.onLeader(m.host);
  }

  private stepDownText: string | null = null;

  leaveLeader(m: EtcdMember): void {
    const { clock, recorder } = this.ctx;
    if (m.heartbeatTimer) clock.clearTimeout(m.heartbeatTimer);
    if (m.checkQuorumTimer) clock.clearTimeout(m.checkQuorumTimer);
    m.heartbeatTimer = null;
    m.checkQuorumTimer = null;
    const stopping = this.stopping === m;
    const text =
      this.stepDownText ??
      (stopping
        ? `etcd on ${m.host}, the Raft leader, is gone. Followers wait out their election timeout (${this.flags.electionTimeout / 1000}–${(this.flags.electionTimeout * 1.9) / 1000} s) before they campaign; nothing can be written meanwhile.`
        : `etcd on ${m.host} is no longer the Raft leader.`);
    this.stepDownText = null;
    this.lastLeaderLost = recorder.emit({
      type: 'leader.lost',
      subject: 'etcd',
      host: m.host,
      cause: this.faultSeq,
      native: stopping ? 'leader lost' : 'StepDown',
      text,
      data: { term: m.term },
    });
    m.role = 'follower';
    m.lead = null;
  }

  enterStopped(m: EtcdMember): void {
    const { clock } = this.ctx;
    m.role = 'stopped';
    if (m.electionTimer) clock.clearTimeout(m.electionTimer);
    m.electionTimer = null;
    m.lead = null;
    m.lastHeard = -Infinity;
  }

  // Timers

  private resetElectionTimer(m: EtcdMember): void {
    const { flags } = this;
    const ticks = flags.electionTimeout / flags.heartbeatInterval;
    m.electionTimeoutMs = (ticks + this.rng.int(ticks)) * flags.heartbeatInterval;
    this.armElectionTimer(m, this.ctx.clock.now + m.electionTimeoutMs);
  }

  /** The timer fires at the deadline; a heartbeat only moves the deadline (no heap churn). */
  private armElectionTimer(m: EtcdMember, deadline: number): void {
    m.electionDeadline = deadline;
    if (m.electionTimer && m.electionTimer.fn !== null && m.electionTimer.at <= deadline) return;
    this.setElectionTimer(m, deadline);
  }

  /** Apart from armElectionTimer, so that a heartbeat does not allocate the closure's scope. */
  private setElectionTimer(m: EtcdMember, deadline: number): void {
    const { clock } = this.ctx;
    if (m.electionTimer) clock.clearTimeout(m.electionTimer);
    const fire = () => {
      m.electionTimer = null;
      if (m.role === 'stopped' || m.role === 'leader') return;
      if (clock.now < m.electionDeadline) {
        m.electionTimer = clock.at(m.electionDeadline, fire);
        return;
      }
      m.actor.send({ type: 'election.timeout' });
    };
    m.electionTimer = clock.at(deadline, fire);
  }

  // Messages

  private broadcast(from: EtcdMember, kind: string, msg: RaftMessage): void {
    for (const to of this.memberList) {
      if (to === from) continue;
      this.ctx.network.send(kind, from.addr, to.addr, this.deliver, msg);
    }
  }

  /** Every broadcast message arrives here, its ends read off its addresses (no closure each). */
  private readonly deliver = (message: Message, msg: RaftMessage): void => {
    const to = this.byAddress.get(message.to)!;
    const from = this.byAddress.get(message.from)!;
    this.receive(to, from, message.kind, msg);
  };

  private reply(from: EtcdMember, to: EtcdMember, kind: string, msg: RaftMessage, ok: boolean) {
    this.ctx.network.send(kind, from.addr, to.addr, () =>
      this.receiveReply(to, from, kind, msg, ok),
    );
  }

  private inLease(m: EtcdMember): boolean {
    if (m.role === 'leader') return true;
    return m.lead !== null && this.ctx.clock.now - m.lastHeard < this.flags.electionTimeout;
  }

  private receive(m: EtcdMember, from: EtcdMember, kind: string, msg: RaftMessage): void {
    if (m.role === 'stopped') return;
    const now = this.ctx.clock.now;
    if (kind === 'raft.preVote' || kind === 'raft.vote') {
      // raft.go Step: with CheckQuorum, a member that heard a leader within an election timeout
      // ignores (pre-)votes, so a lone member cannot disrupt a healthy cluster.
      if (msg.term > m.term && this.inLease(m)) return;
      if (kind === 'raft.vote' && msg.term > m.term) {
        this.adoptTerm(m, msg.term, null);
      }
      const canVote =
        kind === 'raft.preVote'
          ? msg.term > m.term
          : msg.term === m.term && (m.vote === null || m.vote === from.host);
      const granted = canVote && logUpToDate(m, msg);
      if (granted && kind === 'raft.vote') {
        m.vote = from.host;
        this.armElectionTimer(m, now + m.electionTimeoutMs);
      }
      this.reply(m, from, `${kind}Resp`, { ...msg, term: granted ? msg.term : m.term }, granted);
      return;
    }
    if (kind === 'raft.heartbeat') {
      if (msg.term < m.term) {
        // A stale leader learns of the higher term from the response and steps down.
        this.reply(m, from, 'raft.heartbeatResp', { ...msg, term: m.term }, false);
        return;
      }
      if (msg.term > m.term || m.role !== 'follower' || m.lead !== from.host) {
        if (m.role === 'pre-candidate' && msg.term === m.term) {
          sayRejoined(this.ctx, m, from.host, this.faultSeq);
        }
        this.adoptTerm(m, msg.term, from.host);
      }
      m.lead = from.host;
      m.lastHeard = now;
      m.lastIndex = msg.lastIndex;
      m.lastTerm = msg.lastTerm;
      this.armElectionTimer(m, now + m.electionTimeoutMs);
      // MsgHeartbeatResp: not drawn (it would double the Raft traffic on screen); the leader
      // counts the follower active if the way back is open now.
      if (from.role === 'leader' && this.ctx.network.canReach(m.host, from.host)) {
        from.recentActive.add(m.host);
      }
    }
  }

  private adoptTerm(m: EtcdMember, term: number, lead: string | null): void {
    if (term > m.term) {
      m.term = term;
      m.vote = null;
    }
    m.lead = lead;
    if (lead !== null) m.lastHeard = this.ctx.clock.now;
    if (m.role !== 'follower') m.actor.send({ type: 'stepDown' });
  }

  private receiveReply(
    m: EtcdMember,
    from: EtcdMember,
    kind: string,
    msg: RaftMessage,
    ok: boolean,
  ): void {
    if (m.role === 'stopped') return;
    if (!ok && msg.term > m.term) {
      this.adoptTerm(m, msg.term, null);
      return;
    }
    if (kind === 'raft.heartbeatResp') {
      if (m.role === 'leader' && ok) m.recentActive.add(from.host);
      return;
    }
    if (kind === 'raft.preVoteResp' && m.role === 'pre-candidate' && msg.term === m.term + 1) {
      (ok ? m.granted : m.rejected).add(from.host);
      this.checkPreVotes(m);
    } else if (kind === 'raft.voteResp' && m.role === 'candidate' && msg.term === m.term) {
      (ok ? m.granted : m.rejected).add(from.host);
      this.checkVotes(m);
    }
  }

  private checkPreVotes(m: EtcdMember): void {
    if (m.granted.size >= this.majority) m.actor.send({ type: 'preVote.won' });
    else if (m.rejected.size >= this.majority) m.actor.send({ type: 'stepDown' });
    else this.sayNoQuorum(m);
  }

  private checkVotes(m: EtcdMember): void {
    if (m.granted.size >= this.majority) m.actor.send({ type: 'vote.won' });
    else if (m.rejected.size >= this.majority) m.actor.send({ type: 'stepDown' });
  }

  /** Once per outage: a lone member pre-campaigns in vain, and the narration says what stalls. */
  private sayNoQuorum(m: EtcdMember): void {
    if (this.noQuorumSaid || this.leaderHost() !== null) return;
    const { network } = this.ctx;
    let reachable = 0;
    for (const o of this.members.values()) {
      if (o.role !== 'stopped' && network.canReach(m.host, o.host)) reachable++;
    }
    if (reachable >= this.majority) return;
    this.noQuorumSaid = true;
    const cause = this.lastLeaderLost?.seq ?? this.faultSeq;
    sayNoQuorum(this.ctx, m, reachable, this.members.size, cause);
  }
}
