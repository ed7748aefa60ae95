// What etcd holds for this side, with the incremental indexes the controllers read (pods by
// node, by Deployment) and the watch notifications an informer would deliver. Mutations happen
// only inside committed API requests (apiServer.ts); watchers run at once, in the same instant.

import type { HostSpec } from '../shared/cluster';
import type { AppSpec } from '../../scenario/types';
import type { ConditionStatus, Deployment, LeaseObject, NodeObject, Pod, Taint } from './objects';
import { TAINT_CONTROL_PLANE, refreshPod } from './objects';

export interface Watchers {
  podAdded: (pod: Pod) => void;
  podBound: (pod: Pod) => void;
  podDeleting: (pod: Pod) => void;
  podRemoved: (pod: Pod, node: NodeObject | null) => void;
  nodeChanged: (node: NodeObject, what: 'taints' | 'unschedulable' | 'ready') => void;
  deploymentScaled: (deployment: Deployment, from: number, cause: number | null) => void;
}

export class ClusterState {
  readonly nodes: NodeObject[] = [];
  readonly nodeByName = new Map<string, NodeObject>();
  readonly pods = new Set<Pod>();
  readonly deployments = new Map<string, Deployment>();
  readonly leases = new Map<string, LeaseObject>();
  /** Bumped on every change that a sample can see (pods serving, phases, desired counts). */
  version = 0;
  private nextUid = 1;
  watchers: Watchers = {
    podAdded: () => {},
    podBound: () => {},
    podDeleting: () => {},
    podRemoved: () => {},
    nodeChanged: () => {},
    deploymentScaled: () => {},
  };

  constructor(
    hosts: readonly HostSpec[],
    apps: readonly AppSpec[],
    replicaSetName: (app: string) => string,
  ) {
    hosts.forEach((spec, index) => {
      const control = spec.role === 'control';
      const node: NodeObject = {
        name: spec.name,
        index,
        // Control-plane hosts in the scenario have no size; a kubeadm control-plane node runs
        // only its static pods, and the taint keeps every app pod off it anyway.
        spec: control ? { ...spec, cpuMilli: 2000, memoryBytes: 4 * 1024 ** 3 } : spec,
        zone: spec.zone ?? '',
        control,
        unschedulable: false,
        taints: control ? [{ key: TAINT_CONTROL_PLANE, effect: 'NoSchedule' }] : [],
        ready: 'True',
        readyReason: 'KubeletReady',
        heartbeatTime: 0,
        leaseRenewTime: 0,
        requestedCpu: 0,
        requestedMemory: 0,
        pods: new Set(),
        podStatusDirty: false,
        faultSeq: null,
        noExecuteSeq: null,
      };
      this.nodes.push(node);
      this.nodeByName.set(node.name, node);
    });
    for (const app of apps) {
      this.deployments.set(app.name, {
        app: app.name,
        replicaSet: replicaSetName(app.name),
        replicas: app.replicas,
        cpu: app.cpuMilli,
        memory: app.memoryBytes,
        pods: new Set(),
      });
    }
  }

  touch(): void {
    this.version++;
  }

  newPod(deployment: Deployment, name: string, now: number): Pod {
    const pod: Pod = {
      id: name,
      app: deployment.app,
      host: null,
      state: 'Pending',
      phase: 'pending',
      serving: false,
      uid: this.nextUid++,
      cpu: deployment.cpu,
      memory: deployment.memory,
      node: null,
      podPhase: 'Pending',
      deleting: false,
      deletionReason: null,
      apiReady: false,
      readyTransitionTime: now,
      container: 'none',
      containerStartedAt: -1,
      createdAt: now,
      metricUsage: null,
      metricTime: -1,
      causeSeq: null,
    };
    this.pods.add(pod);
    deployment.pods.add(pod);
    this.touch();
    return pod;
  }

  addPod(pod: Pod): void {
    this.watchers.podAdded(pod);
  }

  /** The scheduler's cache counts a pod on its node from the moment it assumes the binding. */
  assume(pod: Pod, node: NodeObject): void {
    node.requestedCpu += pod.cpu;
    node.requestedMemory += pod.memory;
  }

  forget(pod: Pod, node: NodeObject): void {
    node.requestedCpu -= pod.cpu;
    node.requestedMemory -= pod.memory;
  }

  bind(pod: Pod, node: NodeObject): void {
    pod.node = node;
    node.pods.add(pod);
    refreshPod(pod);
    this.touch();
    this.watchers.podBound(pod);
  }

  setPodRunning(pod: Pod, ready: boolean, now: number): void {
    pod.podPhase = 'Running';
    this.setPodReady(pod, ready, now);
  }

  setPodReady(pod: Pod, ready: boolean, now: number): void {
    if (pod.apiReady !== ready) pod.readyTransitionTime = now;
    pod.apiReady = ready;
    refreshPod(pod);
    this.touch();
  }

  markDeleting(pod: Pod, reason: string): void {
    if (pod.deleting) return;
    pod.deleting = true;
    pod.deletionReason = reason;
    refreshPod(pod);
    this.touch();
    this.watchers.podDeleting(pod);
  }

  /** The pod object is gone from the API (its kubelet confirmed, or it was never bound). */
  remove(pod: Pod): void {
    if (!this.pods.delete(pod)) return;
    this.deployments.get(pod.app)?.pods.delete(pod);
    const node = pod.node;
    if (node) {
      node.pods.delete(pod);
      this.forget(pod, node);
    }
    this.touch();
    this.watchers.podRemoved(pod, node);
  }

  setNodeReady(node: NodeObject, status: ConditionStatus, reason: string): void {
    if (node.ready === status) return;
    node.ready = status;
    node.readyReason = reason;
    this.touch();
    this.watchers.nodeChanged(node, 'ready');
  }

  hasTaint(node: NodeObject, key: string, effect: Taint['effect']): boolean {
    for (const t of node.taints) if (t.key === key && t.effect === effect) return true;
    return false;
  }

  setTaints(node: NodeObject, add: Taint[], remove: Taint[]): boolean {
    let changed = false;
    for (const r of remove) {
      const i = node.taints.findIndex((t) => t.key === r.key && t.effect === r.effect);
      if (i >= 0) {
        node.taints.splice(i, 1);
        changed = true;
      }
    }
    for (const a of add) {
      if (!this.hasTaint(node, a.key, a.effect)) {
        node.taints.push(a);
        changed = true;
      }
    }
    if (changed) {
      this.touch();
      this.watchers.nodeChanged(node, 'taints');
    }
    return changed;
  }

  setUnschedulable(node: NodeObject, value: boolean): void {
    if (node.unschedulable === value) return;
    node.unschedulable = value;
    this.touch();
    this.watchers.nodeChanged(node, 'unschedulable');
  }

  scaleDeployment(deployment: Deployment, replicas: number, cause: number | null): void {
    const from = deployment.replicas;
    if (from === replicas) return;
    deployment.replicas = replicas;
    this.touch();
    this.watchers.deploymentScaled(deployment, from, cause);
  }
}
