// The API objects the Kubernetes side keeps (what etcd stores behind kube-apiserver): Nodes with
// their Lease, Pods, Deployments and the leader-election Leases. Plain records owned by the
// controllers (DESIGN.md rule 4), with incremental indexes so no pass scans every pod.

import type { HostSpec } from '../shared/cluster';
import type { Replica } from '../shared/replicas';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';

export interface Taint {
  key: string;
  effect: 'NoSchedule' | 'NoExecute';
}

export interface NodeObject {
  name: string;
  index: number;
  spec: HostSpec;
  /** topology.kubernetes.io/zone; control-plane hosts have none ("" upstream). */
  zone: string;
  control: boolean;
  unschedulable: boolean;
  taints: Taint[];
  /** The Ready condition as stored in the API. */
  ready: ConditionStatus;
  readyReason: string;
  /** The Ready condition's lastHeartbeatTime (API clock) from the kubelet's last status post. */
  heartbeatTime: number;
  /** kube-node-lease Lease spec.renewTime. */
  leaseRenewTime: number;
  /** The scheduler's view of requests on the node: every pod bound here, Terminating ones too. */
  requestedCpu: number;
  requestedMemory: number;
  pods: Set<Pod>;
  /** Pods whose Ready condition the kubelet must post again (set by MarkPodsNotReady). */
  podStatusDirty: boolean;
  /** `seq` of the scripted event that last touched this host, for `cause`. */
  faultSeq: number | null;
  /** `seq` of the event that put the current NoExecute taint on, for `cause`. */
  noExecuteSeq: number | null;
}

export type ContainerState = 'none' | 'creating' | 'running' | 'exited';

export interface Pod extends Replica {
  uid: number;
  /** default/<name> in messages; `id` is the pod name. */
  cpu: number;
  memory: number;
  /** spec.nodeName */
  node: NodeObject | null;
  /** status.phase as the API stores it. */
  podPhase: 'Pending' | 'Running';
  /** metadata.deletionTimestamp is set: Terminating. */
  deleting: boolean;
  deletionReason: string | null;
  /** The Ready condition in the API (what Services route by). */
  apiReady: boolean;
  readyTransitionTime: number;
  /** What the container runtime on the node is doing, whatever the API believes. */
  container: ContainerState;
  containerStartedAt: number;
  createdAt: number;
  /** metrics-server's latest sample for the pod: usage in millicores and its timestamp. */
  metricUsage: number | null;
  metricTime: number;
  /** `seq` of the event that last changed this pod, for `cause`. */
  causeSeq: number | null;
}

export interface Deployment {
  app: string;
  replicaSet: string;
  /** spec.replicas of the Deployment (and of its one ReplicaSet). */
  replicas: number;
  cpu: number;
  memory: number;
  pods: Set<Pod>;
}

export interface LeaseObject {
  name: string;
  holderIdentity: string | null;
  renewTime: number;
  acquireTime: number;
  leaseTransitions: number;
  /** metadata.resourceVersion: bumped on every write. */
  resourceVersion: number;
}

/** "default/web-5d8f9c7b4-x2x7k" */
export function podRef(pod: Pod): string {
  return `default/${pod.id}`;
}

/** Refresh the shared Replica fields from the API and runtime state. */
export function refreshPod(pod: Pod): void {
  pod.host = pod.node ? pod.node.name : null;
  pod.serving = pod.container === 'running' && pod.apiReady && !pod.deleting;
  if (pod.deleting) {
    pod.state = 'Terminating';
    pod.phase = pod.container === 'running' || pod.container === 'creating' ? 'stopping' : 'lost';
  } else if (!pod.node) {
    pod.state = 'Pending';
    pod.phase = 'pending';
  } else if (pod.podPhase === 'Pending') {
    pod.state = 'ContainerCreating';
    pod.phase = 'starting';
  } else {
    pod.state = 'Running';
    pod.phase = pod.apiReady ? 'running' : 'lost';
  }
}

// apimachinery/pkg/util/rand: the alphabet of generated name suffixes (no vowels, no 0 1 3).
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(next: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMS[Math.floor(next() * ALPHANUMS.length)];
  return out;
}
