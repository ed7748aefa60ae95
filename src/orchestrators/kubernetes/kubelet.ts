// The kubelet on one node: it renews the node's Lease in kube-node-lease every
// 0.25 × nodeLeaseDurationSeconds (10 s) through the API server. Powered off, it sends nothing;
// cut off by a partition it keeps trying, and its renewals are lost on the way.

import { setup } from 'xstate';

export interface KubeletInput {
  node: string;
  /** Renew the Lease: sends the renewal through the network. */
  renewLease: (node: string) => void;
  leaseDurationMs: number;
  /** Phase of the renewal loop, drawn from the seeded generator. */
  phaseMs: number;
}

export type KubeletEvent = { type: 'host.powerOff' } | { type: 'host.powerOn' };

export const kubeletMachine = setup({
  types: {} as { context: KubeletInput; input: KubeletInput; events: KubeletEvent },
  actions: {
    renewLease: ({ context }) => context.renewLease(context.node),
  },
  delays: {
    phase: ({ context }) => context.phaseMs,
    // pkg/kubelet/nodelease: renewInterval = 0.25 × lease duration
    renewInterval: ({ context }) => context.leaseDurationMs * 0.25,
  },
}).createMachine({
  id: 'kubelet',
  context: ({ input }) => input,
  initial: 'starting',
  on: { 'host.powerOff': '.stopped' },
  states: {
    starting: { after: { phase: 'running' } },
    running: {
      entry: 'renewLease',
      after: { renewInterval: { target: 'running', reenter: true } },
    },
    stopped: { on: { 'host.powerOn': 'running' } },
  },
});
