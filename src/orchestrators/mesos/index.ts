// The Mesos side, wired onto the engine: a ZooKeeper server, a mesos-master and Marathon on each
// control-plane host, a mesos-agent on each worker, the allocator inside the leading master,
// batch frameworks and marathon-autoscale when the scenario asks for them. Runs start settled:
// ZooKeeper led by control-N (highest sid), the leading master and Marathon on control-1.

import { narrateUnmodelledKeys, type UnmodelledKeys } from '../shared/unmodelled';
import type { HostState, ProcessState } from '../../run/types';
import type { HostSpec } from '../shared/cluster';
import { KeyframeRecords } from '../shared/keyframes';
import { demandAt, stepLoad } from '../shared/load';
import type { SideDefinition, SideModel, SimContext } from '../shared/model';
import { BatchFramework } from './batchFramework';
import { mesosDefaults } from './defaults';
import { deactivate, drain, hostStatus, reactivate } from './maintenance';
import { Marathon, MARATHON_LATCH } from './marathon';
import { MarathonAutoscale, autoscaleSettings } from './marathonAutoscale';
import { MesosAgent } from './mesosAgent';
import { MESOS_GROUP, MesosMaster, Registry } from './mesosMaster';
import { settledPlacement } from './placement';
import { Sampler } from './sampling';
import { TaskTable } from './tasks';
import type { Task } from './tasks';
import type { Flags, MesosWorld } from './world';
import { buildWorldEvents } from './worldEvents';
import { ZkEnsemble } from './zkEnsemble';

const KUBERNETES_ONLY = new Set([
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'kubelet',
]);

/** Mesos and Marathon keys a scenario may set whose mechanism is not modelled (see unmodelled.ts). */
const MESOS_UNMODELLED: UnmodelledKeys = {
  agentRemovalRateLimit:
    'agents are marked unreachable as soon as their pings time out, with no rate limit (the default, unlimited).',
  offerTimeout:
    'offers are never rescinded for age (the default: no offer_timeout); only when their agent or framework goes away.',
  failoverTimeout:
    'a framework is never torn down for being away; its tasks keep running until it re-registers.',
  gracePeriodSeconds: 'Marathon health checks are not modelled (no scenario defines one).',
  intervalSeconds: 'Marathon health checks are not modelled (no scenario defines one).',
  maxConsecutiveFailures: 'Marathon health checks are not modelled (no scenario defines one).',
  timeoutSeconds: 'Marathon health checks are not modelled (no scenario defines one).',
};

