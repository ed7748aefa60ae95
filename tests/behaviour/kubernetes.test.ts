// Teaching claims of the Kubernetes model with v1.32+ defaults, per FIDELITY.md §7's Kubernetes
// columns, over several seeds: each loop's phase is drawn per run, so windows, not lucky numbers.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findEvents, firstEvent, keyframeAt } from '../../src/run/queries';
import type { Scenario, ScenarioEvent } from '../../src/scenario/types';
import { simulate } from '../../src/simulate';
import { failNode, loadScenario, smallScenario, workers } from '../support/scenarios';

const seeds = fc.integer({ min: 0, max: 2 ** 32 - 1 });
const ev = (atMs: number, rest: Record<string, unknown>): ScenarioEvent =>
  ({ atMs, say: null, pause: false, ...rest }) as ScenarioEvent;

function withSeed(file: string, seed: number): Scenario {
  return { ...loadScenario(file), seed };
}

describe('(a) a worker loses power at 30 s (node-failure.yaml)', () => {
  const T0 = 30_000;
  it('Unknown in (40, 60] s, NoExecute ≈ 5 s later, evicted and replaced in (345, 365] s, running 2 s on', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const run = simulate(withSeed('scenarios/node-failure.yaml', seed), 'kubernetes');
        const unknown = firstEvent(run, 'host.unreachable', 'node-2')!;
        expect(unknown.native).toBe('NodeStatusUnknown');
        expect(unknown.t - T0).toBeGreaterThan(40_000);
        expect(unknown.t - T0).toBeLessThanOrEqual(60_000);
        const taint = firstEvent(run, 'node.tainted', 'node-2')!;
        expect(taint.t - unknown.t).toBeGreaterThanOrEqual(5_000);
        expect(taint.t - unknown.t).toBeLessThanOrEqual(5_200);
        const lost = findEvents(run, 'replica.lost');
        expect(lost.length).toBe(2);
        for (const l of lost) {
          expect(l.native).toBe('TaintManagerEviction');
          expect(l.t - T0).toBeGreaterThan(345_000);
          expect(l.t - T0).toBeLessThanOrEqual(365_000);
          const created = run.events.find(
            (e) => e.type === 'replica.created' && e.cause === l.seq,
          )!;
          const placed = run.events.find(
            (e) => e.type === 'replica.placed' && e.cause === created.seq,
          )!;
          const running = run.events.find(
            (e) => e.type === 'replica.running' && e.cause === placed.seq,
          )!;
          expect(placed.t - l.t).toBeLessThan(100);
          expect(placed.host).not.toBe('node-2');
          expect(running.t - placed.t).toBeGreaterThanOrEqual(2_000);
          expect(running.t - placed.t).toBeLessThan(2_100);
        }
        const end = run.samples[run.samples.length - 1]!;
        expect(end.apps.web!.ready).toBe(6);
        expect(end.apps.api!.ready).toBe(3);
      }),
      { seed: 21, numRuns: 6 },
    );
  });

  it('traces each eviction back to the fault, and names the flags in the narration', () => {
    const run = simulate(loadScenario('scenarios/node-failure.yaml'), 'kubernetes');
    const lost = firstEvent(run, 'replica.lost')!;
    const chain: string[] = [];
    for (let c = lost.cause; c !== null; c = run.events[c - 1]!.cause)
      chain.push(run.events[c - 1]!.type);
    expect(chain).toEqual(['node.tainted', 'host.unreachable', 'fault.injected']);
    expect(lost.text).toContain('default-unreachable-toleration-seconds');
    expect(firstEvent(run, 'node.tainted')!.text).toContain('--node-eviction-rate');
  });

  it('tolerates 10 s less before detecting with the pre-1.32 40 s grace period', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const s = {
          ...withSeed('scenarios/node-failure.yaml', seed),
          kubernetes: { nodeMonitorGracePeriod: 40_000 },
        };
        const gap = firstEvent(simulate(s, 'kubernetes'), 'host.unreachable')!.t - T0;
        return gap > 30_000 && gap <= 50_000;
      }),
      { seed: 22, numRuns: 6 },
    );
  });

  it('taints a second dead node of the same zone 10 s after the first (node-eviction-rate 0.1/s)', () => {
    const s = smallScenario([failNode(30_000, 'node-1'), failNode(30_000, 'node-4')], {
      seed: 3,
      durationMs: 150_000,
    });
    const run = simulate(s, 'kubernetes');
    const taints = findEvents(run, 'node.tainted').map((e) => e.t);
    expect(taints.length).toBe(2);
    expect(taints[1]! - taints[0]!).toBeGreaterThanOrEqual(9_900);
    expect(taints[1]! - taints[0]!).toBeLessThanOrEqual(10_100);
  });
});

