import { describe, it, expect } from 'vitest';
import {
  drfOrder,
  hpaDefaultBehavior,
  hpaLegacyLimit,
  hpaReplicas,
  hpaScaleLimit,
  schedulerScores,
  zkElectedLeader,
  zkVoteWins,
  type HpaPod,
  type Rules,
} from '../src/algorithms';

const GI = 1024 ** 3;
const MI = 1024 ** 2;

function pod(request: number, usage: number | null, over: Partial<HpaPod> = {}): HpaPod {
  return {
    request,
    usage,
    ready: true,
    phase: 'Running',
    deleting: false,
    cpuInitializing: false,
    ...over,
  };
}
const unready = (request: number, usage: number | null) => pod(request, usage, { ready: false });
const pending = (request: number, usage: number | null) =>
  pod(request, usage, { phase: 'Pending' });

describe('hpaReplicas (replica_calculator.go GetResourceReplicas)', () => {
  it('FIDELITY: 3 × 400 m at 300/320/340, target 50 % → util 80, 5 pods', () => {
    const pods = [pod(400, 300), pod(400, 320), pod(400, 340)];
    expect(hpaReplicas({ currentReplicas: 3, targetUtilization: 50, pods })).toEqual({
      replicas: 5,
      utilization: 80,
      rawAverage: 320,
    });
  });

  it('FIDELITY: 4 × 500 m at 60 %, 150 × 3 and one missing → util 30, 4 (not 2)', () => {
    const pods = [pod(500, 150), pod(500, 150), pod(500, 150), pod(500, null)];
    expect(hpaReplicas({ currentReplicas: 4, targetUtilization: 60, pods })).toEqual({
      replicas: 4,
      utilization: 30,
      rawAverage: 150,
    });
  });

  it('4 pods at 150 % of a 60 % target (450 of 500 m, util 90) → 6', () => {
    const pods = Array.from({ length: 4 }, () => pod(500, 450));
    const r = hpaReplicas({ currentReplicas: 4, targetUtilization: 60, pods });
    expect(r).toEqual({ replicas: 6, utilization: 90, rawAverage: 450 });
  });

  it('750 of 500 m (util 150, 250 % of 60 %) → 10; the legacy limit caps 4 → 8', () => {
    const pods = Array.from({ length: 4 }, () => pod(500, 750));
    const r = hpaReplicas({ currentReplicas: 4, targetUtilization: 60, pods });
    expect(r.replicas).toBe(10);
    expect(r.utilization).toBe(150);
    const limited = hpaLegacyLimit({
      currentReplicas: 4,
      desiredReplicas: r.replicas,
      minReplicas: 1,
      maxReplicas: 10,
    });
    expect(limited).toEqual({ replicas: 8, reason: 'ScaleUpLimit' });
  });

  it('tolerance: exactly 110 % and 90 % hold (today’s isWithin), 111 % and 88 % scale', () => {
    const run = (usage: number, target: number, current = 4) =>
      hpaReplicas({
        currentReplicas: current,
        targetUtilization: target,
        pods: Array.from({ length: current }, () => pod(1000, usage)),
      }).replicas;
    expect(run(660, 60)).toBe(4); // 1.1: |1 − 1.1| > 0.1 in floats, so the old rule scaled
    expect(run(540, 60)).toBe(4); // 0.9
    expect(run(1110, 100, 1)).toBe(2); // 1.11 → ceil(1.11)
    expect(run(530, 60)).toBe(4); // 0.883 → ceil(3.53) = 4, a real (if idle) computation
    expect(run(530, 60, 10)).toBe(9); // ceil(0.8833 × 10) = 9
  });

  it('a custom tolerance widens the hold band', () => {
    const pods = [pod(1000, 1150), pod(1000, 1150)];
    expect(hpaReplicas({ currentReplicas: 2, targetUtilization: 100, pods }).replicas).toBe(3);
    const wide = hpaReplicas({ currentReplicas: 2, targetUtilization: 100, tolerance: 0.2, pods });
    expect(wide.replicas).toBe(2);
  });

  it('utilization is floored before the ratio: 33.3 % of a 30 % target holds', () => {
    // 30100 / 900 = 33.4 → 33 → ratio 1.1 holds; unfloored, 1.115 would scale to 4.
    const pods = [pod(300, 101), pod(300, 100), pod(300, 100)];
    expect(hpaReplicas({ currentReplicas: 3, targetUtilization: 30, pods })).toEqual({
      replicas: 3,
      utilization: 33,
      rawAverage: 100,
    });
  });

  it('unready pods count as 0 on a scale-up, which can flip the direction → hold', () => {
    // Ready alone: ratio 1.25 → 2. The not-Ready pod without a sample is missing (the sample
    // check comes first); both count 0 on the way up: util 33, ratio 0.41 → hold.
    const pods = [pod(500, 500), unready(500, 400), unready(500, null)];
    expect(hpaReplicas({ currentReplicas: 3, targetUtilization: 80, pods })).toEqual({
      replicas: 3,
      utilization: 100,
      rawAverage: 500,
    });
  });

  it('unready pods and their samples are left out on a scale-down', () => {
    const pods = [pod(500, 125), pod(500, 125), unready(500, 500), unready(500, 500)];
    expect(hpaReplicas({ currentReplicas: 4, targetUtilization: 50, pods }).replicas).toBe(1);
  });

  it('cpuInitializing makes a Ready pod unready for CPU', () => {
    const pods = [pod(500, 500), pod(500, 500, { cpuInitializing: true })];
    // util 100 of 50 → rebalance with the initializing pod at 0: util 50 → within → hold
    // (counted as ready it would be 4; left out, 2).
    expect(hpaReplicas({ currentReplicas: 3, targetUtilization: 50, pods }).replicas).toBe(3);
  });

  it('Pending pods are unready even with a sample', () => {
    const pods = [pod(500, 500), pending(500, 500), pending(500, null)];
    // As unready at 0: util 33 of 50, the direction flips → hold (left out, it would be 2).
    expect(hpaReplicas({ currentReplicas: 3, targetUtilization: 50, pods }).replicas).toBe(3);
  });

  it('deleting and Failed pods are ignored entirely', () => {
    const pods = [
      pod(500, 400),
      pod(500, 400),
      pod(500, 0, { deleting: true }),
      pod(500, null, { phase: 'Failed' }),
    ];
    expect(hpaReplicas({ currentReplicas: 2, targetUtilization: 50, pods })).toEqual({
      replicas: 4,
      utilization: 80,
      rawAverage: 400,
    });
  });

  it('missing pods count as 0 on a scale-up (and may flip the direction → hold)', () => {
    const pods = [pod(500, 500), pod(500, null), pod(500, null)];
    expect(hpaReplicas({ currentReplicas: 3, targetUtilization: 80, pods }).replicas).toBe(3);
  });

  it('missing pods are filled at max(100, target) % of their request on a scale-down', () => {
    // Filled at 150 %: util 100 of 150 → ceil(0.667 × 4) = 3 (at 100 % it would be 2).
    const pods = [pod(1000, 500), pod(1000, 500), pod(1000, null), pod(1000, null)];
    const r = hpaReplicas({ currentReplicas: 4, targetUtilization: 150, pods });
    expect(r).toEqual({ replicas: 3, utilization: 50, rawAverage: 500 });
  });

  it('holds when counting the filled pods would move against the ratio (step 5)', () => {
    // Down: newRatio 0.6875 but ceil(0.6875 × 4) = 3 > current 2.
    const down = [pod(100, 40), pod(100, 40), pod(100, 40), pod(100, null)];
    expect(hpaReplicas({ currentReplicas: 2, targetUtilization: 80, pods: down }).replicas).toBe(2);
    // Up: newRatio 1.5 but ceil(1.5 × 2) = 3 < current 10.
    const up = [pod(100, 300), pod(100, null)];
    expect(hpaReplicas({ currentReplicas: 10, targetUtilization: 100, pods: up }).replicas).toBe(
      10,
    );
  });

  it('without any ready sample: keeps the count, utilization 0 (upstream: an error)', () => {
    const pods = [pod(500, null), unready(500, 300), pending(500, 200)];
    expect(hpaReplicas({ currentReplicas: 3, targetUtilization: 50, pods })).toEqual({
      replicas: 3,
      utilization: 0,
      rawAverage: 0,
    });
  });
});

