// The lifecycle of one ZooKeeper server as a state machine with the real state names: LOOKING
// runs fast leader election, which ends FOLLOWING or LEADING; a lost leader or quorum sends it
// back to LOOKING. The work of each state is ZkServer's (zookeeperServer.ts).

import { setup } from 'xstate';

export type ZkState = 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'stopped';

export interface ZkHooks {
  lookForLeader(): void;
  lead(): void;
  follow(): void;
  shutdown(): void;
}

type ZkEvent =
  { type: 'elected'; leader: boolean } | { type: 'look' } | { type: 'stop' } | { type: 'start' };

export const zookeeperServerMachine = setup({
  types: {} as {
    context: { hooks: ZkHooks; initial: ZkState };
    input: { hooks: ZkHooks; initial: ZkState };
    events: ZkEvent;
  },
  guards: {
    startsLeading: ({ context }) => context.initial === 'LEADING',
    startsFollowing: ({ context }) => context.initial === 'FOLLOWING',
    electedMe: ({ event }) => event.type === 'elected' && event.leader,
  },
  actions: {
    lookForLeader: ({ context }) => context.hooks.lookForLeader(),
    lead: ({ context }) => context.hooks.lead(),
    follow: ({ context }) => context.hooks.follow(),
    shutdown: ({ context }) => context.hooks.shutdown(),
  },
}).createMachine({
  id: 'zookeeperServer',
  context: ({ input }) => ({ ...input }),
  initial: 'booting',
  on: { stop: '.stopped' },
  states: {
    booting: {
      always: [
        { guard: 'startsLeading', target: 'LEADING' },
        { guard: 'startsFollowing', target: 'FOLLOWING' },
        { target: 'LOOKING' },
      ],
    },
    LOOKING: {
      entry: 'lookForLeader',
      on: { elected: [{ guard: 'electedMe', target: 'LEADING' }, { target: 'FOLLOWING' }] },
    },
    FOLLOWING: { entry: 'follow', on: { look: 'LOOKING' } },
    LEADING: { entry: 'lead', on: { look: 'LOOKING' } },
    stopped: { entry: 'shutdown', on: { start: 'LOOKING' } },
  },
});
