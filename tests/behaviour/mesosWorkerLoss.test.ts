// Teaching claims, FIDELITY.md §7 (a) and (b), Mesos columns, with the real defaults over fixed
// seeds: five unanswered PINGs make an agent unreachable, unreachableStrategy 0/0 replaces its
// tasks at once through offers, and a returning agent's tasks are killed as unknown.

import { describe, expect, it } from 'vitest';
import { keyframeAt } from '../../src/run/queries';
import {
  HOPS,
  SEEDS,
  events,
  fault,
  first,
  mesosRun,
  scenario,
  tracesTo,
} from '../orchestrators/mesos/support';

describe('node-2 loses power under steady load (node-failure.yaml)', () => {
  it('marks it unreachable, TASK_UNREACHABLE and queues replacements in [75 s, 90 s) of the fault', () => {
    for (const seed of SEEDS) {
      const run = mesosRun('node-failure', seed);
      const t0 = fault(run).t;
      const unreachable = first(run, 'host.unreachable', 'node-2');
      expect(unreachable.t - t0).toBeGreaterThanOrEqual(75_000);
      expect(unreachable.t - t0).toBeLessThan(90_000);
      const lost = events(run, 'replica.lost');
      expect(lost.length).toBe(2); // one web, one api replica ran on node-2
      for (const e of lost) {
        expect(e.native).toBe('TASK_UNREACHABLE');
        expect(e.data.reason).toBe('REASON_SLAVE_REMOVED');
        expect(e.cause).toBe(unreachable.seq);
      }
      const created = events(run, 'replica.created');
      expect(created.length).toBe(2);
      for (const c of created) {
        expect(c.t - t0).toBeGreaterThanOrEqual(75_000);
        expect(c.t - t0).toBeLessThan(90_000 + HOPS);
        expect(tracesTo(run, c, unreachable)).toBe(true);
        expect(tracesTo(run, c, fault(run))).toBe(true);
      }
    }
  });

  it('launches each replacement (TASK_STAGING) at the next allocation, ≤ 1 s later, and runs it 2 s after', () => {
    for (const seed of SEEDS) {
      const run = mesosRun('node-failure', seed);
      for (const c of events(run, 'replica.created')) {
        const placed = first(run, 'replica.placed', c.subject);
        expect(placed.native).toBe('TASK_STAGING');
        expect(placed.host).not.toBe('node-2');
        // Marathon had not revived for 5 s, so the revive is immediate: offers next allocation.
        expect(placed.t - c.t).toBeLessThanOrEqual(1_000 + HOPS);
        const running = first(run, 'replica.running', c.subject);
        expect(running.t - placed.t).toBeGreaterThanOrEqual(2_000);
        expect(running.t - placed.t).toBeLessThanOrEqual(2_000 + HOPS);
      }
    }
  });

  it('places each replacement through an offer of that agent that Marathon accepted', () => {
    const run = mesosRun('node-failure', 7);
    for (const placed of events(run, 'replica.placed')) {
      const accepted = run.events[placed.cause! - 1]!;
      expect(accepted.type).toBe('offer.accepted');
      expect(accepted.host).toBe(placed.host);
      const sent = run.events[accepted.cause! - 1]!;
      expect(sent.type).toBe('offer.sent');
      expect(sent.subject).toBe('marathon');
      expect(sent.host).toBe(placed.host);
    }
  });

  it('brings every app back to its ready count, and detectMs is the unreachable gap', () => {
    const run = mesosRun('node-failure', 7);
    const last = run.samples[run.samples.length - 1]!;
    expect(last.apps.web!.ready).toBe(6);
    expect(last.apps.api!.ready).toBe(3);
    expect(run.summary.detectMs).toBe(first(run, 'host.unreachable').t - fault(run).t);
    expect(run.summary.recoverMs).not.toBeNull();
  });
});

