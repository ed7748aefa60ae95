// A mesos-master's lifecycle with the states a teacher names: a contender until its znode is the
// lowest, recovering the registry, leading; stopped when it exits ("committing suicide!"), until
// its supervisor restarts it. The work of each state is MesosMaster's (mesosMaster.ts).

import { setup } from 'xstate';

export type MasterState = 'contender' | 'recovering' | 'leading' | 'stopped';

export const mesosMasterMachine = setup({
  types: {} as {
    context: { onStop: () => void };
    input: { onStop: () => void; initial: MasterState };
    events: { type: 'elected' } | { type: 'recovered' } | { type: 'exit' } | { type: 'restart' };
  },
  actions: { onStop: ({ context }) => context.onStop() },
}).createMachine({
  id: 'mesosMaster',
  context: ({ input }) => ({ onStop: input.onStop }),
  initial: 'contender',
  on: { exit: '.stopped' },
  states: {
    contender: { on: { elected: 'recovering', recovered: 'leading' } },
    recovering: { on: { recovered: 'leading' } },
    leading: {},
    stopped: { entry: 'onStop', on: { restart: 'contender' } },
  },
});
