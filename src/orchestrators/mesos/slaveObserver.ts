// The leading master's health check of one agent (src/master/master.cpp, SlaveObserver): a PING,
// then agentPingTimeout later, if no PONG came since, one more miss; at maxAgentPingTimeouts
// misses the agent is marked unreachable. Each timeout sends the next PING, so PINGs go out every
// 15 s and a dead agent is marked 75–90 s after it fell silent.

import type { VirtualClock, Timer } from '../../engine/clock';

export interface SlaveObserver {
  agent: string;
  pinged: boolean;
  timeouts: number;
  timer: Timer | null;
}

export interface ObserverHooks {
  ping: (agent: string) => void;
  markUnreachable: (agent: string) => void;
}

export function startObserver(
  clock: VirtualClock,
  agent: string,
  firstPingInMs: number,
  pingTimeoutMs: number,
  maxTimeouts: number,
  hooks: ObserverHooks,
): SlaveObserver {
  const observer: SlaveObserver = { agent, pinged: false, timeouts: 0, timer: null };
  const ping = () => {
    observer.pinged = true;
    hooks.ping(agent);
    observer.timer = clock.setTimeout(timeout, pingTimeoutMs);
  };
  const timeout = () => {
    if (observer.pinged) {
      observer.timeouts++;
      if (observer.timeouts >= maxTimeouts) {
        observer.timer = null;
        hooks.markUnreachable(agent);
        return;
      }
    }
    ping();
  };
  observer.timer = clock.setTimeout(ping, firstPingInMs);
  return observer;
}

/** A PONG zeroes the misses. */
export function pong(observer: SlaveObserver): void {
  observer.timeouts = 0;
  observer.pinged = false;
}

export function stopObserver(clock: VirtualClock, observer: SlaveObserver): void {
  clock.clearTimeout(observer.timer);
  observer.timer = null;
}