const rules = (
  policies: Rules['policies'],
  select: Rules['select'] = 'Max',
  stabilizationWindowSeconds = 0,
): Rules => ({ policies, select, stabilizationWindowSeconds });

describe('hpaScaleLimit (horizontal.go convertDesiredReplicasWithBehaviorRate)', () => {
  const base = {
    minReplicas: 1,
    maxReplicas: 20,
    ...hpaDefaultBehavior(),
    scaleUpEvents: [],
    scaleDownEvents: [],
  };

  it('FIDELITY: 6 after a 2 → 6 step 10 s ago, desired 20: start 2, proposals 6 and 4 → 6', () => {
    const r = hpaScaleLimit({
      ...base,
      currentReplicas: 6,
      desiredReplicas: 20,
      scaleUpEvents: [{ secondsAgo: 10, change: 4 }],
    });
    expect(r).toEqual({ replicas: 6, reason: 'ScaleUpLimit' });
  });

  it('events at or beyond the period no longer count', () => {
    const at = (secondsAgo: number) =>
      hpaScaleLimit({
        ...base,
        currentReplicas: 6,
        desiredReplicas: 20,
        scaleUpEvents: [{ secondsAgo, change: 4 }],
      }).replicas;
    expect(at(14)).toBe(6);
    expect(at(15)).toBe(12); // start 6: max(6 + 4, ceil(6 × 2))
    expect(at(60)).toBe(12);
  });

  it('scale-down events in the period raise the start of a scale-up', () => {
    const r = hpaScaleLimit({
      ...base,
      currentReplicas: 4,
      desiredReplicas: 20,
      scaleDownEvents: [{ secondsAgo: 5, change: 2 }],
    });
    expect(r).toEqual({ replicas: 12, reason: 'ScaleUpLimit' }); // start 6 → max(10, 12)
  });

  it('select Min takes the smallest move, up and down', () => {
    const up = hpaScaleLimit({
      ...base,
      scaleUp: rules(
        [
          { pods: 4, periodSeconds: 15 },
          { percent: 100, periodSeconds: 15 },
        ],
        'Min',
      ),
      currentReplicas: 6,
      desiredReplicas: 20,
    });
    expect(up).toEqual({ replicas: 10, reason: 'ScaleUpLimit' });
    const downRules = [
      { pods: 1, periodSeconds: 60 },
      { percent: 50, periodSeconds: 60 },
    ];
    const down = (select: Rules['select']) =>
      hpaScaleLimit({
        ...base,
        scaleDown: rules(downRules, select),
        currentReplicas: 10,
        desiredReplicas: 1,
      });
    expect(down('Min')).toEqual({ replicas: 9, reason: 'ScaleDownLimit' });
    expect(down('Max')).toEqual({ replicas: 5, reason: 'ScaleDownLimit' });
  });

  it('select Disabled keeps the current count', () => {
    const disabled = rules([{ pods: 4, periodSeconds: 15 }], 'Disabled');
    expect(
      hpaScaleLimit({ ...base, scaleUp: disabled, currentReplicas: 3, desiredReplicas: 9 }),
    ).toEqual({ replicas: 3, reason: 'ScaleUpLimit' });
    expect(
      hpaScaleLimit({ ...base, scaleDown: disabled, currentReplicas: 3, desiredReplicas: 1 }),
    ).toEqual({ replicas: 3, reason: 'ScaleDownLimit' });
  });

  it('scale-down percent truncates like Go int(): 5 × 0.5 → 2, 3 × 0.9 → 2', () => {
    const limit = (current: number, percent: number) =>
      hpaScaleLimit({
        ...base,
        scaleDown: rules([{ percent, periodSeconds: 15 }]),
        currentReplicas: current,
        desiredReplicas: 1,
      });
    expect(limit(5, 50)).toEqual({ replicas: 2, reason: 'ScaleDownLimit' });
    expect(limit(3, 10)).toEqual({ replicas: 2, reason: 'ScaleDownLimit' });
  });

  it('scale-up percent rounds up: 3 × 1.1 → 4', () => {
    const r = hpaScaleLimit({
      ...base,
      scaleUp: rules([{ percent: 10, periodSeconds: 15 }]),
      currentReplicas: 3,
      desiredReplicas: 9,
    });
    expect(r).toEqual({ replicas: 4, reason: 'ScaleUpLimit' });
  });

  it('a limit already passed by recent events becomes current, never a reversal', () => {
    const r = hpaScaleLimit({
      ...base,
      scaleUp: rules([{ percent: 10, periodSeconds: 60 }]),
      currentReplicas: 6,
      desiredReplicas: 9,
      scaleUpEvents: [{ secondsAgo: 30, change: 4 }],
    });
    expect(r).toEqual({ replicas: 6, reason: 'ScaleUpLimit' });
  });

  it('TooManyReplicas, TooFewReplicas, DesiredWithinRange', () => {
    const go = (current: number, desired: number) =>
      hpaScaleLimit({
        ...base,
        minReplicas: 2,
        maxReplicas: 8,
        currentReplicas: current,
        desiredReplicas: desired,
      });
    expect(go(6, 20)).toEqual({ replicas: 8, reason: 'TooManyReplicas' });
    expect(go(4, 0)).toEqual({ replicas: 2, reason: 'TooFewReplicas' });
    expect(go(4, 5)).toEqual({ replicas: 5, reason: 'DesiredWithinRange' });
    expect(go(4, 4)).toEqual({ replicas: 4, reason: 'DesiredWithinRange' });
    expect(go(4, 3)).toEqual({ replicas: 3, reason: 'DesiredWithinRange' });
  });
});

