// Scripted events on the Kubernetes side: power and partitions, one process stopped or started,
// and what an operator does with kubectl (scale, cordon, uncordon, drain).

import type { RunEvent } from '../../run/types';
import type { LoadPoint, ScenarioEvent } from '../../scenario/types';
import type { KubernetesModel } from './index';
import type { NodeObject, Pod } from './objects';
import { TAINT_UNSCHEDULABLE, podRef } from './objects';

type Scripted = Exclude<ScenarioEvent, { do: null }>;
const KUBECTL = 'operator/kubectl';
const K8S_COMPONENTS = new Set([
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'kubelet',
]);

export function applyScripted(
  model: KubernetesModel,
  event: Scripted,
  host: string | null,
  fault: RunEvent,
  stepLoad: (points: readonly LoadPoint[], t: number, cpuMilli: number) => LoadPoint[],
): void {
  const { state, ctx, etcd } = model;
  const node = host ? (state.nodeByName.get(host) ?? null) : null;
  if (host) {
    model.causes.fault.set(host, fault.seq);
    if (node) node.faultSeq = fault.seq;
    if (model.controlHosts.includes(host)) etcd.faultSeq = fault.seq;
  }
  switch (event.do) {
    case 'fail-node':
      if (node) powerOff(model, node);
      return;
    case 'recover-node':
      if (node) powerOn(model, node);
      return;
    case 'partition-node':
    case 'heal-node':
      return; // the network cuts and restores messages; every process runs on
    case 'stop':
    case 'start':
      return component(model, event.do, event.component, node, fault);
    case 'set-load':
      model.load.set(
        event.target,
        stepLoad(model.load.get(event.target) ?? [], ctx.clock.now, event.cpuMilli),
      );
      state.touch();
      return;
    case 'scale':
      return scale(model, event.target, event.replicas, fault);
    case 'cordon':
    case 'uncordon':
    case 'drain':
      if (node) maintenance(model, event.do, node, fault);
      return;
  }
}

function powerOff(model: KubernetesModel, node: NodeObject): void {
  model.kubelets.get(node.name)?.powerOff();
  if (!node.control) return;
  model.etcd.stop(node.name);
  for (const e of model.electors.get(node.name) ?? []) e.actor.send({ type: 'process.stop' });
}

function powerOn(model: KubernetesModel, node: NodeObject): void {
  const kubelet = model.kubelets.get(node.name);
  if (kubelet) {
    kubelet.processUp = true;
    kubelet.actor?.send({ type: 'process.start' });
  }
  if (!node.control) return;
  model.api.setRunning(node.name, true);
  model.etcd.start(node.name);
  for (const e of model.electors.get(node.name) ?? []) e.restart();
}

function component(
  model: KubernetesModel,
  action: 'stop' | 'start',
  name: string,
  node: NodeObject | null,
  fault: RunEvent,
): void {
  const { recorder } = model.ctx;
  const onHost = node && (name === 'kubelet' || node.control);
  if (!K8S_COMPONENTS.has(name) || !node || !onHost) {
    recorder.emit({
      type: 'fault.ignored',
      subject: name,
      host: node?.name ?? null,
      cause: fault.seq,
      text: K8S_COMPONENTS.has(name)
        ? `${node?.name ?? 'That host'} runs no ${name} on the Kubernetes side: nothing happens here.`
        : `Kubernetes has no ${name}: nothing happens on this side.`,
      data: { component: name, do: action },
    });
    return;
  }
  const host = node.name;
  const start = action === 'start';
  if (!model.ctx.network.isPowered(host)) return;
  switch (name) {
    case 'kubelet': {
      const kubelet = model.kubelets.get(host)!;
      kubelet.processUp = start;
      kubelet.actor?.send({ type: start ? 'process.start' : 'process.stop' });
      if (!start && recorder.firstTime('kubernetes/kubelet-stopped')) {
        recorder.emit({
          type: 'model.note',
          subject: 'kubelet',
          host,
          cause: fault.seq,
          text: `The kubelet on ${host} stops: to the control plane the node looks dead, but its containers run on (orphans once their pods are deleted).`,
        });
      }
      return;
    }
    case 'etcd':
      if (start) model.etcd.start(host);
      else model.etcd.stop(host);
      return;
    case 'kube-apiserver':
      model.api.setRunning(host, start);
      return;
    default:
      for (const e of model.electors.get(host) ?? []) {
        if (e.component !== name) continue;
        if (start) e.restart();
        else e.actor.send({ type: 'process.stop' });
      }
  }
}

