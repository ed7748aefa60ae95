// Small pure pieces of the Mesos side checked against their references.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settledPlacement } from '../../../src/orchestrators/mesos/placement';
import { initialPlacement } from '../../../src/orchestrators/shared/replicas';
import type { HostSpec } from '../../../src/orchestrators/shared/cluster';
import type { AppSpec } from '../../../src/scenario/types';
import { simulate } from '../../../src/simulate';
import { failNode, smallScenario } from '../../support/scenarios';

describe('settledPlacement', () => {
  it('places exactly as shared/replicas.ts initialPlacement does, with one heap per CPU size', () => {
    const host = fc.record({
      cpuMilli: fc.constantFrom(2_000, 4_000, 8_000),
      memoryBytes: fc.constantFrom(2 ** 30, 4 * 2 ** 30, 8 * 2 ** 30),
    });
    const app = fc.record({
      replicas: fc.integer({ min: 0, max: 30 }),
      cpuMilli: fc.integer({ min: 100, max: 3_000 }),
      memoryBytes: fc.integer({ min: 2 ** 20, max: 3 * 2 ** 30 }),
    });
    fc.assert(
      fc.property(
        fc.array(host, { minLength: 1, maxLength: 8 }),
        fc.array(app, { maxLength: 4 }),
        (hosts, apps) => {
          const workers: HostSpec[] = hosts.map((h, i) => ({
            name: `node-${i + 1}`,
            role: 'worker',
            zone: null,
            ...h,
          }));
          const specs: AppSpec[] = apps.map((a, i) => ({
            name: `app-${i}`,
            autoscale: null,
            ...a,
          }));
          expect(settledPlacement(specs, workers)).toEqual(initialPlacement(specs, workers));
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});

describe('ZooKeeper session expiry', () => {
  it('rounds up to the next tickTime multiple: a dead leader’s session ends 10–12 s after its last ping', () => {
    for (const seed of [1, 2, 3, 4]) {
      const run = simulate(smallScenario([failNode(30_000, 'control-1')], { seed }), 'mesos');
      const expired = run.events.filter((e) => e.type === 'zk.session.expired');
      expect(expired.length).toBe(2); // its mesos-master and its Marathon
      for (const e of expired) {
        expect(e.t % 2_000).toBe(0);
        expect(e.t - 30_000).toBeGreaterThan(6_667);
        expect(e.t - 30_000).toBeLessThanOrEqual(12_000);
      }
    }
  });
});