describe('node-3 is partitioned at 30 s and healed at 150 s (partition-heal.yaml)', () => {
  it('is unreachable in [105 s, 120 s) of the run, and its replacements run beside the old tasks', () => {
    for (const seed of SEEDS.slice(0, 8)) {
      const run = mesosRun('partition-heal', seed);
      const unreachable = first(run, 'host.unreachable', 'node-3');
      expect(unreachable.t).toBeGreaterThanOrEqual(105_000);
      expect(unreachable.t).toBeLessThan(120_000);
      const lost = events(run, 'replica.lost').map((e) => e.subject);
      const frame = keyframeAt(run, 149_000)!;
      const old = frame.replicas.filter((r) => lost.includes(r.id));
      expect(old.length).toBe(lost.length);
      for (const r of old) {
        expect(r.host).toBe('node-3');
        expect(r.state).toBe('TASK_UNREACHABLE');
      }
      const running = frame.replicas.filter((r) => r.state === 'TASK_RUNNING');
      expect(running.length).toBe(6);
    }
  });

  it('sees the agent back in (150 s, 210 s] and kills its returning tasks as unknown', () => {
    for (const seed of SEEDS.slice(0, 8)) {
      const run = mesosRun('partition-heal', seed);
      const back = first(run, 'host.reachable', 'node-3');
      expect(back.t).toBeGreaterThan(150_000);
      expect(back.t).toBeLessThanOrEqual(210_000);
      const lost = events(run, 'replica.lost').map((e) => e.subject);
      for (const id of lost) {
        const kill = first(run, 'marathon.killUnknown', id);
        expect(kill.native).toBe(`Kill unknown ${id}`);
        expect(kill.t).toBeGreaterThanOrEqual(back.t);
        const stopped = first(run, 'replica.stopped', id);
        expect(stopped.native).toBe('TASK_KILLED');
        expect(stopped.t - kill.t).toBeGreaterThanOrEqual(1_000);
      }
      const last = run.samples[run.samples.length - 1]!;
      expect(last.apps.web).toMatchObject({ desired: 6, ready: 6 });
    }
  });
});

describe('a scale-down whose kill cannot reach a cut-off agent (partition-heal.yaml, scaled to 0)', () => {
  it('expunges the unreachable instance anyway, and kills its task as unknown when the agent returns', () => {
    for (const seed of SEEDS) {
      const base = scenario('partition-heal');
      const run = mesosRun('partition-heal', seed, {
        events: [
          ...base.events.filter((e) => e.do === 'partition-node' || e.do === 'heal-node'),
          { atMs: 40_000, say: null, pause: false, do: 'scale', target: 'web', replicas: 0 },
        ],
      });
      const heal = first(run, 'fault.injected', 'node-3', 100_000);
      // The kill sent at 40 s to node-3's task is lost; at the heal the task reports running.
      const kill = first(run, 'marathon.killUnknown', undefined, heal.t);
      expect(kill.host).toBe('node-3');
      const end = keyframeAt(run, scenario('partition-heal').durationMs)!;
      expect(end.replicas.filter((r) => r.phase === 'running')).toEqual([]);
    }
  });
});

describe('a worker that reboots before it is found unreachable (off 30 s, node-failure.yaml)', () => {
  it('reports its tasks TASK_GONE with REASON_SLAVE_RESTARTED when the agent comes back', () => {
    const base = scenario('node-failure');
    const run = mesosRun('node-failure', SEEDS[0], {
      events: [
        { atMs: 30_000, say: null, pause: false, do: 'fail-node', target: 'node-2' },
        { atMs: 60_000, say: null, pause: false, do: 'recover-node', target: 'node-2' },
      ],
      durationMs: Math.min(base.durationMs, 240_000),
    });
    const gone = events(run, 'replica.lost').filter((e) => e.host === 'node-2');
    expect(gone.length).toBe(2);
    for (const e of gone) {
      expect(e.native).toBe('TASK_GONE');
      expect(e.data.reason).toBe('REASON_SLAVE_RESTARTED');
    }
  });
});