describe('zones: six workers in one zone (FIDELITY.md §2.2)', () => {
  const zone = (down: string[], extra: ScenarioEvent[] = []) =>
    simulate(
      smallScenario([...down.map((n) => failNode(30_000, n)), ...extra], {
        seed: 5,
        durationMs: 450_000,
        cluster: { controlPlane: 1, workers: workers(6, ['a']) },
      }),
      'kubernetes',
    );

  it('3 down: one node tainted every 10 s (node-eviction-rate 0.1/s)', () => {
    const run = zone(['node-1', 'node-2', 'node-3']);
    const t = findEvents(run, 'node.tainted').map((e) => e.t);
    expect(t.length).toBe(3);
    expect(t[1]! - t[0]!).toBeGreaterThanOrEqual(9_900);
    expect(t[2]! - t[1]!).toBeGreaterThanOrEqual(9_900);
  });

  it('4 down: PartialDisruption (≥ 55 %, zone of ≤ 50 nodes): nothing tainted, nothing evicted', () => {
    const run = zone(['node-1', 'node-2', 'node-3', 'node-4']);
    expect(firstEvent(run, 'node.disruption')!.native).toBe('PartialDisruption');
    expect(findEvents(run, 'node.tainted')).toEqual([]);
    expect(findEvents(run, 'replica.lost')).toEqual([]);
  });

  it('every zone down: the controller blames itself and stops tainting', () => {
    const all = ['node-1', 'node-2', 'node-3', 'node-4', 'node-5', 'node-6'];
    const run = zone(all, [ev(30_000, { do: 'stop', target: 'control-1', component: 'kubelet' })]);
    const full = findEvents(run, 'node.disruption').find((e) => e.native === 'FullDisruption')!;
    expect(full.text).toContain('assumes the fault is its own');
    expect(findEvents(run, 'replica.lost')).toEqual([]);
  });
});

describe('(b) node-3 is partitioned at 30 s and healed at 150 s (partition-heal.yaml)', () => {
  it('is Ready again in (150, 165] s; nothing is replaced; its pods serve again', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const run = simulate(withSeed('scenarios/partition-heal.yaml', seed), 'kubernetes');
        const back = firstEvent(run, 'host.reachable', 'node-3')!;
        expect(back.t).toBeGreaterThan(150_000);
        expect(back.t).toBeLessThanOrEqual(165_000);
        expect(findEvents(run, 'replica.created')).toEqual([]);
        expect(findEvents(run, 'replica.lost')).toEqual([]);
        const after = run.samples.find((x) => x.t === 170_000)!;
        expect(after.apps.web!.ready).toBe(6);
      }),
      { seed: 23, numRuns: 5 },
    );
  });
});

describe('(c) the scheduling leader host dies at 60 s (leader-failure.yaml)', () => {
  it('etcd elects in (0.9, 2.0] s, the Leases move in (13, 23.8] s, control-1 Unknown in (63, 79] s', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const run = simulate(withSeed('scenarios/leader-failure.yaml', seed), 'kubernetes');
        const fault = firstEvent(run, 'fault.injected')!;
        expect(fault.host).toBe('control-1');
        const etcd = firstEvent(run, 'leader.elected', 'etcd', 1)!;
        expect(etcd.t - 60_000).toBeGreaterThan(900);
        expect(etcd.t - 60_000).toBeLessThanOrEqual(2_000);
        for (const subject of ['kube-controller-manager', 'kube-scheduler']) {
          const e = firstEvent(run, 'leader.elected', subject, 1)!;
          expect(e.native).toBe('LeaderElection');
          expect(e.text).toMatch(/^control-[23]_[0-9a-f-]{36} became leader/);
          expect(e.t - 60_000).toBeGreaterThan(13_000);
          expect(e.t - 60_000).toBeLessThanOrEqual(23_800);
        }
        const unknown = firstEvent(run, 'host.unreachable', 'control-1')!;
        expect(unknown.t - 60_000).toBeGreaterThan(63_000);
        expect(unknown.t - 60_000).toBeLessThanOrEqual(79_000);
        expect(findEvents(run, 'replica.lost')).toEqual([]);
      }),
      { seed: 24, numRuns: 6 },
    );
  });
});

