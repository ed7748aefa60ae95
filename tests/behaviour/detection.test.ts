// Teaching claim: how long each side takes to notice a dead worker, with the real defaults,
// across many seeds (the loops' phases are drawn per run), and with a pinned older default.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstEvent } from '../../src/run/queries';
import { simulate } from '../../src/simulate';
import { failNode, smallScenario } from '../support/scenarios';

const T0 = 60_000;

function gap(side: 'kubernetes' | 'mesos', seed: number, kubernetes = {}) {
  const run = simulate(smallScenario([failNode(T0, 'node-2')], { seed, kubernetes }), side);
  const unreachable = firstEvent(run, 'host.unreachable', 'node-2');
  return { run, gap: unreachable ? unreachable.t - T0 : null, unreachable };
}

describe('a worker loses power (defaults)', () => {
  it('Kubernetes marks it Unknown 40–60 s after the fault (Lease every 10 s, 50 s grace, 5 s passes)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const { gap: g } = gap('kubernetes', seed);
        return g !== null && g > 40_000 && g <= 60_000;
      }),
      { seed: 3, numRuns: 40 },
    );
  });

  it('Kubernetes marks it Unknown 50–55 s after the last Lease renewal that reached the API server', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const { run, unreachable } = gap('kubernetes', seed);
        const last = run.messages
          .filter((m) => m.kind === 'lease.renew' && m.from === 'node-2/kubelet' && !m.dropped)
          .filter((m) => m.deliverAt <= T0)
          .at(-1)!;
        const after = unreachable!.t - last.deliverAt;
        return after >= 50_000 && after <= 55_000;
      }),
      { seed: 6, numRuns: 40 },
    );
  });

  it('Kubernetes names it NodeStatusUnknown and traces it back to the fault', () => {
    const { run, unreachable } = gap('kubernetes', 7);
    expect(unreachable!.native).toBe('NodeStatusUnknown');
    expect(unreachable!.text).toContain('node-monitor-grace-period');
    const fault = run.events[unreachable!.cause! - 1]!;
    expect(fault.type).toBe('fault.injected');
    expect(fault.data.do).toBe('fail-node');
  });

  it('with nodeMonitorGracePeriod pinned to the pre-1.32 40 s, Kubernetes notices within (30 s, 50 s]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const { gap: g } = gap('kubernetes', seed, { nodeMonitorGracePeriod: 40_000 });
        return g !== null && g > 30_000 && g <= 50_000;
      }),
      { seed: 4, numRuns: 40 },
    );
  });

  it('Mesos marks the agent unreachable in [75 s, 90 s) (15 s PING timeout × 5) and its tasks TASK_UNREACHABLE', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const { gap: g } = gap('mesos', seed);
        return g !== null && g >= 75_000 && g < 90_000;
      }),
      { seed: 5, numRuns: 40 },
    );
    const { run, unreachable } = gap('mesos', 7);
    const lost = run.events.filter((e) => e.type === 'replica.lost');
    expect(lost.length).toBeGreaterThan(0);
    for (const e of lost) {
      expect(e.native).toBe('TASK_UNREACHABLE');
      expect(e.cause).toBe(unreachable!.seq);
    }
  });

  it('marks no other worker unreachable on either side', () => {
    for (const side of ['kubernetes', 'mesos'] as const) {
      const { run } = gap(side, 9);
      const hosts = run.events.filter((e) => e.type === 'host.unreachable').map((e) => e.subject);
      expect(hosts).toEqual(['node-2']);
    }
  });

  it('counts the dead replicas out of ready at once, since their containers stopped', () => {
    const { run } = gap('kubernetes', 1);
    const before = run.samples.find((s) => s.t === T0 - 1000)!.apps.web!;
    const after = run.samples.find((s) => s.t === T0 + 1000)!.apps.web!;
    expect(before.ready).toBe(6);
    expect(after.ready).toBe(5);
  });
});

describe('a worker is partitioned at 60 s and healed at 180 s', () => {
  const events = [
    { atMs: T0, do: 'partition-node' as const, target: 'node-2', say: null, pause: false },
    { atMs: 180_000, do: 'heal-node' as const, target: 'node-2', say: null, pause: false },
  ];
  it('Kubernetes sees the node Ready again within 15 s of the heal (renewal ≤ 10 s, pass ≤ 5 s)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const run = simulate(smallScenario(events, { seed }), 'kubernetes');
        const back = firstEvent(run, 'host.reachable', 'node-2');
        return back !== undefined && back.t > 180_000 && back.t <= 195_000;
      }),
      { seed: 6, numRuns: 25 },
    );
  });

  it('Mesos sees the agent back only when its reregistration retries land, within 60 s of the heal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const run = simulate(smallScenario(events, { seed }), 'mesos');
        const back = firstEvent(run, 'host.reachable', 'node-2');
        return back !== undefined && back.t > 180_000 && back.t <= 240_000;
      }),
      { seed: 8, numRuns: 25 },
    );
  });
});
