// Offers between the leading master and its frameworks (src/master/master.cpp): the allocator's
// offer goes out as a ResourceOffersMessage; an ACCEPT launches tasks (TASK_STAGING) and returns
// the unused resources under the default filter (refuse_seconds); a DECLINE returns all of them
// under the filter the framework names. Each step is an event, so the renderer can animate it.

import type { Offer } from './allocator';
import type { MesosMaster } from './mesosMaster';
import type { Task } from './tasks';

export function sendOffer(m: MesosMaster, offer: Offer, order: string[]): void {
  const link = m.frameworks.get(offer.framework);
  if (!link) return;
  const ev = m.world.ctx.recorder.emit({
    type: 'offer.sent',
    subject: offer.framework,
    host: offer.agent,
    cause: null,
    native: 'ResourceOffersMessage',
    text: `The allocator offers ${offer.agent}'s free ${offer.cpuMilli / 1000} CPU to ${offer.framework}, first in DRF order (${order.join(', ')}).`,
    data: {
      offer: offer.id,
      framework: offer.framework,
      cpu: offer.cpuMilli / 1000,
      memory: offer.memoryBytes,
      drfOrder: order,
    },
  });
  m.world.ctx.network.send('ResourceOffersMessage', m.addr, link.driver.address(), () =>
    link.driver.offer(offer, ev.seq),
  );
}

export function rescindOffer(m: MesosMaster, offer: Offer, reason: string): void {
  m.world.ctx.recorder.emit({
    type: 'offer.rescinded',
    subject: offer.framework,
    host: offer.agent,
    native: 'RescindResourceOfferMessage',
    text: `The master rescinds ${offer.framework}'s offer of ${offer.agent}: ${reason}.`,
    data: { offer: offer.id, reason },
  });
}

/**
 * ACCEPT with LAUNCH operations (a message from the framework, arriving at the master). What the
 * tasks leave of the offer returns to the allocator under `filterMs`: the framework's filter, or
 * the default Filters.refuse_seconds when it sets none.
 */
export function accept(
  m: MesosMaster,
  offer: Offer,
  tasks: Task[],
  cause: number | null,
  failed: (tasks: Task[]) => void,
  filterMs: number = m.world.flags.refuseSeconds,
): void {
  const allocator = m.allocator;
  if (m.state !== 'leading' || !allocator?.isOutstanding(offer)) {
    failed(tasks);
    return;
  }
  let cpu = 0;
  let mem = 0;
  const ev = m.world.ctx.recorder.emit({
    type: 'offer.accepted',
    subject: offer.framework,
    host: offer.agent,
    cause,
    native: 'ACCEPT',
    text: `${offer.framework} accepts the offer of ${offer.agent} and launches ${tasks.length} task(s) there.`,
    data: { offer: offer.id, framework: offer.framework, tasks: tasks.map((t) => t.id) },
  });
  const agent = m.world.agents.get(offer.agent)!;
  for (const task of tasks) {
    cpu += task.cpuMilli;
    mem += task.memoryBytes;
    const placed = m.world.taskPlaced(task, offer.agent, ev.seq);
    m.world.ctx.network.send('RunTaskMessage', m.addr, agent.addr, () =>
      agent.runTask(task, placed),
    );
  }
  allocator.recover(offer, cpu, mem, filterMs);
}

export function decline(
  m: MesosMaster,
  offer: Offer,
  filterMs: number,
  reason: string,
  cause: number | null,
): void {
  if (!m.allocator?.isOutstanding(offer)) return;
  m.allocator.recover(offer, 0, 0, filterMs);
  m.world.ctx.recorder.emit({
    type: 'offer.declined',
    subject: offer.framework,
    host: offer.agent,
    cause,
    native: 'DECLINE',
    text: `${offer.framework} declines the offer of ${offer.agent} (${reason}); the allocator will not offer it to ${offer.framework} again for ${filterMs / 1000} s (refuse_seconds).`,
    data: { offer: offer.id, framework: offer.framework, reason, refuseSeconds: filterMs / 1000 },
  });
}
