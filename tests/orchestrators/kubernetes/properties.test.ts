// Invariants of the Kubernetes model over random small scenarios built in code (fixed seeds):
// no node over-committed, one holder per Lease and one etcd leader per term, autoscaled replicas
// within bounds, causes point back, and the same seed gives the same bytes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Run } from '../../../src/run/types';
import type { Scenario, ScenarioEvent } from '../../../src/scenario/types';
import { simulate } from '../../../src/simulate';
import { smallScenario, workers } from '../../support/scenarios';

const hosts = ['node-1', 'node-2', 'node-3', 'node-4', 'control-1', 'control-2', 'control-3'];
const at = fc.integer({ min: 0, max: 200 }).map((s) => s * 1000);
const base = { say: fc.constant(null), pause: fc.constant(false) };

const eventArb: fc.Arbitrary<ScenarioEvent> = fc.oneof(
  fc.record({
    atMs: at,
    do: fc.constantFrom(
      'fail-node' as const,
      'recover-node' as const,
      'partition-node' as const,
      'heal-node' as const,
    ),
    target: fc.constantFrom(...hosts),
    ...base,
  }),
  fc.record({
    atMs: at,
    do: fc.constantFrom('stop' as const, 'start' as const),
    target: fc.constantFrom(...hosts),
    component: fc.constantFrom(
      'kube-apiserver' as const,
      'etcd' as const,
      'kube-scheduler' as const,
      'kube-controller-manager' as const,
      'kubelet' as const,
      'zookeeper' as const,
    ),
    ...base,
  }),
  fc.record({
    atMs: at,
    do: fc.constantFrom('cordon' as const, 'uncordon' as const, 'drain' as const),
    target: fc.constantFrom('node-1', 'node-2', 'node-3', 'node-4'),
    ...base,
  }),
  fc.record({
    atMs: at,
    do: fc.constant('set-load' as const),
    target: fc.constant('web'),
    cpuMilli: fc.integer({ min: 0, max: 9000 }),
    ...base,
  }),
);

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    events: fc.array(eventArb, { maxLength: 6 }),
    replicas: fc.integer({ min: 1, max: 14 }),
  })
  .map(({ seed, events, replicas }) =>
    smallScenario(
      [...events].sort((a, b) => a.atMs - b.atMs),
      {
        seed,
        durationMs: 420_000,
        cluster: { controlPlane: 3, workers: workers(4, ['a', 'b']) },
        apps: [
          {
            name: 'web',
            replicas: Math.max(2, Math.min(replicas, 10)),
            cpuMilli: 1500,
            memoryBytes: 512 * 1024 ** 2,
            autoscale: { min: 2, max: 10, targetCPU: 60 },
          },
        ],
        load: { web: [{ atMs: 0, cpuMilli: 6000 }] },
      },
    ),
  );

function checkInvariants(run: Run, scenario: Scenario): void {
  const capacity = new Map(scenario.cluster.workers.map((w) => [w.name, w.cpuMilli]));
  const request = new Map(scenario.apps.map((a) => [a.name, a.cpuMilli]));
  for (const frame of run.keyframes) {
    const used = new Map<string, number>();
    for (const r of frame.replicas) {
      if (r.host) used.set(r.host, (used.get(r.host) ?? 0) + request.get(r.app)!);
    }
    for (const [host, cpu] of used) expect(cpu).toBeLessThanOrEqual(capacity.get(host) ?? 0);
  }
  const holders = new Map<string, string | null>();
  const termLeader = new Map<number, string>();
  for (const e of run.events) {
    if (e.cause !== null) expect(e.cause).toBeLessThan(e.seq);
    if (e.type === 'leader.elected' && e.subject === 'etcd') {
      const term = e.data.term as number;
      expect(termLeader.get(term) ?? e.host).toBe(e.host);
      termLeader.set(term, e.host!);
    } else if (e.type === 'leader.elected') {
      expect(holders.get(e.subject) ?? null).toBe(null);
      holders.set(e.subject, e.host);
    } else if (e.type === 'leader.lost' && e.subject !== 'etcd') {
      expect(holders.get(e.subject)).toBe(e.host);
      holders.set(e.subject, null);
    }
  }
  for (const s of run.samples) {
    expect(s.apps.web!.desired).toBeGreaterThanOrEqual(2);
    expect(s.apps.web!.desired).toBeLessThanOrEqual(10);
  }
}

describe('every Kubernetes run', () => {
  it('keeps nodes within allocatable, one holder per Lease, one etcd leader per term, replicas in bounds', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        checkInvariants(simulate(scenario, 'kubernetes', { keyframeEveryMs: 5000 }), scenario);
      }),
      { seed: 31, numRuns: 30 },
    );
  });

  it('is the same, byte for byte, for the same seed', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const json = () => JSON.stringify(simulate(scenario, 'kubernetes'));
        expect(json()).toBe(json());
      }),
      { seed: 32, numRuns: 4 },
    );
  });
});