describe('(d) control-1 and control-2 die at 60 s and return at 180 s (control-plane-quorum.yaml)', () => {
  it('writes nothing without quorum, then elects etcd in (t1, t1 + 1.9 s] and takes the Leases', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const run = simulate(withSeed('scenarios/control-plane-quorum.yaml', seed), 'kubernetes');
        const during = run.events.filter((e) => e.t > 60_000 && e.t < 180_000);
        expect(during.filter((e) => e.type === 'leader.elected')).toEqual([]);
        expect(during.filter((e) => e.type.startsWith('replica.'))).toEqual([]);
        expect(during.some((e) => e.type === 'etcd.noQuorum')).toBe(true);
        const etcd = firstEvent(run, 'leader.elected', 'etcd', 180_000)!;
        expect(etcd.t - 180_000).toBeGreaterThan(0);
        expect(etcd.t - 180_000).toBeLessThanOrEqual(1_900 + 50);
        // A standby that saw the last renewal takes it at its next try (≤ 4.4 s); one that did
        // not sees a changed record after the outage and waits one lease duration more.
        for (const subject of ['kube-controller-manager', 'kube-scheduler']) {
          const e = firstEvent(run, 'leader.elected', subject, 180_000)!;
          expect(e.t - etcd.t).toBeLessThanOrEqual(4_400 + 15_000 + 4_400);
        }
        expect(findEvents(run, 'replica.lost')).toEqual([]);
      }),
      { seed: 25, numRuns: 5 },
    );
  });
});