function scale(model: KubernetesModel, app: string, replicas: number, fault: RunEvent): void {
  const { state, api, ctx } = model;
  const d = state.deployments.get(app);
  if (!d) return;
  api.request(
    'scale.update',
    KUBECTL,
    null,
    () => {
      const from = d.replicas;
      const event = ctx.recorder.emit({
        type: 'app.scaled',
        subject: app,
        host: null,
        cause: fault.seq,
        native: 'kubectl scale',
        text: `deployment.apps/${app} scaled from ${from} to ${replicas} by hand.`,
        data: { from, to: replicas, by: 'user' },
      });
      state.scaleDeployment(d, replicas, event.seq);
    },
    (ok) => {
      if (!ok) failedKubectl(model, `kubectl scale deployment/${app}`, fault);
    },
  );
}

function failedKubectl(model: KubernetesModel, what: string, fault: RunEvent): void {
  model.ctx.recorder.emit({
    type: 'kubectl.failed',
    subject: 'kubectl',
    host: null,
    cause: fault.seq,
    text: `${what} fails: no kube-apiserver can write (etcd has no quorum).`,
  });
}

function maintenance(
  model: KubernetesModel,
  action: 'cordon' | 'uncordon' | 'drain',
  node: NodeObject,
  fault: RunEvent,
): void {
  const { state, api, ctx } = model;
  const { recorder } = ctx;
  const cordon = action !== 'uncordon';
  api.request(
    'node.update',
    KUBECTL,
    null,
    () => {
      state.setUnschedulable(node, cordon);
      // TaintNodesByCondition mirrors spec.unschedulable as a NoSchedule taint.
      const taint = { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' as const };
      state.setTaints(node, cordon ? [taint] : [], cordon ? [] : [taint]);
      recorder.emit({
        type: cordon ? 'node.cordoned' : 'node.uncordoned',
        subject: node.name,
        host: node.name,
        cause: fault.seq,
        native: cordon ? 'NodeNotSchedulable' : 'NodeSchedulable',
        text: `node/${node.name} ${cordon ? 'cordoned' : 'uncordoned'} (spec.unschedulable: ${cordon}).`,
      });
      if (action === 'drain') drain(model, node, fault);
    },
    (ok) => {
      if (!ok) failedKubectl(model, `kubectl ${action} ${node.name}`, fault);
    },
  );
}

/** kubectl drain: every pod evicted at once through the Eviction API (no PodDisruptionBudgets). */
function drain(model: KubernetesModel, node: NodeObject, fault: RunEvent): void {
  const { state, api, ctx } = model;
  const pods: Pod[] = [...node.pods].filter((p) => !p.deleting);
  let left = pods.length;
  const finished = () => {
    ctx.recorder.emit({
      type: 'node.drained',
      subject: node.name,
      host: node.name,
      cause: fault.seq,
      native: 'drained',
      text: `node/${node.name} drained`,
    });
  };
  if (left === 0) finished();
  for (const pod of pods) {
    api.request('pods.eviction', KUBECTL, null, () => {
      if (!state.pods.has(pod) || pod.deleting) return;
      pod.causeSeq = ctx.recorder.emit({
        type: 'replica.stopped',
        subject: pod.id,
        host: node.name,
        cause: fault.seq,
        native: 'EvictionByEvictionAPI',
        text: `Evicting pod ${podRef(pod)}: the Eviction API marks it for deletion; its ReplicaSet replaces it at once while it shuts down.`,
        data: { app: pod.app, node: node.name, reason: 'drain' },
      }).seq;
      state.markDeleting(pod, 'EvictionByEvictionAPI');
    });
  }
  // kubectl waits until the evicted pods are gone.
  const check = () => {
    left = pods.filter((p) => state.pods.has(p)).length;
    if (left === 0) finished();
    else ctx.clock.setTimeout(check, 1000);
  };
  if (pods.length > 0) ctx.clock.setTimeout(check, ctx.flags.replicaShutdown);
}
