// Default sentences for scripted events whose scenario gives no `say`.

import type { ScenarioEvent } from '../../scenario/types';

export function narrationFor(
  event: Exclude<ScenarioEvent, { do: null }>,
  host: string | null,
  side: string,
): string {
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
