// Marathon's offer handling against upstream: what an accepted offer leaves comes back at the
// next allocation (TaskLauncherImpl accepts with refuse_seconds 0), and a scale-down kills
// running tasks before it drops queued instances (ScalingProposition.weight).

import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/types';
import { HOPS, SEEDS, events, first, mesosRun, scenario } from '../orchestrators/mesos/support';

const scaleAt = (atMs: number, replicas: number): Scenario['events'][number] => ({
  atMs,
  say: null,
  pause: false,
  do: 'scale',
  target: 'web',
  replicas,
});

describe('a scale-up larger than one offer takes (maxInstancesPerOffer 5)', () => {
  it('places the rest on the same agents at the next allocation, not 5 s later', () => {
    for (const seed of SEEDS) {
      // Six agents of 4 cores; web 6 → 40 at 30 s: 34 instances, 30 fit the first round of
      // offers (5 an offer), the last 4 go in the next round, 1 s later.
      const run = mesosRun('partition-heal', seed, { events: [scaleAt(30_000, 40)] });
      const scaled = first(run, 'app.scaled', 'web');
      const placed = events(run, 'replica.placed').filter((e) => e.t >= scaled.t);
      expect(placed).toHaveLength(34);
      const last = Math.max(...placed.map((e) => e.t));
      expect(last - scaled.t).toBeLessThan(4_000);
    }
  });
});

describe('a scale-down while instances are still queued', () => {
  it('kills running tasks first and keeps the queued instances', () => {
    // web 6 → 60 needs more than six 4-core agents hold (48 at 500m): 12 stay queued. Scaling
    // back to 50 removes 10: running tasks, youngest first, not the queued ones.
    const run = mesosRun('partition-heal', SEEDS[0], {
      events: [scaleAt(30_000, 60), scaleAt(60_000, 50)],
    });
    const down = events(run, 'app.scaled', 'web')[1]!;
    const dropped = events(run, 'replica.stopped').filter(
      (e) => e.t >= down.t && e.native === 'Decommissioned',
    );
    expect(dropped).toEqual([]);
    const kills = events(run, 'replica.stopped').filter(
      (e) => e.t >= down.t && e.t < down.t + 5_000,
    );
    expect(kills.length).toBe(10);
  });
});

describe('a scenario key whose mechanism is not modelled', () => {
  it('is named in the run as a simplification, not silently ignored', () => {
    const run = mesosRun('partition-heal', SEEDS[0], {
      mesos: { ...scenario('partition-heal').mesos, flags: { offerTimeout: 30_000 } },
    });
    const notes = events(run, 'model.simplification').filter((e) => e.data.key === 'offerTimeout');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toContain('never rescinded for age');
  });
});

/** cluster-full.yaml's worker failure, then web scaled to `replicas` at 4 min. */
function fullClusterScaled(seed: number, replicas: number) {
  const run = mesosRun('cluster-full', seed, {
    events: [
      ...scenario('cluster-full').events.filter((e) => e.do === 'fail-node'),
      scaleAt(240_000, replicas),
    ],
  });
  return { run, scaled: events(run, 'app.scaled', 'web').find((e) => e.t >= 240_000)! };
}

describe('a full cluster where room frees up (cluster-full.yaml, web scaled 9 → 8 at 4 min)', () => {
  it('offers the agent again as soon as it has more free than Marathon declined', () => {
    for (const seed of SEEDS) {
      // node-1 is gone; three web instances wait in the queue while Marathon declines the other
      // two agents for 120 s (declineOfferDuration) for insufficient resources. Scaling to 8
      // kills a running task: its agent now has more free than was declined, so it is offered at
      // the next allocation and a queued instance takes its place.
      const { run, scaled: down } = fullClusterScaled(seed, 8);
      const killed = events(run, 'replica.stopped').find((e) => e.t >= down.t)!;
      const placed = events(run, 'replica.placed').find((e) => e.t >= killed.t)!;
      expect(placed.host).toBe(killed.host);
      expect(placed.t - killed.t).toBeLessThanOrEqual(1_000 + 50);
    }
  });
});

describe('a new instance queued while Marathon has declined every agent (cluster-full.yaml, 9 → 10)', () => {
  it('revives (at most every 5 s), which clears the filters: the agents are offered again at once', () => {
    for (const seed of SEEDS) {
      const { run, scaled: up } = fullClusterScaled(seed, 10);
      const offered = events(run, 'offer.sent').find((e) => e.t >= up.t)!;
      expect(offered.t - up.t).toBeLessThanOrEqual(5_000 + 1_000 + 50);
    }
  });
});

describe('a revive (node-failure.yaml: replacements queued)', () => {
  it('makes the allocator offer at once (generateOffers), not at its next 1 s tick', () => {
    const gaps: number[] = [];
    for (const seed of SEEDS) {
      const run = mesosRun('node-failure', seed);
      for (const c of events(run, 'replica.created')) {
        gaps.push(first(run, 'replica.placed', c.subject).t - c.t);
      }
    }
    // Revive, offer and accept are three messages of a few ms each.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(HOPS);
  });
});
