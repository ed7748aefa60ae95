// What etcd's Raft says beside plain leader changes (etcd-io/raft raft.go, FIDELITY.md §2.8): a
// follower that misses heartbeats pre-campaigns without raising its term; if the others still
// hear the leader they ignore it (CheckQuorum), and it rejoins the same term; a member that
// cannot reach a majority pre-campaigns in vain.

import type { SimContext } from '../shared/model';
import type { KubernetesFlags } from './defaults';
import type { EtcdMember } from './etcdMember';

type Context = SimContext<KubernetesFlags>;

/** A follower of a live leader times out: it asks for pre-votes for the next term. */
export function sayPreCampaign(ctx: Context, m: EtcdMember, cause: number | null): void {
  ctx.recorder.emit({
    type: 'etcd.preCampaign',
    subject: 'etcd',
    host: m.host,
    cause,
    native: 'MsgPreVote',
    text: `etcd on ${m.host} has heard no heartbeat from ${m.lead} for its election timeout (${m.electionTimeoutMs} ms): it asks the others for pre-votes for term ${m.term + 1}, without raising its own term yet (pre-vote).`,
    data: { term: m.term, leader: m.lead },
  });
}

/** A pre-candidate hears the leader of its own term again: no election happened. */
export function sayRejoined(ctx: Context, m: EtcdMember, leader: string, cause: number | null) {
  ctx.recorder.emit({
    type: 'etcd.rejoined',
    subject: 'etcd',
    host: m.host,
    cause,
    native: 'follower',
    text: `etcd on ${m.host} hears the leader on ${leader} again and follows it, still in term ${m.term}: the others had heard the leader all along and ignored its pre-votes (CheckQuorum), so nothing was disrupted.`,
    data: { term: m.term, leader },
  });
}

/** Once per outage: a member that cannot reach a majority pre-campaigns in vain. */
export function sayNoQuorum(
  ctx: Context,
  m: EtcdMember,
  reachable: number,
  members: number,
  cause: number | null,
): void {
  ctx.recorder.emit({
    type: 'etcd.noQuorum',
    subject: 'etcd',
    host: m.host,
    cause,
    native: 'pre-candidate',
    text: `etcd on ${m.host} pre-campaigns for term ${m.term + 1} in vain: ${reachable} of ${members} members is not a majority. kube-apiserver cannot write, so no Lease renewals, no scheduling, no evictions, and the HPA stalls; containers run on.`,
    data: { term: m.term, reachable, members },
  });
}
