// A mesos-agent on one worker: it answers the leading master's PINGs with PONGs. An agent that has
// heard no PING for agentPingTimeout × maxAgentPingTimeouts (75 s) tries to reregister, after
// U[0, 1 s], then U[0, 2 s], U[0, 4 s] … up to U[0, 60 s] (src/slave/slave.cpp; FIDELITY.md §3.1).

import { assign, setup } from 'xstate';

export interface MesosAgentInput {
  agent: string;
  pong: (agent: string) => void;
  reregister: (agent: string) => void;
  /** A draw in [0, 1) from the agent's seeded stream. */
  random: () => number;
  pingSilenceMs: number;
  backoffFactorMs: number;
}

interface MesosAgentContext extends MesosAgentInput {
  /** Current upper bound of the reregistration backoff. */
  backoffMs: number;
}

export type MesosAgentEvent =
  | { type: 'master.ping' }
  | { type: 'master.reregistered' }
  | { type: 'host.powerOff' }
  | { type: 'host.powerOn' };

/** src/slave/constants.hpp REGISTRATION_BACKOFF_MAX */
const REGISTRATION_BACKOFF_MAX_MS = 60_000;

export const mesosAgentMachine = setup({
  types: {} as { context: MesosAgentContext; input: MesosAgentInput; events: MesosAgentEvent },
  actions: {
    pong: ({ context }) => context.pong(context.agent),
    reregister: ({ context }) => context.reregister(context.agent),
    resetBackoff: assign({ backoffMs: ({ context }) => context.backoffFactorMs }),
    growBackoff: assign({
      backoffMs: ({ context }) => Math.min(context.backoffMs * 2, REGISTRATION_BACKOFF_MAX_MS),
    }),
  },
  delays: {
    pingSilence: ({ context }) => context.pingSilenceMs,
    registrationBackoff: ({ context }) => Math.floor(context.random() * context.backoffMs),
  },
}).createMachine({
  id: 'mesosAgent',
  context: ({ input }) => ({ ...input, backoffMs: input.backoffFactorMs }),
  initial: 'registered',
  on: { 'host.powerOff': '.stopped' },
  states: {
    registered: {
      on: { 'master.ping': { target: 'registered', reenter: true, actions: 'pong' } },
      after: { pingSilence: { target: 'reregistering', actions: 'resetBackoff' } },
    },
    reregistering: {
      after: {
        registrationBackoff: {
          target: 'reregistering',
          reenter: true,
          actions: ['reregister', 'growBackoff'],
        },
      },
      on: {
        'master.reregistered': 'registered',
        'master.ping': { target: 'registered', actions: 'pong' },
      },
    },
    stopped: {
      on: { 'host.powerOn': { target: 'reregistering', actions: 'resetBackoff' } },
    },
  },
});
