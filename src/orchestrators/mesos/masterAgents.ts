// The leading master and its agents (src/master/master.cpp): SlaveObserver health checks
// (slaveObserver.ts), reregistration (also of agents marked unreachable: their tasks come back as
// TASK_RUNNING, REASON_SLAVE_REREGISTERED), a broken TCP link that disconnects an agent at once,
// and marking an agent unreachable: TASK_UNREACHABLE for partition-aware frameworks, TASK_LOST
// for others, both REASON_SLAVE_REMOVED (FIDELITY.md §3.1).

import type { MesosAgent } from './mesosAgent';
import type { MesosMaster } from './mesosMaster';
import type { SlaveObserver } from './slaveObserver';
import { pong, startObserver, stopObserver } from './slaveObserver';
import { isTerminal } from './tasks';
import { causeFor } from './world';

export function observeAgent(m: MesosMaster, agent: MesosAgent, firstPingInMs: number): void {
  const world = m.world;
  // A PING's arrival and its PONG's, made once per observer rather than once per PING.
  const onPong = () => {
    if (m.observers.get(agent.name) === observer) pong(observer);
  };
  const onPing = () => agent.ping(m.addr, onPong);
  const observer: SlaveObserver = startObserver(
    world.ctx.clock,
    agent.name,
    firstPingInMs,
    world.flags.agentPingTimeout,
    world.flags.maxAgentPingTimeouts,
    {
      ping: () => {
        const net = world.ctx.network;
        if (!world.ctx.recorder.keepMessages) {
          // SIMPLIFICATION (speed, clusters whose messages are not recorded): the PING and its
          // PONG are judged at the instant the PING leaves, not as two messages 2–3 ms apart.
          if (net.canReach(m.host, agent.name) && agent.pingNow()) {
            if (net.canReach(agent.name, m.host)) pong(observer);
          }
          return;
        }
        net.send('PING', m.addr, agent.addr, onPing);
      },
      markUnreachable: (name) => markUnreachable(m, name, 'health check timed out'),
    },
  );
  m.observers.set(agent.name, observer);
}

export function agentReregisters(m: MesosMaster, agent: MesosAgent): void {
  if (m.state !== 'leading' || !m.allocator) return;
  const world = m.world;
  const recorder = world.ctx.recorder;
  const name = agent.name;
  const before = m.agentLinks.get(name);
  m.agentLinks.set(name, 'registered');
  world.ctx.network.send('SlaveReregisteredMessage', m.addr, agent.addr, () =>
    agent.reregistered(),
  );
  // An agent the master still counts as registered keeps its SlaveObserver, misses and all
  // (master.cpp only spawns one in addSlave): reregistering does not answer a PING.
  const existing = m.observers.get(name);
  if (before !== 'registered' || !existing) {
    if (existing) stopObserver(world.ctx.clock, existing);
    // SlaveObserver::initialize pings at once.
    observeAgent(m, agent, 0);
  }
  let cause = causeFor(world, name);
  if (before === 'unreachable') {
    m.registry.unreachable.delete(name);
    cause = recorder.emit({
      type: 'host.reachable',
      subject: name,
      host: name,
      cause,
      native: 'REREGISTERED',
      text: `Agent ${name} reregistered with the leading master on ${m.host}, although it had been marked unreachable: Mesos lets it back in.`,
    }).seq;
  } else if (before !== 'registered') {
    recorder.emit({
      type: 'agent.reregistered',
      subject: name,
      host: name,
      cause,
      native: 'REREGISTERED',
      text: `Agent ${name} reregistered with the leading master on ${m.host} (after U[0, registration_backoff_factor]).`,
    });
  }
  for (const task of world.tasks.onAgent(name)) {
    if (agent.lostTasks) {
      // Its tasks died with it: TASK_GONE to a partition-aware framework, TASK_LOST to others
      // (REASON_SLAVE_RESTARTED, mesos.proto).
      const aware = m.frameworks.get(task.framework)?.driver.partitionAware ?? true;
      if (!isTerminal(task.state))
        m.taskChanged(task, aware ? 'TASK_GONE' : 'TASK_LOST', 'REASON_SLAVE_RESTARTED', cause);
    } else if (task.state === 'TASK_UNREACHABLE') {
      m.taskChanged(task, 'TASK_RUNNING', 'REASON_SLAVE_REREGISTERED', cause);
    }
  }
  agent.lostTasks = false;
  if (!m.registry.deactivated.has(name)) m.allocator.addAgent(agent.spec);
}

/** The agent's TCP link closed (its process stopped): no offers at once, tasks untouched. */
export function agentExited(m: MesosMaster, name: string): void {
  if (!m.leads || m.agentLinks.get(name) !== 'registered') return;
  m.agentLinks.set(name, 'disconnected');
  m.allocator?.removeAgent(name, 'agent disconnected');
  m.world.ctx.recorder.emit({
    type: 'agent.disconnected',
    subject: name,
    host: name,
    cause: causeFor(m.world, name),
    native: 'Agent disconnected',
    text: `The master sees the TCP link to agent ${name} break: the agent is disconnected and gets no offers; its tasks wait for the health check.`,
  });
}

export function markUnreachable(m: MesosMaster, name: string, why: string): void {
  const world = m.world;
  const observer = m.observers.get(name);
  if (observer) stopObserver(world.ctx.clock, observer);
  m.observers.delete(name);
  m.agentLinks.set(name, 'unreachable');
  m.registry.unreachable.add(name);
  m.allocator?.removeAgent(name, 'agent unreachable');
  const f = world.flags;
  const text =
    why === 'health check timed out'
      ? `Marking agent ${name} unreachable: health check timed out (${f.maxAgentPingTimeouts} PINGs in a row went unanswered, ${f.agentPingTimeout / 1000} s each: agent_ping_timeout × max_agent_ping_timeouts).`
      : `Marking agent ${name} unreachable: it did not reregister within agent_reregister_timeout (${f.agentReregisterTimeout / 1000} s) after the failover.`;
  const ev = world.ctx.recorder.emit({
    type: 'host.unreachable',
    subject: name,
    host: name,
    cause: causeFor(world, name),
    native: why,
    text,
  });
  for (const task of world.tasks.onAgent(name)) {
    if (isTerminal(task.state) || task.state === 'TASK_UNREACHABLE') continue;
    const aware = m.frameworks.get(task.framework)?.driver.partitionAware ?? true;
    m.taskChanged(task, aware ? 'TASK_UNREACHABLE' : 'TASK_LOST', 'REASON_SLAVE_REMOVED', ev.seq);
  }
}
