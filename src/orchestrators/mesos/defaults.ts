// Apache Mesos 1.11, Marathon 1.10, ZooKeeper 3.9 (sample zoo.cfg) and marathon-autoscale
// defaults, keyed by scenario key. Times are simulated ms; upstream sources in the comments
// (FIDELITY.md §3–6).

import type { AutoscalerFlag, MesosFlag } from '../../scenario/flags';

export const mesosDefaults = {
  // Ours (FIDELITY.md §1): placement-to-ready and SIGTERM-to-exit of a replica, and LAN latency.
  replicaStartup: 2_000,
  replicaShutdown: 1_000,
  networkLatency: 2,

  // mesos-master --agent_ping_timeout (src/master/constants.hpp DEFAULT_AGENT_PING_TIMEOUT)
  agentPingTimeout: 15_000,
  // --max_agent_ping_timeouts: five missed PONGs (75–90 s) make the agent unreachable
  maxAgentPingTimeouts: 5,
  // --agent_removal_rate_limit: upstream sets none (src/master/flags.cpp)
  agentRemovalRateLimit: null,
  // --agent_reregister_timeout (src/master/constants.hpp)
  agentReregisterTimeout: 600_000,
  // --allocation_interval (src/master/constants.hpp DEFAULT_ALLOCATION_INTERVAL)
  allocationInterval: 1_000,
  // --offer_timeout: none, offers are not rescinded by time (src/master/flags.cpp)
  offerTimeout: null,
  // Filters.refuse_seconds default (include/mesos/mesos.proto)
  refuseSeconds: 5_000,
  // --zk_session_timeout (src/master/constants.hpp ZOOKEEPER_SESSION_TIMEOUT)
  zkSessionTimeout: 10_000,
  // --quorum: required upstream; null means ⌊masters / 2⌋ + 1
  quorum: null,
  // --registry_fetch_timeout (src/master/constants.hpp)
  registryFetchTimeout: 60_000,
  // agent --registration_backoff_factor (src/slave/constants.hpp)
  registrationBackoffFactor: 1_000,

  // Marathon app unreachableStrategy: 0 / 0 since 1.5 (commit 0480f176)
  inactiveAfterSeconds: 0,
  expungeAfterSeconds: 0,
  // Marathon app backoffSeconds / backoffFactor / maxLaunchDelaySeconds (300 since 1.8, 3b842ed5)
  backoffSeconds: 1_000,
  backoffFactor: 1.15,
  maxLaunchDelaySeconds: 300_000,
  // Marathon app killSelection
  killSelection: 'YOUNGEST_FIRST',
  // marathon --reconciliation_initial_delay / --reconciliation_interval
  reconciliationInitialDelay: 15_000,
  reconciliationInterval: 600_000,
  // marathon --task_lost_expunge_initial_delay / --task_lost_expunge_interval
  taskLostExpungeInitialDelay: 300_000,
  taskLostExpungeInterval: 30_000,
  // marathon --max_instances_per_offer / --offer_matching_timeout
  maxInstancesPerOffer: 5,
  offerMatchingTimeout: 3_000,
  // marathon --decline_offer_duration
  declineOfferDuration: 120_000,
  // marathon --[disable_]suppress_offers, --min_revive_offers_interval
  suppressOffers: true,
  minReviveOffersInterval: 5_000,
  // marathon --zk_session_timeout
  marathonZkSessionTimeout: 10_000,
  // marathon --on_elected_prepare_timeout / --failover_timeout (one week)
  onElectedPrepareTimeout: 180_000,
  failoverTimeout: 604_800_000,
  // Marathon app healthChecks[] defaults (used only if a check is defined)
  gracePeriodSeconds: 300_000,
  intervalSeconds: 60_000,
  maxConsecutiveFailures: 3,
  timeoutSeconds: 20_000,

  // ZooKeeper conf/zoo_sample.cfg (the code default tickTime is 3000)
  tickTime: 2_000,
  initLimit: 10,
  syncLimit: 5,
  // minSessionTimeout / maxSessionTimeout (ms in zoo.cfg) default to 2 / 20 ticks
  // (QuorumPeerConfig, ZooKeeperServer.getMinSessionTimeout): clients get 4–40 s
  minSessionTimeout: 4_000,
  maxSessionTimeout: 40_000,
  // zookeeper.fastleader.minNotificationInterval / maxNotificationInterval (FastLeaderElection.java)
  minNotificationInterval: 200,
  maxNotificationInterval: 60_000,
} satisfies Record<MesosFlag, number | boolean | string | null>;

export type MesosFlags = { [K in MesosFlag]: (typeof mesosDefaults)[K] };

// marathon-autoscale takes every setting on its command line; these defaults are ours, from its
// README (mesosphere/marathon-autoscale marathon_autoscaler.py), FIDELITY.md §5.
export const autoscalerDefaults = {
  interval: 10_000,
  triggerMode: 'cpu',
  // null: derived from the app's autoscale target (targetCPU × cpu × 0.9 / 1.1)
  minRange: null,
  maxRange: null,
  autoscaleMultiplier: 1.5,
  scaleUpFactor: 3,
  coolDownFactor: 4,
  // null: the app's autoscale.min / autoscale.max
  minInstances: null,
  maxInstances: null,
} satisfies Record<AutoscalerFlag, number | boolean | string | null>;

// Constants of the model that no scenario key sets (not upstream flags), each with its reason.
export const mesosModelConstants = {
  // A supervisor (systemd Restart=always, RestartSec=100ms by default) restarts a process that
  // exited; we round the restart and JVM/process start-up to one second.
  supervisorRestartMs: 1_000,
  // Marathon loads its state from ZooKeeper after winning the latch; bounded by
  // onElectedPrepareTimeout upstream. SIMPLIFICATION: a small cluster loads in 0.5–1.5 s.
  marathonStateLoadMinMs: 500,
  marathonStateLoadMaxMs: 1_500,
  // --min_allocatable_resources default cpus:0.01|mem:32 (src/master/flags.cpp)
  minAllocatableCpuMilli: 10,
  minAllocatableMemoryBytes: 32 * 1024 * 1024,
  // FastLeaderElection.java finalizeWait
  zkFinalizeWait: 200,
} as const;
