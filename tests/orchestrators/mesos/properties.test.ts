// Invariants of the Mesos side over random small scenarios built in code (fixed seeds): one
// leading master and one ZooKeeper leader per epoch at a time, no agent over-committed, every
// task launched through an offer its framework accepted, causes that point back, same seed same run.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Run } from '../../../src/run/types';
import type { Component, Scenario, ScenarioEvent } from '../../../src/scenario/types';
import { simulate } from '../../../src/simulate';
import { smallScenario } from '../../support/scenarios';

const WORKERS = ['node-1', 'node-2', 'node-3', 'node-4', 'node-5', 'node-6'];
const CONTROLS = ['control-1', 'control-2', 'control-3'];
const base = { say: null, pause: false };
const atMs = fc.integer({ min: 1, max: 200 }).map((s) => s * 1000);

const eventArb: fc.Arbitrary<ScenarioEvent> = fc.oneof(
  fc
    .record({
      atMs,
      do: fc.constantFrom('fail-node' as const, 'partition-node' as const),
      target: fc.constantFrom(...WORKERS, ...CONTROLS, 'leader'),
    })
    .map((e) => ({ ...base, ...e })),
  fc
    .record({
      atMs,
      do: fc.constantFrom('recover-node' as const, 'heal-node' as const),
      target: fc.constantFrom(...WORKERS, ...CONTROLS),
    })
    .map((e) => ({ ...base, ...e })),
  fc
    .record({
      atMs,
      do: fc.constantFrom('stop' as const, 'start' as const),
      target: fc.constantFrom(...CONTROLS),
      component: fc.constantFrom<Component>('zookeeper', 'mesos-master', 'marathon', 'etcd'),
    })
    .map((e) => ({ ...base, ...e })),
  fc
    .record({
      atMs,
      do: fc.constantFrom('stop' as const, 'start' as const),
      target: fc.constantFrom(...WORKERS),
      component: fc.constant<Component>('mesos-agent'),
    })
    .map((e) => ({ ...base, ...e })),
  fc
    .record({
      atMs,
      do: fc.constantFrom('cordon' as const, 'uncordon' as const, 'drain' as const),
      target: fc.constantFrom(...WORKERS),
    })
    .map((e) => ({ ...base, ...e })),
  fc
    .record({ atMs, replicas: fc.integer({ min: 0, max: 14 }) })
    .map((e) => ({ ...base, ...e, do: 'scale' as const, target: 'web' })),
);

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    events: fc.array(eventArb, { maxLength: 6 }),
    batch: fc.boolean(),
  })
  .map(({ seed, events, batch }) =>
    smallScenario(
      [...events].sort((a, b) => a.atMs - b.atMs),
      {
        seed,
        durationMs: 240_000,
        mesos: {
          flags: {},
          autoscaler: null,
          frameworks: batch
            ? [
                {
                  name: 'batch',
                  weight: 1,
                  cpuMilli: 1000,
                  memoryBytes: 1024 ** 3,
                  tasks: 12,
                  taskDurationMs: 20_000,
                },
              ]
            : [],
        },
      },
    ),
  );

function checkLeaders(run: Run): void {
  for (const k of run.keyframes) {
    const masters = k.hosts.filter(
      (h) =>
        h.power === 'on' &&
        !h.partitioned &&
        h.processes.some((p) => p.name === 'mesos-master' && p.leader),
    );
    expect(masters.length, `leading masters at ${k.t} ms`).toBeLessThanOrEqual(1);
    const zkLeaders = new Map<number | null, number>();
    for (const h of k.hosts) {
      for (const p of h.processes) {
        if (p.name === 'zookeeper' && p.leader)
          zkLeaders.set(p.term, (zkLeaders.get(p.term) ?? 0) + 1);
      }
    }
    for (const [epoch, n] of zkLeaders) expect(n, `ZooKeeper leaders of epoch ${epoch}`).toBe(1);
  }
}

function checkCapacity(run: Run, scenario: Scenario): void {
  const cpu = new Map<string, number>(scenario.apps.map((a) => [a.name, a.cpuMilli]));
  for (const f of scenario.mesos.frameworks) cpu.set(f.name, f.cpuMilli);
  const capacity = new Map(scenario.cluster.workers.map((w) => [w.name, w.cpuMilli]));
  for (const k of run.keyframes) {
    const used = new Map<string, number>();
    for (const r of k.replicas) {
      if (r.host === null) continue;
      used.set(r.host, (used.get(r.host) ?? 0) + cpu.get(r.app)!);
    }
    for (const [host, u] of used)
      expect(u, `${host} at ${k.t} ms`).toBeLessThanOrEqual(capacity.get(host)!);
  }
}

function checkOffers(run: Run): void {
  for (const e of run.events) {
    if (e.cause !== null) expect(e.cause).toBeLessThan(e.seq);
    if (e.type !== 'replica.placed') continue;
    const accepted = run.events[e.cause! - 1]!;
    expect(accepted.type).toBe('offer.accepted');
    expect(accepted.host).toBe(e.host);
    const sent = run.events[accepted.cause! - 1]!;
    expect(sent.type).toBe('offer.sent');
    expect(sent.subject).toBe('marathon');
    expect(sent.host).toBe(e.host);
  }
}

describe('every Mesos run', () => {
  it('has one leading master and one ZooKeeper leader per epoch, and no agent over-committed', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const run = simulate(scenario, 'mesos');
        checkLeaders(run);
        checkCapacity(run, scenario);
        checkOffers(run);
      }),
      { seed: 41, numRuns: 14 },
    );
  });

  it('is the same for the same seed, and its placements always go through accepted offers', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const a = JSON.stringify(simulate(scenario, 'mesos'));
        const b = JSON.stringify(simulate(scenario, 'mesos'));
        expect(a).toBe(b);
      }),
      { seed: 42, numRuns: 4 },
    );
  });
});
