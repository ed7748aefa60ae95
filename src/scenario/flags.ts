// The override keys a scenario may set under `kubernetes:`, `mesos:` and `mesos.autoscaler`, and
// the kind of value each takes. The defaults themselves, with their upstream sources, live in
// src/orchestrators/*/defaults.ts, typed against these tables so the two cannot drift apart.

export type FlagKind =
  /** A duration: `15s`, `500ms`, `5m`, or a number of seconds; stored in ms. */
  | 'duration'
  /** A duration or `none`; stored in ms or null. */
  | 'optionalDuration'
  /** A whole number ≥ 0. */
  | 'count'
  /** A whole number ≥ 1, or `auto` for the value derived from the cluster; null for `auto`. */
  | 'optionalCount'
  /** Events per second, ≥ 0. */
  | 'rate'
  /** A fraction in [0, 1]. */
  | 'ratio'
  /** A multiplier > 0. */
  | 'factor'
  /** A percentage in [0, 100]. */
  | 'percent'
  /** A percentage ≥ 0, or `auto`; null for `auto`. */
  | 'optionalPercent'
  /** A whole number or a percentage string such as `25%`; stored as given. */
  | 'intOrPercent'
  | 'boolean'
  /** Mesos `--agent_removal_rate_limit` such as `1/20mins`, or `none`; stored as ms per removal. */
  | 'rateLimit'
  | { oneOf: readonly string[] };

/** Flags both sides share (FIDELITY.md §1 conventions, ours). */
const sharedFlagKinds = {
  replicaStartup: 'duration',
  replicaShutdown: 'duration',
  /** One-way network latency between hosts (ours); a seeded jitter of up to half of it is added. */
  networkLatency: 'duration',
} as const satisfies Record<string, FlagKind>;

export const kubernetesFlagKinds = {
  ...sharedFlagKinds,
  nodeStatusUpdateFrequency: 'duration',
  nodeStatusReportFrequency: 'duration',
  nodeLeaseDurationSeconds: 'duration',
  nodeMonitorPeriod: 'duration',
  nodeMonitorGracePeriod: 'duration',
  nodeStartupGracePeriod: 'duration',
  nodeEvictionRate: 'rate',
  secondaryNodeEvictionRate: 'rate',
  largeClusterSizeThreshold: 'count',
  unhealthyZoneThreshold: 'ratio',
  defaultNotReadyTolerationSeconds: 'duration',
  defaultUnreachableTolerationSeconds: 'duration',
  maxSurge: 'intOrPercent',
  maxUnavailable: 'intOrPercent',
  terminationGracePeriodSeconds: 'duration',
  podInitialBackoffSeconds: 'duration',
  podMaxBackoffSeconds: 'duration',
  percentageOfNodesToScore: 'percent',
  horizontalPodAutoscalerSyncPeriod: 'duration',
  horizontalPodAutoscalerTolerance: 'ratio',
  horizontalPodAutoscalerDownscaleStabilization: 'duration',
  horizontalPodAutoscalerCpuInitializationPeriod: 'duration',
  horizontalPodAutoscalerInitialReadinessDelay: 'duration',
  metricResolution: 'duration',
  leaderElectLeaseDuration: 'duration',
  leaderElectRenewDeadline: 'duration',
  leaderElectRetryPeriod: 'duration',
  heartbeatInterval: 'duration',
  electionTimeout: 'duration',
  preVote: 'boolean',
} as const satisfies Record<string, FlagKind>;

export const mesosFlagKinds = {
  ...sharedFlagKinds,
  // mesos-master and mesos-agent
  agentPingTimeout: 'duration',
  maxAgentPingTimeouts: 'count',
  agentRemovalRateLimit: 'rateLimit',
  agentReregisterTimeout: 'duration',
  allocationInterval: 'duration',
  offerTimeout: 'optionalDuration',
  refuseSeconds: 'duration',
  zkSessionTimeout: 'duration',
  quorum: 'optionalCount',
  registryFetchTimeout: 'duration',
  registrationBackoffFactor: 'duration',
  // Marathon
  inactiveAfterSeconds: 'duration',
  expungeAfterSeconds: 'duration',
  backoffSeconds: 'duration',
  backoffFactor: 'factor',
  maxLaunchDelaySeconds: 'duration',
  killSelection: { oneOf: ['YOUNGEST_FIRST', 'OLDEST_FIRST'] },
  reconciliationInitialDelay: 'duration',
  reconciliationInterval: 'duration',
  taskLostExpungeInitialDelay: 'duration',
  taskLostExpungeInterval: 'duration',
  maxInstancesPerOffer: 'count',
  offerMatchingTimeout: 'duration',
  declineOfferDuration: 'duration',
  suppressOffers: 'boolean',
  minReviveOffersInterval: 'duration',
  marathonZkSessionTimeout: 'duration',
  onElectedPrepareTimeout: 'duration',
  failoverTimeout: 'duration',
  gracePeriodSeconds: 'duration',
  intervalSeconds: 'duration',
  maxConsecutiveFailures: 'count',
  timeoutSeconds: 'duration',
  // ZooKeeper (zoo.cfg; limits in ticks)
  tickTime: 'duration',
  initLimit: 'count',
  syncLimit: 'count',
  minSessionTimeout: 'duration',
  maxSessionTimeout: 'duration',
  minNotificationInterval: 'duration',
  maxNotificationInterval: 'duration',
} as const satisfies Record<string, FlagKind>;

/** marathon-autoscale settings (FIDELITY.md §5). `sqs` is left out: it needs an AWS queue. */
export const autoscalerFlagKinds = {
  interval: 'duration',
  triggerMode: { oneOf: ['cpu', 'mem', 'and', 'or'] },
  minRange: 'optionalPercent',
  maxRange: 'optionalPercent',
  autoscaleMultiplier: 'factor',
  scaleUpFactor: 'count',
  coolDownFactor: 'count',
  minInstances: 'optionalCount',
  maxInstances: 'optionalCount',
} as const satisfies Record<string, FlagKind>;

export type KubernetesFlag = keyof typeof kubernetesFlagKinds;
export type MesosFlag = keyof typeof mesosFlagKinds;
export type AutoscalerFlag = keyof typeof autoscalerFlagKinds;
