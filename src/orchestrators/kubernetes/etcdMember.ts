// etcd: one member per control-plane host, speaking Raft (etcd-io/raft raft.go) with pre-vote and
// CheckQuorum on (etcd v3.5+, FIDELITY.md §2.8). The machine holds the member's role, spelt as
// raft's StateType prints it; the 100 ms heartbeats and the election timer are plain timers on the
// engine clock (an xstate transition per heartbeat would cost more than the whole cluster), and
// only a change of role goes through the machine.

import { setup } from 'xstate';
import type { Actor } from 'xstate';
import type { Timer } from '../../engine/clock';
import type { EtcdCluster } from './etcdCluster';

export type RaftRole = 'follower' | 'pre-candidate' | 'candidate' | 'leader' | 'stopped';

export interface EtcdMember {
  host: string;
  /** `host/etcd`, built once: every heartbeat names it twice. */
  addr: string;
  role: RaftRole;
  term: number;
  vote: string | null;
  lead: string | null;
  /** When this member last heard from a leader (raft's electionElapsed, in ms). */
  lastHeard: number;
  lastIndex: number;
  lastTerm: number;
  /** randomizedElectionTimeout: [10, 19] ticks of heartbeatInterval, drawn on every reset. */
  electionTimeoutMs: number;
  electionDeadline: number;
  electionTimer: Timer | null;
  heartbeatTimer: Timer | null;
  checkQuorumTimer: Timer | null;
  granted: Set<string>;
  rejected: Set<string>;
  recentActive: Set<string>;
  actor: Actor<typeof etcdMemberMachine>;
}

/** What a Raft message says of its sender: its term and how current its log is. */
export type RaftMessage = Pick<EtcdMember, 'term' | 'lastIndex' | 'lastTerm'>;

/** raft.go isUpToDate: may a member whose log ends at `m` vote for this sender? */
export function logUpToDate(m: RaftMessage, msg: RaftMessage): boolean {
  return msg.lastTerm > m.lastTerm || (msg.lastTerm === m.lastTerm && msg.lastIndex >= m.lastIndex);
}

export type MemberEvent =
  | { type: 'election.timeout' }
  | { type: 'preVote.won' }
  | { type: 'vote.won' }
  | { type: 'stepDown' }
  | { type: 'process.stop' }
  | { type: 'process.start' };

interface MemberContext {
  member: () => EtcdMember;
  raft: EtcdCluster;
  /** Runs start settled: control-1's member boots straight into the leadership it holds. */
  startsAsLeader: boolean;
}

export const etcdMemberMachine = setup({
  types: {} as { context: MemberContext; input: MemberContext; events: MemberEvent },
  actions: {
    becomeFollower: ({ context }) => context.raft.enterFollower(context.member()),
    becomePreCandidate: ({ context }) => context.raft.enterPreCandidate(context.member()),
    becomeCandidate: ({ context }) => context.raft.enterCandidate(context.member()),
    becomeLeader: ({ context }) => context.raft.enterLeader(context.member()),
    leaveLeader: ({ context }) => context.raft.leaveLeader(context.member()),
    stopMember: ({ context }) => context.raft.enterStopped(context.member()),
  },
}).createMachine({
  id: 'etcdMember',
  context: ({ input }) => input,
  initial: 'booting',
  on: { 'process.stop': '.stopped' },
  states: {
    booting: {
      always: [{ guard: ({ context }) => context.startsAsLeader, target: 'leader' }, 'follower'],
    },
    follower: {
      entry: 'becomeFollower',
      on: { 'election.timeout': 'preCandidate', stepDown: { target: 'follower', reenter: true } },
    },
    preCandidate: {
      entry: 'becomePreCandidate',
      on: {
        'election.timeout': { target: 'preCandidate', reenter: true },
        'preVote.won': 'candidate',
        stepDown: 'follower',
      },
    },
    candidate: {
      entry: 'becomeCandidate',
      on: {
        'election.timeout': 'preCandidate',
        'vote.won': 'leader',
        stepDown: 'follower',
      },
    },
    leader: {
      entry: 'becomeLeader',
      exit: 'leaveLeader',
      on: { stepDown: 'follower' },
    },
    stopped: {
      entry: 'stopMember',
      on: { 'process.start': 'follower' },
    },
  },
});
