import { describe, it } from 'vitest';
import fc from 'fast-check';
import {
  drfOrder,
  hpaLegacyLimit,
  hpaReplicas,
  hpaScaleLimit,
  schedulerScores,
  zkElectedLeader,
  zkVoteWins,
  type Rules,
  type Vote,
} from '../src/algorithms';

const params = { seed: 42, numRuns: 500 };

const policy = fc.oneof(
  fc.record({
    pods: fc.integer({ min: 1, max: 10 }),
    periodSeconds: fc.integer({ min: 1, max: 600 }),
  }),
  fc.record({
    percent: fc.integer({ min: 1, max: 900 }),
    periodSeconds: fc.integer({ min: 1, max: 600 }),
  }),
);
const rules: fc.Arbitrary<Rules> = fc.record({
  policies: fc.array(policy, { maxLength: 3 }),
  select: fc.constantFrom('Max', 'Min', 'Disabled'),
  stabilizationWindowSeconds: fc.integer({ min: 0, max: 600 }),
});
const events = fc.array(
  fc.record({
    secondsAgo: fc.integer({ min: 0, max: 900 }),
    change: fc.integer({ min: 1, max: 20 }),
  }),
  { maxLength: 4 },
);
const limitInput = fc
  .record({
    minReplicas: fc.integer({ min: 1, max: 10 }),
    span: fc.integer({ min: 0, max: 40 }),
    currentOffset: fc.nat(),
    desiredReplicas: fc.integer({ min: 0, max: 100 }),
    scaleUp: rules,
    scaleDown: rules,
    scaleUpEvents: events,
    scaleDownEvents: events,
  })
  .map(({ span, currentOffset, ...r }) => ({
    ...r,
    maxReplicas: r.minReplicas + span,
    currentReplicas: r.minReplicas + (currentOffset % (span + 1)),
  }));

const between = (x: number, a: number, b: number) => Math.min(a, b) <= x && x <= Math.max(a, b);

describe('hpaScaleLimit / hpaLegacyLimit properties', () => {
  it('stays within [min, max] and, for a desired count in range, between current and desired', () => {
    fc.assert(
      fc.property(limitInput, (input) => {
        const { replicas } = hpaScaleLimit(input);
        const inRange = input.minReplicas <= replicas && replicas <= input.maxReplicas;
        const d = input.desiredReplicas;
        const towards =
          d < input.minReplicas ||
          d > input.maxReplicas ||
          between(replicas, input.currentReplicas, d);
        return Number.isInteger(replicas) && inRange && towards;
      }),
      params,
    );
  });

  it('the legacy limit stays within [min, max] and never more than doubles past 4', () => {
    fc.assert(
      fc.property(limitInput, (input) => {
        const { replicas } = hpaLegacyLimit(input);
        return (
          input.minReplicas <= replicas &&
          replicas <= input.maxReplicas &&
          replicas <= Math.max(2 * input.currentReplicas, 4, input.minReplicas)
        );
      }),
      params,
    );
  });
});

describe('hpaReplicas properties', () => {
  const readyPod = fc.record({
    request: fc.integer({ min: 1, max: 4000 }),
    usage: fc.integer({ min: 0, max: 8000 }),
  });
  it('with every pod ready and sampled: hold within tolerance, else ceil(ratio × n)', () => {
    fc.assert(
      fc.property(
        fc.array(readyPod, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 30 }),
        (raw, target, current) => {
          const pods = raw.map((p) => ({
            ...p,
            ready: true,
            phase: 'Running' as const,
            deleting: false,
            cpuInitializing: false,
          }));
          const r = hpaReplicas({ currentReplicas: current, targetUtilization: target, pods });
          const usage = raw.reduce((s, p) => s + p.usage, 0);
          const request = raw.reduce((s, p) => s + p.request, 0);
          const util = Math.floor((usage * 100) / request);
          const ratio = util / target;
          const expected = ratio >= 0.9 && ratio <= 1.1 ? current : Math.ceil(ratio * raw.length);
          return r.utilization === util && r.replicas === expected;
        },
      ),
      params,
    );
  });
});

describe('schedulerScores properties', () => {
  const res = fc.record({ cpu: fc.nat(64_000), memory: fc.nat(2 ** 40) });
  it('every score is an integer in 0..100, one per node', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('LeastAllocated' as const, 'BalancedAllocation' as const),
        res,
        fc.array(fc.record({ allocatable: res, requested: res }), { maxLength: 6 }),
        (plugin, pod, nodes) => {
          const scores = schedulerScores(plugin, pod, nodes);
          return (
            scores.length === nodes.length &&
            scores.every((s) => Number.isInteger(s) && s >= 0 && s <= 100)
          );
        },
      ),
      params,
    );
  });
});

describe('drfOrder properties', () => {
  it('is a permutation of the active names, in non-decreasing share', () => {
    const total = { cpus: 16, mem: 64 };
    const clients = fc.uniqueArray(
      fc.record({
        name: fc.string({ minLength: 1, maxLength: 4 }),
        cpus: fc.nat(16),
        mem: fc.nat(64),
        weight: fc.constantFrom(0.5, 1, 2, 3),
        allocationCount: fc.nat(5),
        active: fc.boolean(),
      }),
      { selector: (c) => c.name, maxLength: 8 },
    );
    fc.assert(
      fc.property(clients, (cs) => {
        const order = drfOrder(total, cs);
        const active = cs.filter((c) => c.active).map((c) => c.name);
        const byName = new Map(cs.map((c) => [c.name, c]));
        const share = (n: string) => {
          const c = byName.get(n)!;
          return Math.max(c.cpus / total.cpus, c.mem / total.mem) / c.weight;
        };
        const sorted = order.every((n, i) => i === 0 || share(order[i - 1]!) <= share(n));
        return (
          sorted &&
          order.length === active.length &&
          [...order].sort().join('\u0000') === [...active].sort().join('\u0000')
        );
      }),
      params,
    );
  });
});

describe('ZooKeeper vote order properties', () => {
  const vote: fc.Arbitrary<Vote> = fc.record({
    sid: fc.integer({ min: 1, max: 5 }),
    zxid: fc.integer({ min: 0, max: 4 }),
    epoch: fc.integer({ min: 0, max: 3 }),
  });
  const same = (a: Vote, b: Vote) => a.sid === b.sid && a.zxid === b.zxid && a.epoch === b.epoch;

  it('zkVoteWins is a strict total order: irreflexive, antisymmetric, total, transitive', () => {
    fc.assert(
      fc.property(vote, vote, vote, (a, b, c) => {
        const irreflexive = !zkVoteWins(a, { ...a });
        const totalAndAntisymmetric = same(a, b) || zkVoteWins(a, b) !== zkVoteWins(b, a);
        const transitive = !(zkVoteWins(a, b) && zkVoteWins(b, c)) || zkVoteWins(a, c);
        return irreflexive && totalAndAntisymmetric && transitive;
      }),
      params,
    );
  });

  it('zkElectedLeader picks a vote that no other vote beats, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(vote, { minLength: 1, maxLength: 7 }), (votes) => {
        const sid = zkElectedLeader(votes);
        const winner = votes.find((v) => v.sid === sid && !votes.some((o) => zkVoteWins(o, v)));
        return winner !== undefined && zkElectedLeader([...votes].reverse()) === sid;
      }),
      params,
    );
  });
});