describe('hpaLegacyLimit (horizontal.go convertDesiredReplicasWithRules)', () => {
  const go = (current: number, desired: number, min = 1, max = 10) =>
    hpaLegacyLimit({
      currentReplicas: current,
      desiredReplicas: desired,
      minReplicas: min,
      maxReplicas: max,
    });
  it('caps at max(2 × current, 4)', () => {
    expect(go(1, 9)).toEqual({ replicas: 4, reason: 'ScaleUpLimit' });
    expect(go(3, 9)).toEqual({ replicas: 6, reason: 'ScaleUpLimit' });
    expect(go(4, 10, 1, 8)).toEqual({ replicas: 8, reason: 'TooManyReplicas' });
  });
  it('min first, else within range', () => {
    expect(go(4, 1, 2)).toEqual({ replicas: 2, reason: 'TooFewReplicas' });
    expect(go(4, 2, 2)).toEqual({ replicas: 2, reason: 'DesiredWithinRange' });
  });
});

describe('hpaDefaultBehavior (autoscaling/v2 defaults.go)', () => {
  it('matches upstream and returns fresh objects', () => {
    const b = hpaDefaultBehavior();
    expect(b.scaleUp).toEqual({
      policies: [
        { pods: 4, periodSeconds: 15 },
        { percent: 100, periodSeconds: 15 },
      ],
      select: 'Max',
      stabilizationWindowSeconds: 0,
    });
    expect(b.scaleDown).toEqual({
      policies: [{ percent: 100, periodSeconds: 15 }],
      select: 'Max',
      stabilizationWindowSeconds: 300,
    });
    b.scaleUp.policies.pop();
    expect(hpaDefaultBehavior().scaleUp.policies).toHaveLength(2);
  });
});