describe('(e) demand on web climbs past its target', () => {
  const spike = (seed: number, from = 1200) =>
    smallScenario([ev(60_000, { do: 'set-load', target: 'web', cpuMilli: 3000 })], {
      seed,
      durationMs: 150_000,
      apps: [
        {
          name: 'web',
          replicas: 4,
          cpuMilli: 500,
          memoryBytes: 256 * 1024 ** 2,
          autoscale: { min: 2, max: 12, targetCPU: 60 },
        },
      ],
      load: { web: [{ atMs: 0, cpuMilli: from }] },
    });

  it('at 250 % of target scales 4 → 8 in one sync (max(2 × 4, 4)), not 4 → 10', () => {
    const first = findEvents(simulate(spike(1, 3000), 'kubernetes'), 'app.scaled')[0]!;
    expect(first.data).toMatchObject({ from: 4, to: 8, by: 'hpa' });
    expect(first.text).toBe(
      'New size: 8; reason: cpu resource utilization (percentage of request) above target',
    );
  });

  it('a step from target to 250 % scales (1.5, 31.5] s later, then steps at least 15 s apart', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const scaled = findEvents(simulate(spike(seed), 'kubernetes'), 'app.scaled');
        const first = scaled[0]!;
        expect(first.data.by).toBe('hpa');
        for (let i = 1; i < scaled.length; i++) {
          expect(scaled[i]!.t - scaled[i - 1]!.t).toBeGreaterThanOrEqual(15_000);
        }
        expect(first.t - 60_000).toBeGreaterThan(1_500);
        expect(first.t - 60_000).toBeLessThanOrEqual(31_500);
      }),
      { seed: 27, numRuns: 6 },
    );
  });

  it('fights a user who scales an autoscaled app by hand: back up at once, down only after 5 min', () => {
    const down = spike(9, 1200);
    down.events = [ev(60_000, { do: 'scale', target: 'web', replicas: 2 })];
    const up = findEvents(simulate(down, 'kubernetes'), 'app.scaled');
    expect(up[0]!.data).toMatchObject({ from: 4, to: 2, by: 'user' });
    expect(up[1]!.data).toMatchObject({ from: 2, to: 4, by: 'hpa' });
    expect(up[1]!.t - up[0]!.t).toBeLessThanOrEqual(45_000);

    const high = { ...spike(9, 1200), durationMs: 420_000 };
    high.events = [ev(60_000, { do: 'scale', target: 'web', replicas: 10 })];
    const back = findEvents(simulate(high, 'kubernetes'), 'app.scaled');
    expect(back[0]!.data).toMatchObject({ from: 4, to: 10, by: 'user' });
    // The syncs right after the scale hold at 10 (new pods not yet measured), and that hold is
    // a recommendation the 300 s downscale window keeps.
    expect(back[1]!.data).toMatchObject({ from: 10, to: 4, by: 'hpa' });
    expect(back[1]!.t - back[0]!.t).toBeGreaterThan(300_000);
  });

  it('load-spike.yaml: at most max(2n, 4) per step, steps 15 s apart, within [2, 12], no scale-down inside the 5 min window', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        const run = simulate(withSeed('scenarios/load-spike.yaml', seed), 'kubernetes');
        const scaled = findEvents(run, 'app.scaled').filter((e) => e.data.by === 'hpa');
        expect(scaled.length).toBeGreaterThan(1);
        expect(scaled[0]!.native).toBe('SuccessfulRescale');
        let last = -Infinity;
        for (const e of scaled) {
          const { from, to } = e.data as { from: number; to: number };
          expect(to).toBeGreaterThan(from); // demand stays high until 6:00; 6:00 + 5 min is past the end
          expect(to).toBeLessThanOrEqual(Math.max(2 * from, 4));
          expect(e.t - last).toBeGreaterThanOrEqual(15_000);
          last = e.t;
        }
        for (const s of run.samples) {
          expect(s.apps.web!.desired).toBeGreaterThanOrEqual(2);
          expect(s.apps.web!.desired).toBeLessThanOrEqual(12);
        }
      }),
      { seed: 26, numRuns: 4 },
    );
  });
});

describe('(f) node-3 is drained at 30 s (drain.yaml)', () => {
  it('evicts every pod at t0 through the Eviction API, places the replacements at t0, running 2 s on', () => {
    const run = simulate(loadScenario('scenarios/drain.yaml'), 'kubernetes');
    const evicted = findEvents(run, 'replica.stopped');
    expect(evicted.length).toBeGreaterThan(0);
    for (const e of evicted) {
      expect(e.native).toBe('EvictionByEvictionAPI');
      expect(e.t - 30_000).toBeLessThan(50);
      const created = run.events.find((x) => x.type === 'replica.created' && x.cause === e.seq)!;
      const placed = run.events.find(
        (x) => x.type === 'replica.placed' && x.cause === created.seq,
      )!;
      expect(placed.t - 30_000).toBeLessThan(100);
      expect(placed.host).not.toBe('node-3');
      const running = run.events.find(
        (x) => x.type === 'replica.running' && x.cause === placed.seq,
      )!;
      expect(running.t - placed.t).toBeGreaterThanOrEqual(2_000);
    }
    expect(firstEvent(run, 'node.drained')!.t - 30_000).toBeLessThanOrEqual(2_100);
    const frame = keyframeAt(run, 60_000)!;
    expect(frame.hosts.find((h) => h.name === 'node-3')!.status).toBe('Ready,SchedulingDisabled');
  });
});

