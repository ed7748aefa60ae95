// `npm run bench` must never rot: its quick sizes run here, and every line of --json parses to
// the contract's { name, value, unit }. No timing is asserted (benchmarks measure, tests don't).

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run bench --quick --json', () => {
  // Builds the page and starts Chromium for the render figures: give it time on a busy machine.
  it(
    'prints one { name, value, unit } object per line for every measure',
    { timeout: 300_000 },
    () => {
      const out = execFileSync('npx', ['tsx', 'bench/run.ts', '--quick', '--json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const rows = out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { name: string; value: number; unit: string });
      expect(rows.map((r) => r.name)).toEqual(
        expect.arrayContaining([
          'engine baseline (clock push+pop)',
          'kubernetes 1k nodes / 30k pods speed',
          'kubernetes 5k nodes / 150k pods speed',
          'mesos 10k agents / 150k tasks speed',
          're-simulate after an edit (30 min, 20 nodes, both sides), median',
          'page bundle (gzipped js + css)',
          'time to first frame (default scenario)',
          'standard scene (200 nodes, 2,000 pods) frame',
          'summary view (5,000 nodes) frame',
        ]),
      );
      for (const row of rows) {
        expect(typeof row.name).toBe('string');
        expect(Number.isFinite(row.value)).toBe(true);
        expect(row.unit.length).toBeGreaterThan(0);
      }
    },
  );
});
