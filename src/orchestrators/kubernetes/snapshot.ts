// Keyframes of the Kubernetes side: every host with its processes under their real state names,
// and every pod with its phase, so any moment can be drawn without re-simulating.

import type { HostState, Keyframe, ProcessState, ReplicaState } from '../../run/types';
import type { KeyframeRecords } from '../shared/keyframes';
import type { KubernetesModel } from './index';
import type { NodeObject } from './objects';

function hostStatus(node: NodeObject): string {
  const ready = node.ready === 'True' ? 'Ready' : node.ready === 'Unknown' ? 'Unknown' : 'NotReady';
  return node.unschedulable ? `${ready},SchedulingDisabled` : ready;
}

export function snapshotOf(model: KubernetesModel, records: KeyframeRecords): Omit<Keyframe, 't'> {
  const { state, ctx, etcd, api, kubelets, electors } = model;
  const hosts: HostState[] = state.nodes.map((node) => {
    const processes: ProcessState[] = [];
    const member = etcd.members.get(node.name);
    if (member) {
      processes.push({
        name: 'kube-apiserver',
        state: api.state(node.name),
        leader: false,
        term: null,
      });
      processes.push({
        name: 'etcd',
        state: member.role,
        leader: member.role === 'leader',
        term: member.term,
      });
      for (const e of electors.get(node.name) ?? []) {
        const value = e.actor.getSnapshot().value;
        processes.push({
          name: e.component,
          state: value === 'leader' ? 'leader' : value === 'stopped' ? 'stopped' : 'standby',
          leader: value === 'leader',
          term: e.term,
        });
      }
    }
    const kubelet = kubelets.get(node.name);
    processes.push({
      name: 'kubelet',
      state: kubelet ? kubelet.processState() : 'stopped',
      leader: false,
      term: null,
    });
    return {
      name: node.name,
      role: node.control ? 'control' : 'worker',
      zone: node.spec.zone,
      power: ctx.network.isPowered(node.name) ? 'on' : 'off',
      partitioned: ctx.network.isPartitioned(node.name),
      status: hostStatus(node),
      schedulable:
        !node.control && !node.unschedulable && !node.taints.some((t) => t.effect === 'NoSchedule'),
      processes,
    };
  });
  const replicas: ReplicaState[] = [];
  for (const pod of state.pods) {
    replicas.push(records.replica(pod.id, pod.app, pod.host, pod.state, pod.phase));
  }
  return { hosts: records.hosts(hosts), replicas: records.replicas(replicas) };
}
