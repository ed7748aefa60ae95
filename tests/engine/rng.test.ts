import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng, RngStreams } from '../../src/engine/rng';

const draws = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.next());

describe('seeded random streams', () => {
  it('gives the same numbers for the same seed and stream', () => {
    expect(draws(new Rng(7, 'kubelet'), 20)).toEqual(draws(new Rng(7, 'kubelet'), 20));
  });

  it('gives different numbers for another seed or another stream', () => {
    const base = draws(new Rng(7, 'kubelet'), 5);
    expect(draws(new Rng(8, 'kubelet'), 5)).not.toEqual(base);
    expect(draws(new Rng(7, 'scheduler'), 5)).not.toEqual(base);
  });

  it('does not shift one stream when another component starts drawing', () => {
    const alone = new RngStreams(42);
    const a1 = draws(alone.get('network'), 10);
    const crowded = new RngStreams(42);
    draws(crowded.get('new-component'), 1000);
    const a2 = draws(crowded.get('network'), 10);
    expect(a2).toEqual(a1);
  });

  it('draws uniformly in [0, 1) (mean and bucket counts within sampling error)', () => {
    const rng = new Rng(1, 'uniformity');
    const n = 100_000;
    const buckets = new Array<number>(10).fill(0);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      buckets[Math.floor(x * 10)]!++;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.005);
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(600);
  });

  it('keeps int(n) within [0, n) and shuffle a permutation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 1000 }),
        (seed, n) => {
          const rng = new Rng(seed, 'prop');
          const k = rng.int(n);
          const list = Array.from({ length: 20 }, (_, i) => i);
          const shuffled = rng.shuffle([...list]);
          return (
            k >= 0 &&
            k < n &&
            Number.isInteger(k) &&
            [...shuffled].sort((a, b) => a - b).join() === list.join()
          );
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});