describe('schedulerScores (noderesources)', () => {
  const node = (cpu: number, memory: number, reqCpu = 0, reqMemory = 0) => ({
    allocatable: { cpu, memory },
    requested: { cpu: reqCpu, memory: reqMemory },
  });
  const example = node(4000, 8 * GI, 1500, 2 * GI);
  const pod = { cpu: 500, memory: 1 * GI };

  it('FIDELITY example: LeastAllocated 50 and 62 → 56; Balanced std 0.0625 → 93', () => {
    expect(schedulerScores('LeastAllocated', pod, [example], { cpu: 1, memory: 0 })).toEqual([50]);
    expect(schedulerScores('LeastAllocated', pod, [example], { cpu: 0, memory: 1 })).toEqual([62]);
    expect(schedulerScores('LeastAllocated', pod, [example])).toEqual([56]);
    expect(schedulerScores('BalancedAllocation', pod, [example])).toEqual([93]);
  });

  it('weights: (50 × 2 + 62) / 3 = 54; scores come back in node order', () => {
    expect(schedulerScores('LeastAllocated', pod, [example], { cpu: 2, memory: 1 })).toEqual([54]);
    const empty = node(4000, 8 * GI);
    expect(schedulerScores('LeastAllocated', pod, [empty, example])).toEqual([87, 56]);
    expect(schedulerScores('BalancedAllocation', pod, [empty, example])).toEqual([100, 93]);
  });

  it('a resource whose request passes capacity scores 0 (Least) or caps at 1 (Balanced)', () => {
    const full = node(1000, 8 * GI, 900, 0);
    expect(schedulerScores('LeastAllocated', pod, [full])).toEqual([43]); // (0 + 87) / 2
    expect(schedulerScores('BalancedAllocation', pod, [full])).toEqual([56]); // std 0.4375
  });

  it('a zero-request pod counts 100 m / 200 MiB in LeastAllocated only', () => {
    const none = { cpu: 0, memory: 0 };
    const n = node(1000, 1 * GI);
    expect(schedulerScores('LeastAllocated', none, [n])).toEqual([85]); // (90 + 80) / 2
    expect(schedulerScores('BalancedAllocation', none, [n, example])).toEqual([0, 0]);
    // Balanced takes real requests: memory 0 stays 0, giving f = 0.5 and 0 → 75.
    expect(
      schedulerScores('BalancedAllocation', { cpu: 500, memory: 0 }, [node(1000, GI)]),
    ).toEqual([75]);
    // While LeastAllocated fills in 200 MiB: (50 + 80) / 2 = 65.
    expect(schedulerScores('LeastAllocated', { cpu: 500, memory: 0 }, [node(1000, GI)])).toEqual([
      65,
    ]);
  });

  it('a resource with zero capacity is skipped with its weight', () => {
    const noMemory = node(4000, 0, 1500, 0);
    expect(schedulerScores('LeastAllocated', pod, [noMemory])).toEqual([50]);
    expect(schedulerScores('BalancedAllocation', pod, [noMemory])).toEqual([100]);
    expect(schedulerScores('LeastAllocated', pod, [node(0, 0)])).toEqual([0]);
  });

  it('floors on exact integers at byte scale', () => {
    const big = node(64_000, 256 * GI, 0, 256 * GI - 3 * MI);
    expect(schedulerScores('LeastAllocated', { cpu: 1, memory: 1 }, [big])).toEqual([49]);
  });
});

