import { describe, expect, it } from 'vitest';
import { editDistance, listNames, suggest, unknownName } from '../../src/scenario/suggest';

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['replicas', 'replicas', 0],
    ['replcas', 'replicas', 1],
    ['raplicas', 'replicas', 1],
    ['rpelicas', 'replicas', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3],
  ])('%j → %j is %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('stops early past a limit, answering limit + 1', () => {
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('abcdefgh', 'zyxwvuts', 2)).toBe(3);
    expect(editDistance('node-1', 'node-2', 2)).toBe(1);
  });
});

describe('suggest', () => {
  const keys = ['name', 'replicas', 'cpu', 'memory', 'autoscale'];

  it('finds a typo, a swap, a case slip or a prefix', () => {
    expect(suggest('replcas', keys)).toBe('replicas');
    expect(suggest('memroy', keys)).toBe('memory');
    expect(suggest('CPU', keys)).toBe('cpu');
    expect(suggest('auto', keys)).toBe('autoscale');
    expect(suggest('nodeMonitorGrace', ['nodeMonitorPeriod', 'nodeMonitorGracePeriod'])).toBe(
      'nodeMonitorGracePeriod',
    );
  });

  it('does not guess wildly for short or distant words', () => {
    expect(suggest('at', ['do', 'say'])).toBeNull();
    expect(suggest('colour', keys)).toBeNull();
  });
});

describe('unknownName', () => {
  it('offers a guess, or else the allowed names', () => {
    expect(unknownName('key', 'replcas', ['replicas'])).toBe(
      'unknown key "replcas"; did you mean "replicas"?',
    );
    expect(unknownName('component', 'kafka', ['etcd', 'zookeeper'])).toBe(
      'unknown component "kafka"; expected one of etcd, zookeeper',
    );
  });

  it('shortens long lists', () => {
    const hosts = Array.from({ length: 20 }, (_, i) => `node-${i + 1}`);
    expect(listNames(hosts)).toBe('node-1, node-2, node-3, node-4, node-5, node-6 and 14 more');
  });
});