describe('a full cluster loses a worker (cluster-full.yaml)', () => {
  it("reports FailedScheduling in the scheduler's own words", () => {
    const run = simulate(loadScenario('scenarios/cluster-full.yaml'), 'kubernetes');
    const failed = firstEvent(run, 'pod.unschedulable')!;
    expect(failed.native).toBe('FailedScheduling');
    expect(failed.text).toBe(
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
        '1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient cpu.',
    );
  });

  it('retries a parked pod after 1, 2, 4, 8, 10 s of backoff when the cluster keeps changing', () => {
    const base = loadScenario('scenarios/cluster-full.yaml');
    const churn: ScenarioEvent[] = [];
    for (let t = 400_000; t < 480_000; t += 500) {
      churn.push(ev(t, { do: (t / 500) % 2 === 0 ? 'cordon' : 'uncordon', target: 'node-2' }));
    }
    const run = simulate(
      { ...base, events: [...base.events.filter((e) => e.do !== null), ...churn] },
      'kubernetes',
    );
    const first = firstEvent(run, 'pod.unschedulable')!;
    const attempts = findEvents(run, 'pod.unschedulable', first.subject);
    const backoffs = attempts.slice(0, 6).map((e) => e.data.backoffMs);
    expect(backoffs).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
    // The first attempt comes before the churn starts; from then on the backoff paces retries.
    for (let i = 2; i < 6; i++) {
      const gap = attempts[i]!.t - attempts[i - 1]!.t;
      expect(gap).toBeGreaterThanOrEqual(attempts[i - 1]!.data.backoffMs as number);
      expect(gap).toBeLessThanOrEqual((attempts[i - 1]!.data.backoffMs as number) + 1_600);
    }
  });
});

describe('components and targets', () => {
  it('resolves `leader` to the kube-controller-manager Lease holder, and ignores Mesos-only components', () => {
    const s = smallScenario(
      [
        ev(10_000, { do: 'stop', target: 'control-2', component: 'zookeeper' }),
        ev(20_000, { do: 'fail-node', target: 'leader' }),
      ],
      { durationMs: 60_000 },
    );
    const run = simulate(s, 'kubernetes');
    const ignored = firstEvent(run, 'fault.ignored')!;
    expect(ignored.text).toBe('Kubernetes has no zookeeper: nothing happens on this side.');
    expect(findEvents(run, 'fault.injected')[1]!.host).toBe('control-1');
  });

  it('a stopped kubelet looks like a dead node, but its containers run on', () => {
    const s = smallScenario([ev(30_000, { do: 'stop', target: 'node-2', component: 'kubelet' })], {
      durationMs: 120_000,
    });
    const run = simulate(s, 'kubernetes');
    const unknown = firstEvent(run, 'host.unreachable', 'node-2')!;
    expect(unknown.t - 30_000).toBeGreaterThan(40_000);
    expect(run.samples.find((x) => x.t === 60_000)!.apps.web!.ready).toBe(6);
    const frame = keyframeAt(run, 60_000)!;
    const kubelet = frame.hosts
      .find((h) => h.name === 'node-2')!
      .processes.find((p) => p.name === 'kubelet')!;
    expect(kubelet.state).toBe('stopped');
  });

  it('shows real process states in keyframes', () => {
    const run = simulate(loadScenario('scenarios/leader-failure.yaml'), 'kubernetes');
    const frame = keyframeAt(run, 10_000)!;
    const c1 = frame.hosts.find((h) => h.name === 'control-1')!;
    const names = c1.processes.map((p) => `${p.name}:${p.state}`);
    expect(names).toEqual([
      'kube-apiserver:serving',
      'etcd:leader',
      'kube-controller-manager:leader',
      'kube-scheduler:leader',
      'kubelet:Ready',
    ]);
    expect(frame.replicas.every((r) => r.state === 'Running' && r.phase === 'running')).toBe(true);
  });
});

describe('etcd with --pre-vote=false (leader-failure.yaml)', () => {
  it('campaigns for the next term at once, with no pre-vote round, and still elects a leader', () => {
    for (const seed of [1, 2, 3]) {
      const base = withSeed('scenarios/leader-failure.yaml', seed);
      const run = simulate(
        { ...base, kubernetes: { ...base.kubernetes, preVote: false } },
        'kubernetes',
      );
      expect(findEvents(run, 'etcd.preCampaign')).toEqual([]);
      expect(run.messages.some((m) => m.kind === 'raft.preVote')).toBe(false);
      const elected = findEvents(run, 'leader.elected').filter(
        (e) => e.subject === 'etcd' && e.t > 60_000,
      );
      expect(elected.length).toBeGreaterThan(0);
      const withPreVote = simulate(base, 'kubernetes');
      expect(withPreVote.messages.some((m) => m.kind === 'raft.preVote')).toBe(true);
    }
  });
});
