// Maintenance as the operator API does it on the leading master (FIDELITY.md §3.4, apache/mesos
// docs/maintenance.md): DEACTIVATE_AGENT stops offers and leaves tasks alone, REACTIVATE_AGENT
// undoes it, DRAIN_AGENT deactivates the agent and kills every task on it (TASK_KILLING, then
// TASK_KILLED REASON_SLAVE_DRAINING), and the agent is DRAINED once all are terminal.

import type { MesosMaster } from './mesosMaster';
import { isTerminal } from './tasks';

export function deactivate(m: MesosMaster, name: string, cause: number): void {
  m.registry.deactivated.add(name);
  m.allocator?.removeAgent(name, 'agent deactivated');
  m.world.ctx.recorder.emit({
    type: 'agent.deactivated',
    subject: name,
    host: name,
    cause,
    native: 'DEACTIVATE_AGENT',
    text: `The operator deactivates agent ${name}: no more offers of it; its tasks keep running.`,
  });
}

export function reactivate(m: MesosMaster, name: string, cause: number): void {
  m.registry.deactivated.delete(name);
  m.registry.draining.delete(name);
  m.registry.drained.delete(name);
  const agent = m.world.agents.get(name);
  if (agent && m.agentLinks.get(name) === 'registered') m.allocator?.addAgent(agent.spec);
  m.world.ctx.recorder.emit({
    type: 'agent.reactivated',
    subject: name,
    host: name,
    cause,
    native: 'REACTIVATE_AGENT',
    text: `The operator reactivates agent ${name}: it is offered to frameworks again. Nothing moves back on its own.`,
  });
}

export function drain(m: MesosMaster, name: string, cause: number): void {
  m.registry.deactivated.add(name);
  m.registry.draining.add(name);
  m.allocator?.removeAgent(name, 'agent draining');
  const ev = m.world.ctx.recorder.emit({
    type: 'agent.draining',
    subject: name,
    host: name,
    cause,
    native: 'DRAIN_AGENT',
    text: `The operator drains agent ${name}: it is deactivated (DRAINING) and every task on it is killed.`,
  });
  for (const task of m.world.tasks.onAgent(name)) {
    if (!isTerminal(task.state)) m.killTask(task, 'REASON_SLAVE_DRAINING', ev.seq);
  }
  checkDrained(m, name, ev.seq);
}

export function checkDrained(m: MesosMaster, name: string, cause: number | null): void {
  for (const task of m.world.tasks.byAgent.get(name) ?? []) {
    if (!isTerminal(task.state)) return;
  }
  m.registry.draining.delete(name);
  m.registry.drained.add(name);
  m.world.ctx.recorder.emit({
    type: 'agent.drained',
    subject: name,
    host: name,
    cause,
    native: 'DRAINED',
    text: `Agent ${name} is DRAINED: every task on it has reached a terminal state.`,
  });
}

export function hostStatus(m: MesosMaster, name: string): string {
  if (m.registry.unreachable.has(name)) return 'UNREACHABLE';
  if (m.registry.drained.has(name)) return 'DRAINED';
  if (m.registry.draining.has(name)) return 'DRAINING';
  if (m.registry.deactivated.has(name)) return 'DEACTIVATED';
  return 'REACHABLE';
}
