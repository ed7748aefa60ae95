// Invariants of every run, over random small scenarios: same seed same bytes; every cause is an
// earlier event; samples at least every simulated second; events in time order.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport, reportJson } from '../../src/run/report';
import type { Run } from '../../src/run/types';
import type { ScenarioEvent } from '../../src/scenario/types';
import { simulate } from '../../src/simulate';
import { smallScenario } from '../support/scenarios';

const hostArb = fc.constantFrom(
  'node-1',
  'node-2',
  'node-3',
  'node-4',
  'node-5',
  'node-6',
  'control-1',
  'control-2',
);
const eventArb: fc.Arbitrary<ScenarioEvent> = fc.oneof(
  fc
    .record({
      atMs: fc.integer({ min: 0, max: 300 }).map((s) => s * 1000),
      do: fc.constantFrom(
        'fail-node' as const,
        'recover-node' as const,
        'partition-node' as const,
        'heal-node' as const,
      ),
      target: fc.oneof(hostArb, fc.constant('leader')),
      say: fc.constant(null),
      pause: fc.boolean(),
    })
    .map((e) =>
      e.target === 'leader' && (e.do === 'recover-node' || e.do === 'heal-node')
        ? { ...e, target: 'node-1' }
        : e,
    ),
  fc.record({
    atMs: fc.integer({ min: 0, max: 300 }).map((s) => s * 1000),
    do: fc.constant('set-load' as const),
    target: fc.constant('web'),
    cpuMilli: fc.integer({ min: 0, max: 8000 }),
    say: fc.constant(null),
    pause: fc.constant(false),
  }),
);
const scenarioArb = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    events: fc.array(eventArb, { maxLength: 6 }),
  })
  .map(({ seed, events }) =>
    smallScenario(
      [...events].sort((a, b) => a.atMs - b.atMs),
      { seed },
    ),
  );

function checkRun(run: Run, durationMs: number): void {
  run.events.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    if (i > 0) expect(e.t).toBeGreaterThanOrEqual(run.events[i - 1]!.t);
    if (e.cause !== null) expect(e.cause).toBeLessThan(e.seq);
  });
  expect(run.samples[0]!.t).toBe(0);
  expect(run.samples[run.samples.length - 1]!.t).toBe(durationMs);
  for (let i = 1; i < run.samples.length; i++) {
    expect(run.samples[i]!.t - run.samples[i - 1]!.t).toBeLessThanOrEqual(1000);
  }
  for (const m of run.messages) expect(m.deliverAt).toBeGreaterThanOrEqual(m.sentAt);
}

describe('every run', () => {
  it('is the same, byte for byte, for the same scenario and seed', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const report = () =>
          reportJson(
            buildReport(
              {
                file: 'x',
                title: scenario.title,
                seed: scenario.seed,
                durationMs: scenario.durationMs,
              },
              { kubernetes: simulate(scenario, 'kubernetes'), mesos: simulate(scenario, 'mesos') },
              { messages: true, keyframes: true },
            ),
          );
        expect(report()).toBe(report());
      }),
      { seed: 11, numRuns: 8 },
    );
  });

  it('orders its events, points every cause to an earlier event, and samples every second', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        for (const side of ['kubernetes', 'mesos'] as const)
          checkRun(simulate(scenario, side), scenario.durationMs);
      }),
      { seed: 12, numRuns: 12 },
    );
  });

  it('changes with the seed (the periodic loops take their phases from it)', () => {
    const a = simulate(smallScenario([], { seed: 1 }), 'kubernetes');
    const b = simulate(smallScenario([], { seed: 2 }), 'kubernetes');
    expect(a.messages.slice(0, 20).map((m) => m.sentAt)).not.toEqual(
      b.messages.slice(0, 20).map((m) => m.sentAt),
    );
  });
});
