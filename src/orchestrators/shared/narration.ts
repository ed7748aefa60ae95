// Default sentences for scripted events whose scenario gives no `say`.

import { MESSAGE_KINDS } from '../../scenario/messageKinds';
import type { MessageMatch, ScenarioEvent } from '../../scenario/types';
import type { Side } from '../../run/types';
import { formatDuration } from '../../scenario/units';

const SIDE_NAMES: Record<Side, string> = { kubernetes: 'Kubernetes', mesos: 'Mesos' };

/** Whether this side ever sends the kind of message `match` names. */
export function sideSends(match: MessageMatch, side: Side): boolean {
  return match.message === null || MESSAGE_KINDS[side].includes(match.message);
}

/** "the next node.status message from node-2 to control-1" and the like. */
export function describeMatch(match: MessageMatch): string {
  const what = match.message === null ? 'message' : `${match.message} message`;
  const path = `from ${match.from}${match.to === null ? '' : ` to ${match.to}`}`;
  return match.windowMs === null
    ? `the next ${what} ${path}`
    : `every ${what} ${path} for ${formatDuration(match.windowMs)}`;
}

export function narrationFor(
  event: Exclude<ScenarioEvent, { do: null }>,
  host: string | null,
  side: Side,
): string {
  if (event.do === 'drop-message' || event.do === 'delay-message') {
    if (!sideSends(event, side)) {
      return `${SIDE_NAMES[side]} sends no ${event.message} messages: nothing changes on this side.`;
    }
    const caught = describeMatch(event);
    const sentence = caught.charAt(0).toUpperCase() + caught.slice(1);
    return event.do === 'drop-message'
      ? `${sentence} is lost on the way.`
      : `${sentence} arrives ${formatDuration(event.delayMs)} late; later messages on the same connection wait behind it, as on a TCP stream.`;
  }
  const where = host ?? event.target;
  switch (event.do) {
    case 'fail-node':
      if (host === null) return `There is no ${side} scheduling leader to fail right now.`;
      return `${where} loses power: its processes stop and it sends nothing.`;
    case 'recover-node':
      return `${where} boots again and its processes restart.`;
    case 'partition-node':
      if (host === null) return `There is no ${side} scheduling leader to cut off right now.`;
      return `${where} is cut off: it keeps running, but no message crosses to or from it.`;
    case 'heal-node':
      return `The partition around ${where} ends.`;
    case 'stop':
      return `${event.component} stops on ${where}.`;
    case 'start':
      return `${event.component} starts again on ${where}.`;
    case 'scale':
      return `A user scales ${event.target} to ${event.replicas} replicas by hand.`;
    case 'set-load':
      return `Demand on ${event.target} steps to ${event.cpuMilli / 1000} cores.`;
    case 'cordon':
      return `${where} is cordoned: nothing new is placed there.`;
    case 'uncordon':
      return `${where} is uncordoned: it takes new work again.`;
    case 'drain':
      return `${where} is drained for maintenance.`;
  }
}
