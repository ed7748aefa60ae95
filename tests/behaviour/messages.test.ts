// Scenario version 2: dropping and delaying messages (contract 3's "drop and delay messages by
// clicking on them"). What a presenter relies on: the message clicked is the one lost, nothing
// before it changes, and the systems react as they would to a lost or late packet.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstEvent } from '../../src/run/queries';
import type { Message, Run } from '../../src/run/types';
import type { ScenarioEvent } from '../../src/scenario/types';
import { simulate } from '../../src/simulate';
import { smallScenario } from '../support/scenarios';

const base = { say: null, pause: false } as const;

function drop(
  atMs: number,
  m: Partial<Message> & { from: string },
  windowMs: number | null = null,
) {
  return {
    ...base,
    atMs,
    do: 'drop-message',
    from: m.from,
    to: m.to ?? null,
    message: m.kind ?? null,
    windowMs,
  } satisfies ScenarioEvent;
}

const sameTrip = (a: Message, b: Message) =>
  a.kind === b.kind && a.from === b.from && a.to === b.to && a.sentAt === b.sentAt;

describe('dropping the message a presenter clicked', () => {
  const scenario = smallScenario([], { durationMs: 120_000 });
  const runs = {
    kubernetes: simulate(scenario, 'kubernetes'),
    mesos: simulate(scenario, 'mesos'),
  };

  for (const side of ['kubernetes', 'mesos'] as const) {
    it(`${side}: loses exactly that message, and nothing sent before it changes`, () => {
      const messages = runs[side].messages.filter((m) => !m.dropped && m.sentAt > 1000);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: messages.length - 1 }), (i) => {
          const clicked = messages[i]!;
          const edited = simulate(
            { ...scenario, version: 2, events: [drop(clicked.sentAt, clicked)] },
            side,
          );
          const before = (run: Run) => run.messages.filter((m) => m.sentAt < clicked.sentAt);
          expect(before(edited)).toEqual(before(runs[side]));
          const lost = edited.messages.filter((m) => m.dropped && m.sentAt >= clicked.sentAt);
          expect(lost.length).toBeGreaterThanOrEqual(1);
          expect(sameTrip(lost[0]!, clicked)).toBe(true);
          const said = edited.events.find((e) => e.type === 'message.dropped')!;
          expect(said.data.message).toBe(lost[0]!.id);
          expect(edited.events[said.cause! - 1]!.data.do).toBe('drop-message');
        }),
        { seed: 11, numRuns: 12 },
      );
    });
  }
});

describe('dropping one kind of message for a while', () => {
  it('Kubernetes: with its Lease renewals lost, a running node goes Unknown 50–55 s after its last renewal, and comes back on its next status update', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const event = drop(60_000, { from: 'node-2', kind: 'lease.renew' }, 120_000);
        const run = simulate(smallScenario([event], { seed, version: 2 }), 'kubernetes');
        const renewed = run.messages.filter(
          (m) => m.kind === 'lease.renew' && m.from === 'node-2/kubelet' && !m.dropped,
        );
        const last = renewed.filter((m) => m.sentAt < 60_000).at(-1)!;
        const unknown = firstEvent(run, 'host.unreachable', 'node-2')!;
        expect(unknown.t - last.deliverAt).toBeGreaterThanOrEqual(50_000);
        expect(unknown.t - last.deliverAt).toBeLessThanOrEqual(55_000);
        // The kubelet still posts NodeStatus: it sees Ready=Unknown differ from its own view and
        // patches Ready=True within one nodeStatusUpdateFrequency (10 s).
        const back = run.events.find(
          (e) => e.type === 'host.reachable' && e.subject === 'node-2' && e.t > unknown.t,
        );
        expect(back).toBeDefined();
        expect(back!.t - unknown.t).toBeLessThanOrEqual(15_000);
      }),
      { seed: 5, numRuns: 15 },
    );
  });

  it('a side that never sends that kind says so and carries on unchanged', () => {
    const event = drop(60_000, { from: 'node-2', kind: 'lease.renew' }, 120_000);
    const plain = simulate(smallScenario([]), 'mesos');
    const edited = simulate(smallScenario([event], { version: 2 }), 'mesos');
    const fault = edited.events.find((e) => e.type === 'fault.injected')!;
    expect(fault.text).toBe('Mesos sends no lease.renew messages: nothing changes on this side.');
    expect(edited.messages).toEqual(plain.messages);
  });
});

