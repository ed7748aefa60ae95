// The controllers that run inside a leader-elected process (kube-controller-manager's node
// lifecycle, taint eviction, ReplicaSet/Deployment and HPA controllers; kube-scheduler). Only the
// Lease holder's copy acts, and a new holder starts from scratch (its memory is its own), so one
// machine per controller stands for "the copy in the current leader": standby until its process
// takes the Lease, active while it holds it.

import { setup } from 'xstate';

export interface LeaderOnly {
  /** The process on `host` took the Lease: start with fresh memory. */
  start(host: string): void;
  stop(): void;
}

type LeadershipEvent = { type: 'leadership.acquired'; host: string } | { type: 'leadership.lost' };

export function leaderOnlyMachine(id: string) {
  return setup({
    types: {} as {
      context: { controller: LeaderOnly };
      input: { controller: LeaderOnly };
      events: LeadershipEvent;
    },
    actions: {
      start: ({ context, event }) => {
        if (event.type === 'leadership.acquired') context.controller.start(event.host);
      },
      stop: ({ context }) => context.controller.stop(),
    },
  }).createMachine({
    id,
    context: ({ input }) => input,
    initial: 'standby',
    states: {
      standby: { on: { 'leadership.acquired': 'active' } },
      active: {
        entry: 'start',
        exit: 'stop',
        on: {
          'leadership.lost': 'standby',
          'leadership.acquired': { target: 'active', reenter: true },
        },
      },
    },
  });
}