describe('unreachableStrategy other than 0/0 (partition-heal.yaml, node-3 cut off 3.5 minutes)', () => {
  const withStrategy = (
    seed: number,
    inactiveAfterSeconds: number,
    expungeAfterSeconds: number,
  ) => {
    // node-3 is cut off from 30 s to 4 min: found unreachable at about 2 min, back by 5 min.
    const base = scenario('partition-heal');
    return mesosRun('partition-heal', seed, {
      mesos: { ...base.mesos, flags: { inactiveAfterSeconds, expungeAfterSeconds } },
      events: base.events.map((e) => (e.do === 'heal-node' ? { ...e, atMs: 240_000 } : e)),
    });
  };

  it('with 300 s / 600 s (before Marathon 1.4) waits: no replacement, the tasks simply come back', () => {
    for (const seed of SEEDS) {
      const run = withStrategy(seed, 300_000, 600_000);
      const unreachable = first(run, 'host.unreachable', 'node-3');
      expect(events(run, 'replica.lost').filter((e) => e.host === 'node-3').length).toBe(1);
      expect(events(run, 'replica.created').filter((e) => e.t >= unreachable.t)).toEqual([]);
      expect(events(run, 'marathon.expunged')).toEqual([]);
      expect(events(run, 'marathon.killUnknown')).toEqual([]);
    }
  });

  it('with 30 s / 600 s replaces them on the expunge tick after 30 s, and kills the replacements when the originals return', () => {
    for (const seed of SEEDS) {
      const run = withStrategy(seed, 30_000, 600_000);
      const unreachable = first(run, 'host.unreachable', 'node-3');
      // node-3 runs one web task.
      const inactive = events(run, 'marathon.inactive');
      expect(inactive.length).toBe(1);
      for (const e of inactive) {
        // ExpungeOverdueLostTasksActor ticks every 30 s (taskLostExpungeInterval).
        expect(e.t - unreachable.t).toBeGreaterThanOrEqual(30_000);
        expect(e.t - unreachable.t).toBeLessThan(60_000 + HOPS);
      }
      const replacements = events(run, 'replica.created').filter((e) => e.t >= unreachable.t);
      expect(replacements.length).toBe(1);
      // Back before the expunge: the originals count again; the youngest (the replacements) go.
      const heal = first(run, 'fault.injected', 'node-3', 200_000);
      const stopped = events(run, 'replica.stopped').filter((e) => e.t >= heal.t);
      expect(stopped.map((e) => e.subject).sort()).toEqual(
        replacements.map((e) => e.subject).sort(),
      );
      expect(events(run, 'marathon.killUnknown')).toEqual([]);
    }
  });
});

describe('the master’s TASK_UNREACHABLE to Marathon is lost (node-failure.yaml, updates dropped)', () => {
  it('reaches Marathon at its next reconciliation, which then replaces the instances', () => {
    for (const seed of SEEDS) {
      const base = scenario('node-failure');
      const run = mesosRun('node-failure', seed, {
        durationMs: 15 * 60_000,
        events: [
          ...base.events.filter((e) => e.do === 'fail-node'),
          {
            atMs: 30_000,
            say: null,
            pause: false,
            do: 'drop-message',
            from: 'control-1',
            to: null,
            message: 'StatusUpdateMessage',
            windowMs: 120_000,
          },
        ],
      });
      const unreachable = first(run, 'host.unreachable', 'node-2');
      const created = events(run, 'replica.created').filter((e) => e.t >= unreachable.t);
      expect(created.length).toBe(2);
      const reconciled = events(run, 'marathon.reconciled').filter((e) => e.t >= 150_000);
      expect(reconciled.length).toBeGreaterThan(0);
      for (const c of created) {
        // Not before the drop ends, and caused by the reconciliation.
        expect(c.t).toBeGreaterThanOrEqual(150_000);
        expect(tracesTo(run, c, reconciled[0]!)).toBe(true);
      }
    }
  });
});
