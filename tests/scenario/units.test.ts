import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatCpu,
  formatDuration,
  formatMemory,
  parseCpu,
  parseDuration,
  parseMemory,
} from '../../src/scenario/units';

const ok = (value: number) => ({ ok: true, value });
const no = (expected: string) => ({ ok: false, expected });

describe('parseDuration: the strings and numbers of seconds a teacher writes, in whole ms', () => {
  it.each([
    ['500ms', 500],
    ['15s', 15_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1.5s', 1_500],
    ['0.1s', 100],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['20mins', 1_200_000],
    ['15secs', 15_000],
    ['0s', 0],
    [' 10m ', 600_000],
    ['90', 90_000],
    [90, 90_000],
    [0.25, 250],
    [0, 0],
  ])('%j is %d ms', (raw, ms) => {
    expect(parseDuration(raw)).toEqual(ok(ms));
  });

  it.each([
    ['soon'],
    [''],
    ['-5s'],
    ['5 s'],
    ['30s1m'],
    ['1m1m'],
    ['5x'],
    [-1],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [true],
    [null],
    [[]],
  ])('rejects %j', (raw) => {
    expect(parseDuration(raw)).toEqual(no('a duration like 500ms, 15s, 5m or 1h'));
  });

  it('rejects fractions of a millisecond, saying so', () => {
    expect(parseDuration('0.5ms')).toEqual(no('a duration in whole milliseconds'));
    expect(parseDuration(1.0005)).toEqual(no('a duration in whole milliseconds'));
  });
});

describe('parseCpu: cores or millicores, in whole millicores', () => {
  it.each([
    [0.5, 500],
    [2, 2_000],
    ['500m', 500],
    ['1', 1_000],
    ['0.25', 250],
    ['1500m', 1_500],
    [0.001, 1],
    [0, 0],
  ])('%j is %d m', (raw, milli) => {
    expect(parseCpu(raw)).toEqual(ok(milli));
  });

  it.each([['fast'], ['500 m'], ['-1'], [-0.5], ['1.5 cores'], [null], [{}]])(
    'rejects %j',
    (raw) => {
      expect(parseCpu(raw)).toEqual(no('cores like 0.5 or 500m'));
    },
  );

  it('rejects less than a millicore', () => {
    expect(parseCpu('0.5m')).toEqual(no('cores in steps of 0.001 (1m)'));
    expect(parseCpu(0.0005)).toEqual(no('cores in steps of 0.001 (1m)'));
  });
});

describe('parseMemory: Kubernetes quantities, in whole bytes', () => {
  it.each([
    ['256Mi', 256 * 2 ** 20],
    ['8Gi', 8 * 2 ** 30],
    ['1Ki', 1_024],
    ['2Ti', 2 * 2 ** 40],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['1k', 1_000],
    ['500M', 500_000_000],
    ['1G', 1_000_000_000],
    ['3T', 3_000_000_000_000],
    ['4096', 4_096],
    [1_000_000, 1_000_000],
    [1e9, 1_000_000_000],
  ])('%j is %d bytes', (raw, bytes) => {
    expect(parseMemory(raw)).toEqual(ok(bytes));
  });

  it.each([['lots'], ['8GB'], ['512MB'], ['1K'], ['8 Gi'], ['-1Gi'], [-1], [true]])(
    'rejects %j',
    (raw) => {
      expect(parseMemory(raw)).toEqual(no('memory like 256Mi, 8Gi or a number of bytes'));
    },
  );

  it('rejects a fraction of a byte', () => {
    expect(parseMemory('0.1Ki')).toEqual(no('a whole number of bytes'));
    expect(parseMemory(1.5)).toEqual(no('a whole number of bytes'));
  });
});

describe('formatters write the units a teacher would', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1_500, '1.5s'],
    [15_000, '15s'],
    [90_000, '1m30s'],
    [600_000, '10m'],
    [3_600_000, '1h'],
    [86_400_000, '24h'],
    [3_723_004, '1h2m3.004s'],
  ])('duration %d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [500, '500m'],
    [4_000, '4'],
    [0, '0'],
    [1_500, '1500m'],
  ])('cpu %d m is %s', (milli, text) => {
    expect(formatCpu(milli)).toBe(text);
  });

  it.each([
    [256 * 2 ** 20, '256Mi'],
    [8 * 2 ** 30, '8Gi'],
    [1_000_000_000, '1G'],
    [1_024_000, '1000Ki'],
    [1_000, '1k'],
    [1_023, '1023'],
    [0, '0'],
  ])('memory %d bytes is %s', (bytes, text) => {
    expect(formatMemory(bytes)).toBe(text);
  });
});

describe('every formatted value re-parses to the same number', () => {
  const counts = fc.oneof(
    fc.nat({ max: 10_000 }),
    fc.nat({ max: 100 * 86_400_000 }),
    fc.maxSafeNat(),
  );
  it('durations, cpu and memory', () => {
    fc.assert(
      fc.property(counts, (n) => {
        expect(parseDuration(formatDuration(n))).toEqual(ok(n));
        expect(parseCpu(formatCpu(n))).toEqual(ok(n));
        expect(parseMemory(formatMemory(n))).toEqual(ok(n));
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
