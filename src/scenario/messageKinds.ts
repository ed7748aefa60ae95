// The kinds of message each side's model sends, as its runs record them (`Message.kind`). A
// drop-message or delay-message event may name one; the parser checks the name against these,
// and tests/scenario/messageKinds.test.ts checks that every kind a run records is listed here.

import type { Side } from '../run/types';

export const MESSAGE_KINDS: Record<Side, readonly string[]> = {
  kubernetes: [
    // etcd's Raft between members (pre-vote, vote, heartbeat and their answers)
    'raft.heartbeat',
    'raft.heartbeatResp',
    'raft.preVote',
    'raft.preVoteResp',
    'raft.vote',
    'raft.voteResp',
    // requests to kube-apiserver
    'node.status',
    'node.update',
    'node.taint',
    'lease.get',
    'lease.renew',
    'lease.update',
    'pod.create',
    'pod.binding',
    'pod.status',
    'pod.delete',
    'pods.eviction',
    'scale.update',
  ],
  mesos: [
    // ZooKeeper: client sessions, watches, leader election and ZAB synchronisation
    'ConnectRequest',
    'ConnectResponse',
    'zk.ping',
    'zk.pong',
    'zk.closed',
    'zk.notification',
    'WatchedEvent',
    'FOLLOWERINFO',
    'LEADERINFO',
    'ACKEPOCH',
    'NEWLEADER',
    'ACK',
    'UPTODATE',
    // the mesos-master's replicated log
    'replica.recover',
    'replica.recovered',
    // master ↔ agents
    'PING',
    'PONG',
    'ReregisterSlaveMessage',
    'SlaveReregisteredMessage',
    'RunTaskMessage',
    'KillTaskMessage',
    'StatusUpdateMessage',
    // master ↔ frameworks (Marathon, batch schedulers)
    'ResourceOffersMessage',
    'RescindResourceOfferMessage',
    'ACCEPT',
    'DECLINE',
    'ReviveOffersMessage',
    'SuppressOffersMessage',
    'ReregisterFrameworkMessage',
    'FrameworkReregisteredMessage',
  ],
};

export const ALL_MESSAGE_KINDS: readonly string[] = [
  ...MESSAGE_KINDS.kubernetes,
  ...MESSAGE_KINDS.mesos,
];

/** Processes that send or receive messages, as the `process` of a `host/process` address. */
export const MESSAGE_PROCESSES: readonly string[] = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'kubelet',
  'kubectl',
  'zookeeper',
  'mesos-master',
  'marathon',
  'mesos-agent',
  'scheduler',
];