function createMesos(ctx: SimContext<Flags>): SideModel {
  const { clock, recorder, network, flags, scenario } = ctx;
  const hostByName = new Map<string, HostSpec>(ctx.hosts.map((h) => [h.name, h]));
  const workers = ctx.hosts.filter((h) => h.role === 'worker');
  const controls = ctx.hosts.filter((h) => h.role === 'control');
  const load = new Map(scenario.apps.map((a) => [a.name, scenario.load[a.name] ?? []]));
  const demand = (app: string) => demandAt(load.get(app) ?? [], clock.now);
  const tasks = new TaskTable();
  const registry = new Registry();

  const world = {
    ctx,
    flags,
    rng: (name: string) => ctx.rng.get(name),
    tasks,
    masters: new Map(),
    agents: new Map(),
    marathons: new Map(),
    batch: new Map(),
    allocator: null,
    detectedMaster: 'control-1',
    lastFault: new Map(),
    lastScripted: null,
    apps: new Map(scenario.apps.map((a) => [a.name, { spec: a, instances: a.replicas }])),
  } as unknown as MesosWorld;
  world.zk = new ZkEnsemble(world, controls.length);
  Object.assign(world, buildWorldEvents(world));
  tasks.onRelease = () => world.allocator?.resourcesFreed();

  recorder.emit({
    type: 'model.note',
    subject: 'mesos',
    text:
      'Mesos side: a ZooKeeper server, a mesos-master and Marathon on each control-plane host, a ' +
      'mesos-agent on each worker. The allocator in the leading master offers resources; ' +
      'Marathon accepts or declines them. Marathon health checks are not modelled (no scenario ' +
      'defines one).',
  });
  narrateUnmodelledKeys(recorder, 'mesos', scenario.mesos.flags, MESOS_UNMODELLED);

  // ZooKeeper, then the settled sessions and znodes of masters and Marathons.
  for (const h of controls) {
    world.masters.set(h.name, new MesosMaster(world, h.name, registry));
    world.marathons.set(h.name, new Marathon(world, h.name));
  }
  for (const w of workers) world.agents.set(w.name, new MesosAgent(world, w));
  const zk = world.zk;
  for (const [host, master] of world.masters) {
    const s = zk.seedSession(master.addr, host, zk.negotiate(flags.zkSessionTimeout));
    master.seed(s, host === 'control-1');
  }
  for (const [host, marathon] of world.marathons) {
    const s = zk.seedSession(marathon.addr, host, zk.negotiate(flags.marathonZkSessionTimeout));
    marathon.seed(s, host === 'control-1');
  }
  zk.onGroupChange = (parent) => {
    if (parent === MESOS_GROUP) world.detect();
    if (parent === MARATHON_LATCH) world.checkMarathonLatch();
  };
  zk.onServing = (serving, cause) => world.zkServing(serving, cause);
  zk.start();
  zk.startExpiry();

  const leader = world.masters.get('control-1')!;
  for (const spec of scenario.mesos.frameworks) {
    const fw = new BatchFramework(world, spec);
    world.batch.set(spec.name, fw);
    fw.seedRegistered('control-1');
    leader.seedFramework(fw, fw.driver);
  }
  leader.seedFramework(world.marathons.get('control-1')!, world.marathons.get('control-1')!.driver);

  for (const p of settledPlacement(scenario.apps, workers)) {
    const app = world.apps.get(p.app)!.spec;
    const t = tasks.create(app.name, 'marathon', app.cpuMilli, app.memoryBytes, 0);
    if (p.host === null) continue;
    tasks.place(t, p.host, 0);
    tasks.setState(t, 'TASK_RUNNING');
    tasks.setServing(t, true);
  }
  world.initialEvents();
  // Apps short of their instances at the start (no room) are queued by the leader's scale check.
  world.marathons.get('control-1')!.queue.scaleCheckAll(null);

  const sampler = new Sampler(scenario.apps, tasks, hostByName);
  const taskCpu = (task: Task) => {
    if (!task.serving) return 0;
    const n = tasks.serving.get(task.app) ?? 0;
    return n > 0 ? (sampler.used(demand).get(task.app) ?? 0) / n : 0;
  };
  if (scenario.mesos.autoscaler !== null) {
    for (const app of scenario.apps) {
      if (!app.autoscale) continue;
      new MarathonAutoscale(world, app, autoscaleSettings(app, scenario.mesos.autoscaler), taskCpu);
    }
  }

  const control = (host: string, component: string, start: boolean, fault: number) => {
    const master = world.masters.get(host);
    const marathon = world.marathons.get(host);
    const server = zk.serverOn(host);
    if (component === 'zookeeper' && server) {
      if (start) server.restart();
      else server.stop();
    } else if (component === 'mesos-master' && master) {
      if (start) master.start();
      else master.kill();
    } else if (component === 'marathon' && marathon) {
      if (start) marathon.start();
      else marathon.kill(true);
    } else if (component === 'mesos-agent' && world.agents.has(host)) {
      const agent = world.agents.get(host)!;
      if (start) agent.startProcess();
      else {
        agent.stopProcess();
        const m = world.leadingMaster();
        if (m && network.canReach(host, m.host)) m.agentExited(host);
      }
    } else {
      recorder.emit({
        type: 'component.absent',
        subject: component,
        host,
        cause: fault,
        native: null,
        text: KUBERNETES_ONLY.has(component)
          ? `Mesos has no ${component}: nothing happens on this side.`
          : `There is no ${component} on ${host} on the Mesos side: nothing happens.`,
      });
    }
  };

  const setServing = (host: string) => {
    for (const t of tasks.byAgent.get(host) ?? []) tasks.setServing(t, world.servingNow(t));
  };

  const maintenance = (
    host: string,
    fault: number,
    call: (m: MesosMaster) => void,
    what: string,
  ) => {
    const m = world.leadingMaster();
    if (m && m.state === 'leading') call(m);
    else {
      recorder.emit({
        type: 'maintenance.failed',
        subject: host,
        host,
        cause: fault,
        native: 'HTTP 503',
        text: `No mesos-master leads, so the operator's ${what} call for ${host} fails.`,
      });
    }
  };

  const records = new KeyframeRecords();
  return {
    schedulingLeaderHost: () => {
      const m = world.leadingMaster();
      return m ? m.host : null;
    },
    apply(event, host, fault) {
      if (host) world.lastFault.set(host, fault.seq);
      world.lastScripted = fault.seq;
      switch (event.do) {
        case 'fail-node':
          if (world.agents.has(host!)) {
            world.agents.get(host!)!.powerOff();
            setServing(host!);
          } else {
            zk.serverOn(host!)?.stop();
            world.masters.get(host!)?.kill();
            world.marathons.get(host!)?.kill(false);
          }
          break;
        case 'recover-node':
          if (world.agents.has(host!)) world.agents.get(host!)!.startProcess();
          else {
            zk.serverOn(host!)?.restart();
            if (world.masters.get(host!)?.state === 'stopped') world.masters.get(host!)!.start();
            const m = world.marathons.get(host!);
            if (m && m.state === 'stopped') m.start();
          }
          break;
        case 'partition-node':
        case 'heal-node':
          if (world.agents.has(host!)) setServing(host!);
          break;
        case 'stop':
        case 'start':
          control(host!, event.component, event.do === 'start', fault.seq);
          break;
        case 'scale': {
          const marathon = world.activeMarathon();
          if (!marathon?.putInstances(event.target, event.replicas, 'user', fault.seq)) {
            recorder.emit({
              type: 'scale.failed',
              subject: event.target,
              host: null,
              cause: fault.seq,
              native: 'HTTP 503',
              text: `No Marathon leads, so the user's PUT of ${event.replicas} instances of ${event.target} fails.`,
            });
          }
          break;
        }
        case 'set-load':
          load.set(event.target, stepLoad(load.get(event.target) ?? [], clock.now, event.cpuMilli));
          break;
        case 'cordon':
          maintenance(host!, fault.seq, (m) => deactivate(m, host!, fault.seq), 'DEACTIVATE_AGENT');
          break;
        case 'uncordon':
          maintenance(host!, fault.seq, (m) => reactivate(m, host!, fault.seq), 'REACTIVATE_AGENT');
          break;
        case 'drain':
          maintenance(host!, fault.seq, (m) => drain(m, host!, fault.seq), 'DRAIN_AGENT');
          break;
      }
    },
    sample: () => {
      const out = sampler.sample(demand, (app) => world.apps.get(app)?.instances ?? 0);
      if (scenario.mesos.autoscaler === null) world.narrateNoAutoscaler(out);
      return out;
    },
    snapshot: () => ({
      hosts: records.hosts(ctx.hosts.map((h) => hostState(world, h, registryStatus(world, h)))),
      replicas: records.replicas(
        [...tasks.live.values()].map((t) => records.replica(t.id, t.app, t.host, t.state, t.phase)),
      ),
    }),
  };
}

