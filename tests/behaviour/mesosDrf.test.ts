// Teaching claim: on Mesos, Marathon is one framework among others. The allocator offers each
// agent to the framework with the lowest dominant share first (DRF, drfOrder), so after a node
// dies Marathon's replacements win resources freed by the batch framework (drf-batch.yaml).

import { describe, expect, it } from 'vitest';
import { keyframeAt } from '../../src/run/queries';
import { drfOrder } from '../../src/algorithms';
import { events, fault, first, mesosRun, scenario } from '../orchestrators/mesos/support';
import { simulate } from '../../src/simulate';

describe('spark-batch shares the cluster with Marathon (drf-batch.yaml)', () => {
  it('parses the batch framework from the scenario file', () => {
    expect(scenario('drf-batch').mesos.frameworks).toEqual([
      {
        name: 'spark-batch',
        weight: 1,
        cpuMilli: 500,
        memoryBytes: 512 * 1024 ** 2,
        tasks: 40,
        taskDurationMs: 45_000,
      },
    ]);
  });

  it('soaks up every free core while web runs, and never over-commits an agent', () => {
    const run = mesosRun('drf-batch', 23);
    const frame = keyframeAt(run, 30_000)!;
    const batch = frame.replicas.filter((r) => r.app === 'spark-batch' && r.phase !== 'pending');
    const web = frame.replicas.filter((r) => r.app === 'web');
    // 16 cores: web holds 6 × 0.5, spark-batch the remaining 13 in 26 half-core tasks.
    expect(web.length).toBe(6);
    expect(batch.length).toBe(26);
  });

  it('offers in DRF order: every offer goes to the first framework of drfOrder that wants it', () => {
    const run = mesosRun('drf-batch', 23);
    const offers = events(run, 'offer.sent');
    expect(offers.length).toBeGreaterThan(5);
    for (const o of offers) {
      const order = o.data.drfOrder as string[];
      expect(order).toContain(o.subject);
      // Marathon only asks for offers while it has instances to launch; then it comes first.
      if (o.subject === 'spark-batch') {
        const marathonWants = events(run, 'replica.created').some(
          (c) => c.t <= o.t && first(run, 'replica.placed', c.subject).t > o.t,
        );
        if (marathonWants) expect(order[0]).toBe('spark-batch');
      }
    }
  });

  it('after node-2 dies, offers Marathon the freed resources first: its dominant share is lower', () => {
    const run = mesosRun('drf-batch', 23);
    const t0 = fault(run).t;
    const created = events(run, 'replica.created');
    expect(created.length).toBe(2);
    const placed = created.map((c) => first(run, 'replica.placed', c.subject));
    for (const p of placed) {
      const accepted = run.events[p.cause! - 1]!;
      const sent = run.events[accepted.cause! - 1]!;
      expect(sent.subject).toBe('marathon');
      expect((sent.data.drfOrder as string[])[0]).toBe('marathon');
      // The agent had no room until spark-batch tasks there finished.
      const finished = run.events.filter(
        (e) => e.native === 'TASK_FINISHED' && e.host === p.host && e.t <= sent.t && e.t > t0,
      );
      expect(finished.length).toBeGreaterThan(0);
    }
  });

  it('drfOrder itself: a lower weighted dominant share comes first (FIDELITY §3.2 example)', () => {
    const order = drfOrder({ cpus: 12, mem: 48 }, [
      { name: 'A', cpus: 3, mem: 6, weight: 1, allocationCount: 0, active: true },
      { name: 'B', cpus: 1, mem: 16, weight: 1, allocationCount: 0, active: true },
      { name: 'C', cpus: 4, mem: 8, weight: 2, allocationCount: 0, active: true },
    ]);
    expect(order).toEqual(['C', 'A', 'B']);
  });

  it('does not exist on Kubernetes: its pane shows only the web app', () => {
    const run = simulate(scenario('drf-batch'), 'kubernetes');
    expect(Object.keys(run.samples[0]!.apps)).toEqual(['web']);
    expect(scenario('drf-batch').summary).toContain('Kubernetes has no second');
  });
});
