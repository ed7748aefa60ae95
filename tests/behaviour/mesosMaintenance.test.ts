// Teaching claims, FIDELITY.md §7 (f) and §3.4: DRAIN_AGENT kills first and only then Marathon
// relaunches; DEACTIVATE_AGENT stops offers but leaves tasks alone; one process at a time.

import { describe, expect, it } from 'vitest';
import type { ScenarioEvent } from '../../src/scenario/types';
import { simulate } from '../../src/simulate';
import { failNode, smallScenario } from '../support/scenarios';
import { HOPS, SEEDS, events, fault, first } from '../orchestrators/mesos/support';
import { mesosRun } from '../orchestrators/mesos/support';

const at = (atMs: number, e: Partial<ScenarioEvent>): ScenarioEvent =>
  ({ atMs, say: null, pause: false, ...e }) as ScenarioEvent;

describe('node-3 is drained at 30 s (drain.yaml)', () => {
  it('kills its tasks at once (TASK_KILLING), TASK_KILLED REASON_SLAVE_DRAINING ≈ 1 s later', () => {
    for (const seed of SEEDS.slice(0, 6)) {
      const run = mesosRun('drain', seed);
      const t0 = fault(run).t;
      const killing = run.events.filter((e) => e.native === 'TASK_KILLING');
      expect(killing.length).toBeGreaterThan(0);
      for (const k of killing) {
        expect(k.host).toBe('node-3');
        expect(k.t - t0).toBeLessThanOrEqual(HOPS);
        const killed = first(run, 'replica.stopped', k.subject);
        expect(killed.native).toBe('TASK_KILLED');
        expect(killed.data.reason).toBe('REASON_SLAVE_DRAINING');
        expect(killed.t - t0).toBeGreaterThanOrEqual(1_000);
        expect(killed.t - t0).toBeLessThanOrEqual(1_000 + HOPS);
      }
      expect(first(run, 'agent.drained', 'node-3').native).toBe('DRAINED');
    }
  });

  it('replaces only after the kill: placed in (1 s, 2 s] (+ ≤ 5 s revive), running 2 s later', () => {
    for (const seed of SEEDS.slice(0, 6)) {
      const run = mesosRun('drain', seed);
      const t0 = fault(run).t;
      const created = events(run, 'replica.created');
      expect(created.length).toBe(events(run, 'replica.stopped').length);
      for (const c of created) {
        expect(c.t - t0).toBeGreaterThanOrEqual(1_000);
        const placed = first(run, 'replica.placed', c.subject);
        expect(placed.host).not.toBe('node-3');
        expect(placed.t - t0).toBeGreaterThan(1_000);
        expect(placed.t - t0).toBeLessThanOrEqual(2_000 + 5_000 + HOPS);
        const running = first(run, 'replica.running', c.subject);
        expect(running.t - placed.t).toBeLessThanOrEqual(2_000 + HOPS);
      }
      // Marathon had not revived in the last 5 s: the first placement is in (1 s, 2 s].
      const firstPlaced = first(run, 'replica.placed', undefined, t0);
      expect(firstPlaced.t - t0).toBeLessThanOrEqual(2_000 + HOPS);
      // No backoff after a drain: REASON_SLAVE_DRAINING resets Marathon's rate limiter.
      expect(events(run, 'marathon.backoff')).toEqual([]);
    }
  });
});

describe('maintenance and single processes', () => {
  it('a cordoned agent gets no offers and keeps its tasks; replacements go elsewhere', () => {
    const scenario = smallScenario([
      at(20_000, { do: 'cordon', target: 'node-1' }),
      failNode(30_000, 'node-2'),
    ]);
    const run = simulate(scenario, 'mesos');
    expect(first(run, 'agent.deactivated', 'node-1').native).toBe('DEACTIVATE_AGENT');
    expect(events(run, 'replica.stopped')).toEqual([]);
    const placed = events(run, 'replica.placed');
    expect(placed.length).toBeGreaterThan(0);
    for (const p of placed) expect(p.host).not.toBe('node-1');
    for (const o of events(run, 'offer.sent')) {
      if (o.t > 20_000) expect(o.host).not.toBe('node-1');
    }
    const frame = run.keyframes[run.keyframes.length - 1]!;
    expect(frame.hosts.find((h) => h.name === 'node-1')!.status).toBe('DEACTIVATED');
  });

  it('records that Mesos has no kubelet, and does nothing else', () => {
    const run = simulate(
      smallScenario([at(20_000, { do: 'stop', target: 'node-1', component: 'kubelet' })]),
      'mesos',
    );
    const absent = first(run, 'component.absent');
    expect(absent.text).toContain('Mesos has no kubelet');
    expect(run.events.filter((e) => e.t > 20_000 && e.type !== 'component.absent')).toEqual([]);
  });

  it('a stopped mesos-agent disconnects at once, its tasks keep serving, the health check follows', () => {
    const run = simulate(
      smallScenario([at(20_000, { do: 'stop', target: 'node-1', component: 'mesos-agent' })]),
      'mesos',
    );
    const disconnected = first(run, 'agent.disconnected', 'node-1');
    expect(disconnected.t - 20_000).toBeLessThanOrEqual(HOPS);
    const before = run.samples.find((s) => s.t === 19_000)!.apps.web!.ready;
    expect(run.samples.find((s) => s.t === 60_000)!.apps.web!.ready).toBe(before);
    const unreachable = first(run, 'host.unreachable', 'node-1');
    expect(unreachable.t - 20_000).toBeGreaterThanOrEqual(75_000);
    expect(unreachable.t - 20_000).toBeLessThan(90_000);
  });

  it('stopping the leading mesos-master crashes the Marathon leader at once (driver disconnected)', () => {
    const run = simulate(
      smallScenario([at(20_000, { do: 'stop', target: 'control-1', component: 'mesos-master' })]),
      'mesos',
    );
    const crash = first(run, 'marathon.crashed');
    expect(crash.native).toBe('Lost leadership; crashing');
    expect(crash.t - 20_000).toBeLessThanOrEqual(HOPS);
    const elected = first(run, 'leader.elected', 'mesos-master', 20_000);
    expect(elected.host).not.toBe('control-1');
    expect(elected.t - 20_000).toBeGreaterThan(6_667);
    expect(elected.t - 20_000).toBeLessThanOrEqual(12_000 + HOPS);
    expect(first(run, 'leader.elected', 'marathon', 20_000).t).toBeGreaterThan(elected.t);
  });

  it('a user scales by hand through Marathon: app.scaled by user, instances queued and run', () => {
    const run = simulate(
      smallScenario([at(20_000, { do: 'scale', target: 'web', replicas: 9 })]),
      'mesos',
    );
    const scaled = first(run, 'app.scaled', 'web');
    expect(scaled.data).toEqual({ from: 6, to: 9, by: 'user' });
    expect(events(run, 'replica.running').length).toBe(3);
    const down = simulate(
      smallScenario([at(20_000, { do: 'scale', target: 'web', replicas: 4 })]),
      'mesos',
    );
    expect(events(down, 'replica.stopped').length).toBe(2);
    expect(down.samples[down.samples.length - 1]!.apps.web).toMatchObject({ desired: 4, ready: 4 });
  });
});
