// The Kubernetes side (v1.32+ defaults), wired onto the engine: a kubelet per node; on every
// control-plane host kube-apiserver, an etcd member (Raft) and the leader-elected
// kube-controller-manager and kube-scheduler. The controllers of the current Lease holders act:
// node lifecycle, taint eviction, ReplicaSet/Deployment, HPA; the scheduler binds. Pods are plain
// records (objects.ts) behind the API (clusterState.ts). FIDELITY.md §2.

import { narrateUnmodelledKeys, type UnmodelledKeys } from '../shared/unmodelled';
import { createActor } from 'xstate';
import type { AnyActorLogic, Actor } from 'xstate';
import type { FlagValue, LoadPoint } from '../../scenario/types';
import { KeyframeRecords } from '../shared/keyframes';
import { demandAt, stepLoad } from '../shared/load';
import type { SideDefinition, SideModel, SimContext } from '../shared/model';
import { phaseOf } from '../shared/periodic';
import { settledPlacement } from './initialPods';
import { ApiServers } from './apiServer';
import { ClusterState } from './clusterState';
import type { KubernetesFlags } from './defaults';
import { kubernetesDefaults } from './defaults';
import { EtcdCluster } from './etcdCluster';
import { HorizontalPodAutoscaler, MetricsServer, horizontalPodAutoscalerMachine } from './hpa';
import { Kubelet, kubeletMachine } from './kubelet';
import { LeaderElector, createElector } from './leaderElection';
import type { LeaderOnly } from './leadership';
import { NodeLifecycleController, nodeLifecycleControllerMachine } from './nodeLifecycleController';
import { randomSuffix, refreshPod } from './objects';
import { ReplicaSetController, replicaSetControllerMachine } from './replicaSetController';
import { KubeScheduler, kubeSchedulerMachine } from './scheduler';
import { Sampler } from './sampling';
import { snapshotOf } from './snapshot';
import { TaintEvictionController, taintEvictionControllerMachine } from './taintEviction';
import { applyScripted } from './scripted';

type Flags = KubernetesFlags & Record<string, FlagValue>;

export type ControllerActor = Actor<AnyActorLogic>;

export interface KubernetesModel {
  ctx: SimContext<KubernetesFlags>;
  state: ClusterState;
  etcd: EtcdCluster;
  api: ApiServers;
  kubelets: Map<string, Kubelet>;
  electors: Map<string, LeaderElector[]>;
  controlHosts: string[];
  load: Map<string, LoadPoint[]>;
  causes: { lost: Map<string, number | null>; fault: Map<string, number> };
}

function leaderOnly(
  machine: typeof nodeLifecycleControllerMachine,
  controller: LeaderOnly,
  ctx: SimContext<KubernetesFlags>,
) {
  const actor = createActor(machine, { clock: ctx.clock, input: { controller } });
  actor.start();
  return actor;
}

/** Kubernetes keys a scenario may set whose mechanism is not modelled (see unmodelled.ts). */
const KUBERNETES_UNMODELLED: UnmodelledKeys = {
  nodeStartupGracePeriod:
    'every node starts Ready, so the grace for a node never Ready never applies.',
  maxSurge: 'no scenario rolls out a new version, so rolling-update limits never apply.',
  maxUnavailable: 'no scenario rolls out a new version, so rolling-update limits never apply.',
  terminationGracePeriodSeconds:
    "a deleted pod exits replicaShutdown after SIGTERM (the app's own time to stop); no SIGKILL ends a longer shutdown at this grace.",
};

