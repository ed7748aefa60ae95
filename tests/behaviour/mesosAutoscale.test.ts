// Teaching claims, FIDELITY.md §7 (e) and §5: Mesos has no native metric autoscaler; the
// community marathon-autoscale add-on scales after three above-band cycles of 10 s + 2 s per task.

import { describe, expect, it } from 'vitest';
import { events, mesosRun, scenario } from '../orchestrators/mesos/support';
import { autoscaleSettings } from '../../src/orchestrators/mesos/marathonAutoscale';

/** When the web app's per-task CPU first passes the top of the band (33 % of one core). */
function bandCrossed(run: ReturnType<typeof mesosRun>): number {
  const s = run.samples.find((x) => (x.apps.web!.cpu / x.apps.web!.ready) * 100 > 33)!;
  return s.t;
}

describe('demand on web climbs from 1:00 (load-spike.yaml, marathon-autoscale on)', () => {
  const app = scenario('load-spike').apps[0]!;

  it('derives the band from the target: 60 % of 500m is 27–33 % of one core, 2 to 12 instances', () => {
    const s = autoscaleSettings(app, {});
    expect(s.minRange).toBeCloseTo(27);
    expect(s.maxRange).toBeCloseTo(33);
    expect([s.minInstances, s.maxInstances, s.interval]).toEqual([2, 12, 10_000]);
  });

  it('first scales 2C to 3C + 2n after demand passes the band (n = 4: 36–62 s), by marathon-autoscale', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const run = mesosRun('load-spike', seed);
      const crossed = bandCrossed(run);
      const scaled = events(run, 'app.scaled')[0]!;
      expect(scaled.data.by).toBe('marathon-autoscale');
      // Samples are 1 s apart: the crossing is known to within a second.
      expect(scaled.t - crossed).toBeGreaterThan(36_000 - 1_000);
      expect(scaled.t - crossed).toBeLessThanOrEqual(62_000);
      expect(run.summary.scaleReactionMs).not.toBeNull();
    }
  });

  it('steps 4 → 6 → 9 → 12 (ceil × 1.5, max 12), at least three cycles apart', () => {
    for (const seed of [1, 2, 3]) {
      const run = mesosRun('load-spike', seed);
      const up = events(run, 'app.scaled').filter(
        (e) => (e.data.to as number) > (e.data.from as number),
      );
      expect(up.map((e) => [e.data.from, e.data.to])).toEqual([
        [4, 6],
        [6, 9],
        [9, 12],
      ]);
      // Three more cycles of 10 s + 2 s per task, with at least as many tasks as before the step.
      for (let i = 1; i < up.length; i++) {
        const n = up[i - 1]!.data.from as number;
        expect(up[i]!.t - up[i - 1]!.t).toBeGreaterThanOrEqual(3 * (10_000 + 2_000 * n));
      }
      const cycles = events(run, 'autoscale.cycle');
      expect(cycles.length).toBeGreaterThan(10);
    }
  });

  it('without the add-on, nothing scales on load: no app.scaled, scaleReactionMs null, said once', () => {
    const run = mesosRun('load-spike', 3, {
      mesos: { ...scenario('load-spike').mesos, autoscaler: null },
    });
    expect(events(run, 'app.scaled')).toEqual([]);
    expect(run.summary.scaleReactionMs).toBeNull();
    const notes = run.events.filter((e) => e.text.includes('no native metric autoscaler'));
    expect(notes.length).toBe(1);
    const last = run.samples.find((s) => s.t === 300_000)!.apps.web!;
    expect(last.desired).toBe(4);
    expect(last.utilization).toBeGreaterThan(1);
  });
});