describe('drfOrder (mesos sorter/drf)', () => {
  const client = (name: string, cpus: number, mem: number, more: object = {}) => ({
    name,
    cpus,
    mem,
    weight: 1,
    allocationCount: 0,
    active: true,
    ...more,
  });

  it('FIDELITY: 12 CPU / 48 GB; A 0.25, B 0.333, C (weight 2) 0.167 → C, A, B', () => {
    const total = { cpus: 12, mem: 48 * GI };
    const clients = [
      client('A', 3, 6 * GI),
      client('B', 1, 16 * GI),
      client('C', 4, 8 * GI, { weight: 2 }),
    ];
    expect(drfOrder(total, clients)).toEqual(['C', 'A', 'B']);
  });

  it('ties go to the lower allocation count, then the name in byte order', () => {
    const total = { cpus: 10, mem: 100 };
    const clients = [
      client('b', 1, 0, { allocationCount: 1 }),
      client('a', 1, 0, { allocationCount: 3 }),
      client('c', 1, 0, { allocationCount: 1 }),
      client('Z', 0, 10, { allocationCount: 1 }), // share 0.1 too; 'Z' < 'b' in bytes
    ];
    expect(drfOrder(total, clients)).toEqual(['Z', 'b', 'c', 'a']);
  });

  it('leaves inactive clients out and ignores kinds with a zero total', () => {
    const clients = [client('x', 1, 1000), client('y', 2, 0), client('z', 0, 0, { active: false })];
    expect(drfOrder({ cpus: 4, mem: 0 }, clients)).toEqual(['x', 'y']);
    expect(drfOrder({ cpus: 4, mem: 0 }, [])).toEqual([]);
  });
});

describe('ZooKeeper fast leader election', () => {
  const v = (sid: number, zxid: number, epoch = 1) => ({ sid, zxid, epoch });
  const zxid = (epoch: number, counter: number) => epoch * 2 ** 32 + counter;

  it('FIDELITY: equal epochs, zxids …05, …07, …07 for sids 1–3 → 3; without 3 → 2', () => {
    const votes = [v(1, zxid(1, 5)), v(2, zxid(1, 7)), v(3, zxid(1, 7))];
    expect(zkElectedLeader(votes)).toBe(3);
    expect(zkElectedLeader(votes.slice(0, 2))).toBe(2);
    expect(zkElectedLeader([...votes].reverse())).toBe(3);
  });

  it('a higher epoch beats a higher zxid; a higher zxid beats a higher sid; ties lose', () => {
    expect(zkVoteWins(v(1, zxid(1, 1), 2), v(3, zxid(1, 9), 1))).toBe(true);
    expect(zkVoteWins(v(3, zxid(1, 9), 1), v(1, zxid(1, 1), 2))).toBe(false);
    expect(zkVoteWins(v(1, zxid(1, 8)), v(3, zxid(1, 7)))).toBe(true);
    expect(zkVoteWins(v(2, 5), v(2, 5))).toBe(false);
  });

  it('no votes, no leader', () => {
    expect(zkElectedLeader([])).toBe(-1);
  });
});
