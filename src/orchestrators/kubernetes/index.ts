// The Kubernetes side, wired onto the engine. This build models the path from a silent kubelet
// to a node marked Unknown with the real flags; scheduling, eviction, the HPA and elections come
// with the full model (issue 4) and are narrated as absent, never faked.

import { createActor } from 'xstate';
import type { FlagValue } from '../../scenario/types';
import type { HostSpec } from '../shared/cluster';
import { demandAt, stepLoad } from '../shared/load';
import type { SideDefinition, SideModel, SimContext } from '../shared/model';
import { phaseOf } from '../shared/periodic';
import type { Replica } from '../shared/replicas';
import { initialPlacement, sampleApps } from '../shared/replicas';
import { kubernetesDefaults } from './defaults';
import { kubeletMachine } from './kubelet';
import type { NodeHealth } from './nodeHealth';
import { monitorPass } from './nodeHealth';
import { nodeLifecycleControllerMachine } from './nodeLifecycleController';

type Flags = typeof kubernetesDefaults & Record<string, FlagValue>;

const API = 'kube-apiserver';
const LEADER_HOST = 'control-1';

function createKubernetes(ctx: SimContext<Flags>): SideModel {
  const { clock, recorder, network, flags, scenario } = ctx;
  const hostByName = new Map<string, HostSpec>(ctx.hosts.map((h) => [h.name, h]));
  const workers = ctx.hosts.filter((h) => h.role === 'worker');
  const nodes = ctx.hosts; // control-plane hosts run a kubelet too (tainted NoSchedule)
  const load = new Map(scenario.apps.map((a) => [a.name, scenario.load[a.name] ?? []]));
  const desired = new Map(scenario.apps.map((a) => [a.name, a.replicas]));
  const lastFault = new Map<string, number>();

  recorder.emit({
    type: 'model.note',
    subject: 'kubernetes',
    native: null,
    text:
      'This build models kubelet Lease renewals and the node lifecycle controller; scheduling, ' +
      'eviction, the HPA and leader elections are not modelled yet, so nothing is rescheduled.',
  });
  for (const subject of ['etcd', 'kube-controller-manager', 'kube-scheduler']) {
    recorder.emit({
      type: 'leader.elected',
      subject,
      host: LEADER_HOST,
      native: subject === 'etcd' ? 'leader' : 'LeaderElection',
      text: `${LEADER_HOST} holds ${subject} leadership as the run starts.`,
    });
  }

  // The API server's view of each node's Lease (kube-node-lease), on its own clock.
  const leaseRenewTime = new Map<string, number>();
  const renewLease = (node: string) => {
    const to = apiEndpoint();
    if (!to) return;
    network.send('lease.renew', `${node}/kubelet`, `${to}/${API}`, () =>
      leaseRenewTime.set(node, clock.now),
    );
  };
  // kube-apiserver sits behind a load balancer: a kubelet reaches whichever instance is up.
  const apiEndpoint = () =>
    ctx.hosts.find((h) => h.role === 'control' && network.isPowered(h.name))?.name ?? null;

  const kubeletRng = ctx.rng.get('kubernetes/kubelet');
  const kubelets = new Map(
    nodes.map((n) => {
      const actor = createActor(kubeletMachine, {
        clock,
        input: {
          node: n.name,
          renewLease,
          leaseDurationMs: flags.nodeLeaseDurationSeconds,
          phaseMs: phaseOf(kubeletRng, flags.nodeLeaseDurationSeconds * 0.25),
        },
      });
      actor.start();
      return [n.name, actor] as const;
    }),
  );
  for (const n of nodes) leaseRenewTime.set(n.name, 0);

  const health = new Map<string, NodeHealth>(
    nodes.map((n) => [
      n.name,
      { node: n.name, seenRenewTime: -1, probeTimestamp: 0, ready: 'True', transitionTime: 0 },
    ]),
  );
  const replicas: Replica[] = initialPlacement(scenario.apps, workers).map((p, i) => ({
    id: `${p.app}-${i + 1}`,
    app: p.app,
    host: p.host,
    state: p.host ? 'Running' : 'Pending',
    phase: p.host ? 'running' : 'pending',
    serving: p.host !== null,
  }));

  const monitorNodes = () => {
    const grace = flags.nodeMonitorGracePeriod;
    for (const change of monitorPass(
      health.values(),
      (n) => leaseRenewTime.get(n),
      clock.now,
      grace,
    )) {
      const node = change.node;
      if (change.to === 'Unknown') {
        recorder.emit({
          type: 'host.unreachable',
          subject: node,
          host: node,
          cause: lastFault.get(node) ?? null,
          native: 'NodeStatusUnknown',
          text: `${node} has not renewed its Lease for ${grace / 1000} s (node-monitor-grace-period): Ready is now Unknown.`,
          data: { condition: 'Ready', from: change.from, to: 'Unknown' },
        });
        for (const r of replicas) if (r.host === node) r.serving = false;
      } else {
        recorder.emit({
          type: 'host.reachable',
          subject: node,
          host: node,
          cause: lastFault.get(node) ?? null,
          native: 'NodeReady',
          text: `${node} renewed its Lease again: Ready is True.`,
          data: { condition: 'Ready', from: change.from, to: 'True' },
        });
        for (const r of replicas) if (r.host === node && network.isPowered(node)) r.serving = true;
      }
    }
  };
  const controller = createActor(nodeLifecycleControllerMachine, {
    clock,
    input: {
      monitorNodes,
      monitorPeriodMs: flags.nodeMonitorPeriod,
      phaseMs: phaseOf(ctx.rng.get('kubernetes/node-lifecycle'), flags.nodeMonitorPeriod),
    },
  });
  controller.start();

  return {
    schedulingLeaderHost: () => (network.isPowered(LEADER_HOST) ? LEADER_HOST : null),
    apply(event, host, fault) {
      if (host) lastFault.set(host, fault.seq);
      switch (event.do) {
        case 'fail-node':
          kubelets.get(host!)?.send({ type: 'host.powerOff' });
          for (const r of replicas) if (r.host === host) r.serving = false;
          if (host === LEADER_HOST) controller.send({ type: 'leadership.lost' });
          break;
        case 'recover-node':
          kubelets.get(host!)?.send({ type: 'host.powerOn' });
          // The kubelet restarts its pods' containers; they serve again once the node is Ready.
          clock.setTimeout(() => {
            const ready = health.get(host!)?.ready !== 'Unknown';
            for (const r of replicas) if (r.host === host && ready) r.serving = true;
          }, flags.replicaStartup);
          if (host === LEADER_HOST) controller.send({ type: 'leadership.acquired' });
          break;
        case 'set-load':
          load.set(event.target, stepLoad(load.get(event.target) ?? [], clock.now, event.cpuMilli));
          break;
        case 'scale':
          desired.set(event.target, event.replicas);
          break;
        default:
          break;
      }
    },
    sample: () =>
      sampleApps(
        scenario.apps,
        replicas,
        hostByName,
        (app) => demandAt(load.get(app) ?? [], clock.now),
        (app) => desired.get(app) ?? 0,
      ),
    snapshot: () => ({
      hosts: ctx.hosts.map((h) => ({
        name: h.name,
        role: h.role,
        zone: h.zone,
        power: network.isPowered(h.name) ? 'on' : 'off',
        partitioned: network.isPartitioned(h.name),
        status: health.get(h.name)?.ready === 'Unknown' ? 'Unknown' : 'Ready',
        schedulable: h.role === 'worker',
        processes: [],
      })),
      replicas: replicas.map((r) => ({
        id: r.id,
        app: r.app,
        host: r.host,
        state: r.state,
        phase: r.phase,
      })),
    }),
  };
}

export const kubernetesSide: SideDefinition<Flags> = {
  side: 'kubernetes',
  defaults: kubernetesDefaults as Flags,
  leaderSubjects: ['etcd', 'kube-controller-manager', 'kube-scheduler'],
  create: createKubernetes,
};