describe('losing the master’s PINGs to one agent', () => {
  it('Mesos: the agent gives up on the master 75 s after its last PING and reregisters, yet the master, still missing PONGs, marks it unreachable; 75 s later it is let back in', () => {
    const event = drop(30_000, { from: 'control-1', to: 'node-2', kind: 'PING' }, 100_000);
    const run = simulate(smallScenario([event], { version: 2 }), 'mesos');
    const pings = run.messages.filter(
      (m) => m.kind === 'PING' && m.to === 'node-2/mesos-agent' && !m.dropped,
    );
    const lastPing = pings.filter((m) => m.sentAt < 30_000).at(-1)!;
    const silent = run.events.filter((e) => e.type === 'agent.pingTimeout');
    expect(silent[0]!.t - lastPing.deliverAt).toBe(75_000);
    expect(silent[0]!.native).toBe('No pings from master received within 75secs');
    const unreachable = firstEvent(run, 'host.unreachable', 'node-2')!;
    const firstLost = run.messages.find((m) => m.kind === 'PING' && m.dropped)!;
    // Five PINGs in a row unanswered, 15 s each, counted from the first one lost.
    expect(unreachable.t - firstLost.sentAt).toBe(75_000);
    expect(unreachable.t).toBeGreaterThan(silent[0]!.t);
    expect(run.events[unreachable.cause! - 1]!.data.do).toBe('drop-message');
    const back = run.events.find((e) => e.type === 'host.reachable' && e.subject === 'node-2')!;
    expect(back.t - silent[1]!.t).toBeLessThan(2_000);
    expect(silent[1]!.t - silent[0]!.t).toBeGreaterThanOrEqual(75_000);
  });
});

describe('delaying a message', () => {
  it('Mesos: a PING held up 20 s arrives late, and the next message to that agent waits behind it', () => {
    const event: ScenarioEvent = {
      ...base,
      atMs: 60_000,
      do: 'delay-message',
      from: 'control-1',
      to: 'node-2',
      message: 'PING',
      windowMs: null,
      delayMs: 20_000,
    };
    const run = simulate(smallScenario([event], { version: 2 }), 'mesos');
    const toAgent = run.messages.filter(
      (m) => m.from === 'control-1/mesos-master' && m.to === 'node-2/mesos-agent',
    );
    const held = toAgent.find((m) => m.kind === 'PING' && m.sentAt >= 60_000)!;
    expect(held.deliverAt - held.sentAt).toBeGreaterThanOrEqual(20_000);
    const next = toAgent.find((m) => m.sentAt > held.sentAt)!;
    expect(next.deliverAt).toBeGreaterThanOrEqual(held.deliverAt);
    const said = run.events.find((e) => e.type === 'message.delayed')!;
    expect(said.data.message).toBe(held.id);
    // Only the first PING after the event is caught.
    const later = toAgent.filter((m) => m.kind === 'PING' && m.sentAt > held.deliverAt);
    for (const m of later) expect(m.deliverAt - m.sentAt).toBeLessThan(10);
  });

  it('Kubernetes: an etcd heartbeat held up 5 s makes that follower pre-campaign, but the others still hear the leader, so the term does not change', () => {
    const event: ScenarioEvent = {
      ...base,
      atMs: 60_000,
      do: 'delay-message',
      from: 'control-1',
      to: 'control-2',
      message: 'raft.heartbeat',
      windowMs: null,
      delayMs: 5_000,
    };
    const run = simulate(smallScenario([event], { version: 2 }), 'kubernetes');
    const after = run.events.filter((e) => e.t >= 60_000);
    const campaign = after.find((e) => e.type === 'etcd.preCampaign')!;
    expect(campaign.host).toBe('control-2');
    expect(campaign.native).toBe('MsgPreVote');
    const rejoined = after.find((e) => e.type === 'etcd.rejoined')!;
    expect(rejoined.t).toBeGreaterThan(campaign.t);
    expect(rejoined.t).toBeLessThanOrEqual(65_200);
    expect(rejoined.data.term).toBe(campaign.data.term);
    expect(after.filter((e) => e.type.startsWith('leader.'))).toEqual([]);
  });
});
