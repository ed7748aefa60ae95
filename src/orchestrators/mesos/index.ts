// The Mesos side, wired onto the engine. This build models the leading master's agent health
// checks (PING/PONG) and agents reregistering with the real flags; offers, Marathon, ZooKeeper
// and master elections come with the full model (issue 5) and are narrated as absent, never faked.

import { createActor } from 'xstate';
import type { FlagValue } from '../../scenario/types';
import type { HostSpec } from '../shared/cluster';
import { demandAt, stepLoad } from '../shared/load';
import type { SideDefinition, SideModel, SimContext } from '../shared/model';
import { phaseOf } from '../shared/periodic';
import type { Replica } from '../shared/replicas';
import { initialPlacement, sampleApps } from '../shared/replicas';
import { mesosDefaults } from './defaults';
import { mesosAgentMachine } from './mesosAgent';
import type { SlaveObserver } from './slaveObserver';
import { pong, startObserver, stopObserver } from './slaveObserver';

type Flags = typeof mesosDefaults & Record<string, FlagValue>;

const MASTER = 'control-1';

function createMesos(ctx: SimContext<Flags>): SideModel {
  const { clock, recorder, network, flags, scenario } = ctx;
  const hostByName = new Map<string, HostSpec>(ctx.hosts.map((h) => [h.name, h]));
  const agents = ctx.hosts.filter((h) => h.role === 'worker');
  const load = new Map(scenario.apps.map((a) => [a.name, scenario.load[a.name] ?? []]));
  const desired = new Map(scenario.apps.map((a) => [a.name, a.replicas]));
  const lastFault = new Map<string, number>();
  const unreachable = new Set<string>();
  const observers = new Map<string, SlaveObserver>();

  recorder.emit({
    type: 'model.note',
    subject: 'mesos',
    text:
      'This build models the mesos-master health checks of agents (PING/PONG); offers, ' +
      'Marathon, ZooKeeper and master elections are not modelled yet, so nothing is relaunched.',
  });
  for (const subject of ['mesos-master', 'marathon']) {
    recorder.emit({
      type: 'leader.elected',
      subject,
      host: MASTER,
      native: subject === 'mesos-master' ? 'Elected as the leading master!' : 'Elected leader',
      text: `${MASTER} leads ${subject} as the run starts.`,
    });
  }

  const replicas: Replica[] = initialPlacement(scenario.apps, agents).map((p, i) => ({
    id: `${p.app}.instance-${i + 1}`,
    app: p.app,
    host: p.host,
    state: p.host ? 'TASK_RUNNING' : 'queued',
    phase: p.host ? 'running' : 'pending',
    serving: p.host !== null,
  }));

  const agentRng = ctx.rng.get('mesos/agent');
  const actors = new Map(
    agents.map((a) => {
      const actor = createActor(mesosAgentMachine, {
        clock,
        input: {
          agent: a.name,
          pong: (agent: string) =>
            network.send('PONG', `${agent}/mesos-agent`, `${MASTER}/mesos-master`, () => {
              const observer = observers.get(agent);
              if (observer) pong(observer);
            }),
          reregister: (agent: string) =>
            network.send(
              'ReregisterSlaveMessage',
              `${agent}/mesos-agent`,
              `${MASTER}/mesos-master`,
              () => reregistered(agent),
            ),
          random: () => agentRng.next(),
          pingSilenceMs: flags.agentPingTimeout * flags.maxAgentPingTimeouts,
          backoffFactorMs: flags.registrationBackoffFactor,
        },
      });
      actor.start();
      return [a.name, actor] as const;
    }),
  );

  const pingRng = ctx.rng.get('mesos/master-ping');
  const observe = (agent: string, firstPingInMs: number) =>
    observers.set(
      agent,
      startObserver(
        clock,
        agent,
        firstPingInMs,
        flags.agentPingTimeout,
        flags.maxAgentPingTimeouts,
        {
          ping: (a) =>
            network.send('PING', `${MASTER}/mesos-master`, `${a}/mesos-agent`, () =>
              actors.get(a)?.send({ type: 'master.ping' }),
            ),
          markUnreachable,
        },
      ),
    );

  function markUnreachable(agent: string) {
    observers.delete(agent);
    unreachable.add(agent);
    const agentEvent = recorder.emit({
      type: 'host.unreachable',
      subject: agent,
      host: agent,
      cause: lastFault.get(agent) ?? null,
      native: 'health check timed out',
      text: `Marking agent ${agent} unreachable: ${flags.maxAgentPingTimeouts} PINGs in a row went unanswered (${flags.agentPingTimeout / 1000} s each, agent_ping_timeout × max_agent_ping_timeouts).`,
    });
    for (const r of replicas) {
      if (r.host !== agent || r.phase !== 'running') continue;
      r.state = 'TASK_UNREACHABLE';
      r.phase = 'lost';
      r.serving = false;
      recorder.emit({
        type: 'replica.lost',
        subject: r.id,
        host: agent,
        cause: agentEvent.seq,
        native: 'TASK_UNREACHABLE',
        text: `${r.id} is TASK_UNREACHABLE (REASON_SLAVE_REMOVED): its agent ${agent} was marked unreachable.`,
        data: { reason: 'REASON_SLAVE_REMOVED' },
      });
    }
  }

  function reregistered(agent: string) {
    actors.get(agent)?.send({ type: 'master.reregistered' });
    if (observers.has(agent)) return;
    const wasUnreachable = unreachable.delete(agent);
    observe(agent, flags.agentPingTimeout);
    if (wasUnreachable) {
      recorder.emit({
        type: 'host.reachable',
        subject: agent,
        host: agent,
        cause: lastFault.get(agent) ?? null,
        native: 'REREGISTERED',
        text: `Agent ${agent} reregistered with the leading master.`,
      });
    }
  }

  for (const a of agents) observe(a.name, phaseOf(pingRng, flags.agentPingTimeout));

  return {
    schedulingLeaderHost: () => (network.isPowered(MASTER) ? MASTER : null),
    apply(event, host, fault) {
      if (host) lastFault.set(host, fault.seq);
      switch (event.do) {
        case 'fail-node':
          actors.get(host!)?.send({ type: 'host.powerOff' });
          for (const r of replicas) if (r.host === host) r.serving = false;
          if (host === MASTER) for (const o of observers.values()) stopObserver(clock, o);
          break;
        case 'recover-node':
          actors.get(host!)?.send({ type: 'host.powerOn' });
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
        status: unreachable.has(h.name) ? 'UNREACHABLE' : 'REACHABLE',
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

export const mesosSide: SideDefinition<Flags> = {
  side: 'mesos',
  defaults: mesosDefaults as Flags,
  leaderSubjects: ['mesos-master', 'marathon'],
  create: createMesos,
};