function createKubernetes(ctx: SimContext<Flags>): SideModel {
  const { clock, recorder, flags, scenario, rng } = ctx;
  narrateUnmodelledKeys(recorder, 'kubernetes', scenario.kubernetes, KUBERNETES_UNMODELLED);
  const controlHosts = ctx.hosts.filter((h) => h.role === 'control').map((h) => h.name);
  const workers = ctx.hosts.filter((h) => h.role === 'worker');
  const names = rng.get('kubernetes/names');
  const state = new ClusterState(
    ctx.hosts,
    scenario.apps,
    (app) => `${app}-${randomSuffix(() => names.next(), 10)}`,
  );
  for (const name of ['kube-controller-manager', 'kube-scheduler']) {
    state.leases.set(name, {
      name,
      holderIdentity: null,
      renewTime: 0,
      acquireTime: 0,
      leaseTransitions: 0,
      resourceVersion: 1,
    });
  }
  const load = new Map(scenario.apps.map((a) => [a.name, scenario.load[a.name] ?? []]));
  const causes = { lost: new Map<string, number | null>(), fault: new Map<string, number>() };

  // Runs start settled: every replica bound, running and Ready long ago.
  for (const p of settledPlacement(scenario.apps, workers)) {
    const d = state.deployments.get(p.app)!;
    const pod = state.newPod(d, `${d.replicaSet}-${randomSuffix(() => names.next(), 5)}`, -600_000);
    if (p.host) {
      const node = state.nodeByName.get(p.host)!;
      state.assume(pod, node);
      pod.node = node;
      node.pods.add(pod);
      pod.podPhase = 'Running';
      pod.apiReady = true;
      pod.readyTransitionTime = -600_000;
      pod.container = 'running';
      pod.containerStartedAt = -600_000;
    }
    refreshPod(pod);
  }

  const etcd = new EtcdCluster(ctx, controlHosts);
  const api = new ApiServers(ctx, etcd, controlHosts);

  const nlc = new NodeLifecycleController(ctx, state, api);
  nlc.firstPhase = phaseOf(rng.get('kubernetes/node-lifecycle'), flags.nodeMonitorPeriod);
  const taintEviction = new TaintEvictionController(ctx, state, api);
  const replicaSets = new ReplicaSetController(ctx, state, api, names);
  const scheduler = new KubeScheduler(ctx, state, api, rng.get('kubernetes/scheduler'));
  const autoscaled = scenario.apps.filter((a) => a.autoscale);
  const hpa = new HorizontalPodAutoscaler(ctx, state, api, autoscaled, rng.get('kubernetes/hpa'));
  const kcmActors = [
    leaderOnly(nodeLifecycleControllerMachine, nlc, ctx),
    leaderOnly(taintEvictionControllerMachine, taintEviction, ctx),
    leaderOnly(replicaSetControllerMachine, replicaSets, ctx),
    leaderOnly(horizontalPodAutoscalerMachine, hpa, ctx),
  ];
  const schedulerActors = [leaderOnly(kubeSchedulerMachine, scheduler, ctx)];

  const demand = (app: string) => demandAt(load.get(app) ?? [], clock.now);
  const sampler = new Sampler(state, scenario.apps);
  const servingCount = (app: string) => sampler.serving(app, demand);
  new MetricsServer(
    ctx,
    state,
    autoscaled,
    demand,
    servingCount,
    rng.get('kubernetes/metrics-server'),
  );

  const electionRng = rng.get('kubernetes/leader-election');
  const electors = new Map<string, LeaderElector[]>();
  for (const host of controlHosts) {
    const pair = (['kube-controller-manager', 'kube-scheduler'] as const).map((component) => {
      const actors = component === 'kube-controller-manager' ? kcmActors : schedulerActors;
      const elector = new LeaderElector(
        host,
        component,
        ctx,
        state,
        api,
        electionRng,
        {
          acquired: (h) => actors.forEach((a) => a.send({ type: 'leadership.acquired', host: h })),
          lost: () => actors.forEach((a) => a.send({ type: 'leadership.lost' })),
        },
        causes,
      );
      elector.initial(host === controlHosts[0]);
      createElector(elector, host === controlHosts[0], clock);
      return elector;
    });
    electors.set(host, pair);
  }
  for (const pair of electors.values()) for (const e of pair) e.actor.start();

  const kubeletRng = rng.get('kubernetes/kubelet');
  const kubelets = new Map<string, Kubelet>();
  for (const node of state.nodes) {
    const leasePhase = phaseOf(kubeletRng, flags.nodeLeaseDurationSeconds * 0.25);
    const statusPhase = phaseOf(kubeletRng, flags.nodeStatusUpdateFrequency);
    const kubelet = new Kubelet(
      node,
      ctx,
      state,
      api,
      {
        podReady: (pod) => {
          pod.causeSeq = recorder.emit({
            type: 'replica.running',
            subject: pod.id,
            host: node.name,
            cause: pod.causeSeq,
            native: 'Started',
            text: `${pod.id} is running on ${node.name} and Ready: its Service routes to it.`,
            data: { app: pod.app, node: node.name },
          }).seq;
        },
      },
      leasePhase,
      statusPhase,
    );
    kubelet.actor = createActor(kubeletMachine, { clock, input: { kubelet } });
    kubelets.set(node.name, kubelet);
  }
  for (const k of kubelets.values()) k.actor!.start();

  state.watchers = {
    podAdded: (pod) => scheduler.add(pod),
    podBound: (pod) => {
      kubelets.get(pod.host!)?.podBound(pod);
      taintEviction.podBound(pod);
    },
    podDeleting: (pod) => {
      taintEviction.podGone(pod);
      replicaSets.enqueue(state.deployments.get(pod.app)!, pod.causeSeq);
      if (pod.host) kubelets.get(pod.host)?.podDeleting(pod);
    },
    podRemoved: (pod, node) => {
      taintEviction.podGone(pod);
      replicaSets.enqueue(state.deployments.get(pod.app)!, null);
      if (node) scheduler.clusterEvent();
    },
    nodeChanged: (node, what) => {
      if (what === 'ready' && node.ready !== 'True') kubelets.get(node.name)?.wakeStatus();
      scheduler.clusterEvent();
      if (what === 'taints') taintEviction.nodeChanged(node);
    },
    deploymentScaled: (d, from, cause) => replicaSets.deploymentScaled(d, from, cause),
  };

  const model: KubernetesModel = {
    ctx,
    state,
    etcd,
    api,
    kubelets,
    electors,
    controlHosts,
    load,
    causes,
  };

  const records = new KeyframeRecords();
  return {
    schedulingLeaderHost: () => {
      for (const [host, [kcm]] of electors) if (kcm!.isLeader) return host;
      return null;
    },
    apply: (event, host, fault) => applyScripted(model, event, host, fault, stepLoad),
    sample: () => sampler.sample(demand),
    snapshot: () => snapshotOf(model, records),
  };
}

export const kubernetesSide: SideDefinition<Flags> = {
  side: 'kubernetes',
  defaults: kubernetesDefaults as Flags,
  leaderSubjects: ['etcd', 'kube-controller-manager', 'kube-scheduler'],
  create: createKubernetes,
};
