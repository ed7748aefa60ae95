// Kubernetes v1.32+ defaults, keyed by scenario key (camelCase of the real flag or field). Times
// are simulated ms. Each comment names where upstream keeps the number (FIDELITY.md §2).

import type { KubernetesFlag } from '../../scenario/flags';

export const kubernetesDefaults = {
  // Ours (FIDELITY.md §1): placement-to-ready and SIGTERM-to-exit of a replica, and LAN latency.
  replicaStartup: 2_000,
  replicaShutdown: 1_000,
  networkLatency: 2,

  // kubelet --node-status-update-frequency (pkg/kubelet/apis/config/v1beta1/defaults.go)
  nodeStatusUpdateFrequency: 10_000,
  // kubelet --node-status-report-frequency (same file)
  nodeStatusReportFrequency: 300_000,
  // kubelet --node-lease-duration-seconds: the Lease is renewed every 0.25 × 40 s = 10 s
  nodeLeaseDurationSeconds: 40_000,

  // kube-controller-manager --node-monitor-period
  // (pkg/controller/nodelifecycle/node_lifecycle_controller.go; cmd/kube-controller-manager defaults)
  nodeMonitorPeriod: 5_000,
  // --node-monitor-grace-period: 50 s since v1.32 (PR #126287), 40 s before
  nodeMonitorGracePeriod: 50_000,
  // --node-startup-grace-period
  nodeStartupGracePeriod: 60_000,
  // --node-eviction-rate: NoExecute taints per second per zone
  nodeEvictionRate: 0.1,
  // --secondary-node-eviction-rate: in PartialDisruption of a large zone
  secondaryNodeEvictionRate: 0.01,
  // --large-cluster-size-threshold
  largeClusterSizeThreshold: 50,
  // --unhealthy-zone-threshold
  unhealthyZoneThreshold: 0.55,

  // kube-apiserver --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds
  // (plugin/pkg/admission/defaulttolerationseconds), acted on by
  // pkg/controller/tainteviction/taint_eviction.go
  defaultNotReadyTolerationSeconds: 300_000,
  defaultUnreachableTolerationSeconds: 300_000,

  // Deployment spec.strategy.rollingUpdate (pkg/apis/apps/v1/defaults.go)
  maxSurge: '25%',
  maxUnavailable: '25%',
  // Pod spec.terminationGracePeriodSeconds (pkg/apis/core/v1/defaults.go)
  terminationGracePeriodSeconds: 30_000,

  // KubeSchedulerConfiguration (pkg/scheduler/apis/config/v1/defaults.go)
  podInitialBackoffSeconds: 1_000,
  podMaxBackoffSeconds: 10_000,
  percentageOfNodesToScore: 0,

  // kube-controller-manager HPA flags (pkg/controller/podautoscaler/config/v1alpha1/defaults.go)
  horizontalPodAutoscalerSyncPeriod: 15_000,
  horizontalPodAutoscalerTolerance: 0.1,
  horizontalPodAutoscalerDownscaleStabilization: 300_000,
  horizontalPodAutoscalerCpuInitializationPeriod: 300_000,
  horizontalPodAutoscalerInitialReadinessDelay: 30_000,
  // metrics-server --metric-resolution (not confirmed from source: older releases 60 s)
  metricResolution: 15_000,

  // --leader-elect-* (staging/src/k8s.io/component-base/config/v1alpha1/defaults.go;
  // client-go tools/leaderelection/leaderelection.go)
  leaderElectLeaseDuration: 15_000,
  leaderElectRenewDeadline: 10_000,
  leaderElectRetryPeriod: 2_000,

  // etcd --heartbeat-interval / --election-timeout / --pre-vote (server/embed/config.go; v3.5+)
  heartbeatInterval: 100,
  electionTimeout: 1_000,
  preVote: true,
} satisfies Record<KubernetesFlag, number | boolean | string | null>;

export type KubernetesFlags = { [K in KubernetesFlag]: (typeof kubernetesDefaults)[K] };

/** Upstream constants that are no flag (not overridable from a scenario), with their sources. */
export const kubernetesConstants = {
  // component-helpers/apimachinery/lease/controller.go backoffEnsureLease: a failed renewal is
  // retried after 200 ms, doubling, at most 7 s (maxBackoff). Not confirmed from source: FIDELITY §8.
  leaseRetryInitial: 200,
  leaseRetryMax: 7_000,
  // pkg/kubelet/status/status_manager.go syncPeriod: pod statuses are reconciled every 10 s.
  podStatusSyncPeriod: 10_000,
  // pkg/controller/nodelifecycle/scheduler NodeEvictionPeriod: the NoExecute tainting pass.
  nodeEvictionPeriod: 100,
  // node_lifecycle_controller.go evictionRateLimiterBurst
  evictionRateLimiterBurst: 1,
  // pkg/controller/replicaset/replica_set.go BurstReplicas; controller_utils.go SlowStartInitialBatchSize
  burstReplicas: 500,
  slowStartInitialBatchSize: 1,
  // client-go util/workqueue DefaultControllerRateLimiter: per-item 5 ms doubling to 1000 s.
  workqueueBaseDelay: 5,
  workqueueMaxDelay: 1_000_000,
  // pkg/scheduler/internal/queue/scheduling_queue.go DefaultPodMaxInUnschedulablePodsDuration and
  // the 30 s flushUnschedulablePodsLeftover loop.
  podMaxInUnschedulablePodsDuration: 300_000,
  unschedulableFlushPeriod: 30_000,
  // pkg/scheduler/schedule_one.go minFeasibleNodesToFind / minFeasibleNodesPercentageToFind
  minFeasibleNodesToFind: 100,
  minFeasibleNodesPercentageToFind: 5,
  // client-go tools/leaderelection JitterFactor: acquire tries every retryPeriod × (1 + U[0, 1.2)).
  leaderElectJitterFactor: 1.2,
} as const;