function registryStatus(world: MesosWorld, h: HostSpec): string {
  if (h.role === 'control') return 'REACHABLE';
  const m = world.leadingMaster() ?? world.masters.values().next().value;
  return m ? hostStatus(m, h.name) : 'REACHABLE';
}

function hostState(world: MesosWorld, h: HostSpec, status: string): HostState {
  const net = world.ctx.network;
  const processes: ProcessState[] = [];
  if (h.role === 'control') {
    const server = world.zk.serverOn(h.name);
    if (server) {
      processes.push({
        name: 'zookeeper',
        state: server.state,
        leader: server.state === 'LEADING' && server.serving,
        term: server.term,
      });
    }
    const master = world.masters.get(h.name);
    if (master) {
      processes.push({
        name: 'mesos-master',
        state: master.state,
        leader: master.leads,
        term: master.term,
      });
    }
    const marathon = world.marathons.get(h.name);
    if (marathon) {
      processes.push({
        name: 'marathon',
        state: marathon.state,
        leader: marathon.active,
        term: marathon.znode?.seq ?? null,
      });
    }
  } else {
    const agent = world.agents.get(h.name);
    const draining = status === 'DRAINING';
    if (agent) {
      processes.push({
        name: 'mesos-agent',
        state: draining && agent.up ? 'draining' : agent.state,
        leader: false,
        term: null,
      });
    }
  }
  return {
    name: h.name,
    role: h.role,
    zone: h.zone,
    power: net.isPowered(h.name) ? 'on' : 'off',
    partitioned: net.isPartitioned(h.name),
    status,
    schedulable:
      h.role === 'worker' && status === 'REACHABLE' && world.allocator?.hasAgent(h.name) === true,
    processes,
  };
}

export const mesosSide: SideDefinition<Flags> = {
  side: 'mesos',
  defaults: mesosDefaults as Flags,
  leaderSubjects: ['mesos-master', 'marathon'],
  create: createMesos,
};
