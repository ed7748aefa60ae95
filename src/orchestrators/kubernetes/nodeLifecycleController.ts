// The node lifecycle controller inside the leading kube-controller-manager: a health pass every
// nodeMonitorPeriod (5 s) over every node (FIDELITY.md §2.2).

import { setup } from 'xstate';

export interface NodeLifecycleInput {
  /** One health pass at the current simulated time. */
  monitorNodes: () => void;
  monitorPeriodMs: number;
  phaseMs: number;
}

export type NodeLifecycleEvent = { type: 'leadership.lost' } | { type: 'leadership.acquired' };

export const nodeLifecycleControllerMachine = setup({
  types: {} as {
    context: NodeLifecycleInput;
    input: NodeLifecycleInput;
    events: NodeLifecycleEvent;
  },
  actions: { monitorNodes: ({ context }) => context.monitorNodes() },
  delays: {
    phase: ({ context }) => context.phaseMs,
    // --node-monitor-period
    nodeMonitorPeriod: ({ context }) => context.monitorPeriodMs,
  },
}).createMachine({
  id: 'nodeLifecycleController',
  context: ({ input }) => input,
  initial: 'starting',
  states: {
    starting: { after: { phase: 'monitoring' } },
    monitoring: {
      entry: 'monitorNodes',
      after: { nodeMonitorPeriod: { target: 'monitoring', reenter: true } },
      on: { 'leadership.lost': 'standby' },
    },
    standby: { on: { 'leadership.acquired': 'monitoring' } },
  },
});
