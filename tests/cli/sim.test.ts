// The command line of contract 4, run in-process.

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/sim';
import type { Report } from '../../src/run/types';

const scenarios = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `scenarios/${f}`);

describe('npm run sim', () => {
  it('bundles at least the three starter scenarios', () => {
    expect(scenarios).toEqual(
      expect.arrayContaining([
        'scenarios/node-failure.yaml',
        'scenarios/leader-failure.yaml',
        'scenarios/load-spike.yaml',
      ]),
    );
  });

  it.each(scenarios)(
    'makes a report for %s, byte-identical when run twice in one process',
    (file) => {
      const first = runCli([file, '--json']);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(runCli([file, '--json']).stdout).toBe(first.stdout);
      const report = JSON.parse(first.stdout) as Report;
      expect(report.version).toBe(1);
      expect(report.scenario.file).toBe(file);
      expect(Object.keys(report.runs)).toEqual(['kubernetes', 'mesos']);
      expect(report.runs.kubernetes!.events.length).toBeGreaterThan(0);
      expect(report.runs.kubernetes!.messages).toBeUndefined();
    },
  );

  it("reports the fault on node-2 in node-failure with each side's own word for the loss", () => {
    const report = JSON.parse(runCli(['scenarios/node-failure.yaml']).stdout) as Report;
    const fault = report.runs.kubernetes!.events.find((e) => e.type === 'fault.injected')!;
    expect(fault).toMatchObject({ t: 30_000, host: 'node-2', data: { do: 'fail-node' } });
    const k = report.runs.kubernetes!.summary.detectMs!;
    const m = report.runs.mesos!.summary.detectMs!;
    expect(k).toBeGreaterThan(40_000);
    expect(k).toBeLessThanOrEqual(60_000);
    expect(m).toBeGreaterThanOrEqual(75_000);
    expect(m).toBeLessThan(90_000);
  });

  it('resolves `target: leader` to the host it chose, and records it', () => {
    const report = JSON.parse(runCli(['scenarios/leader-failure.yaml']).stdout) as Report;
    for (const side of ['kubernetes', 'mesos'] as const) {
      const fault = report.runs[side]!.events.find((e) => e.type === 'fault.injected')!;
      expect(fault.host).toMatch(/^control-\d$/);
      expect(fault.data.target).toBe('leader');
    }
  });

  it('changes the run with --seed and restricts it with --only', () => {
    const a = runCli(['scenarios/node-failure.yaml', '--seed', '1', '--only', 'mesos']);
    const b = runCli(['scenarios/node-failure.yaml', '--seed', '2', '--only', 'mesos']);
    expect(a.code).toBe(0);
    const ra = JSON.parse(a.stdout) as Report;
    expect(Object.keys(ra.runs)).toEqual(['mesos']);
    expect(ra.scenario.seed).toBe(1);
    expect(a.stdout).not.toBe(b.stdout);
  });

  it('includes messages and keyframes only when asked', () => {
    const report = JSON.parse(
      runCli(['scenarios/node-failure.yaml', '--messages', '--keyframes', '--only', 'kubernetes'])
        .stdout,
    ) as Report;
    expect(report.runs.kubernetes!.messages!.length).toBeGreaterThan(0);
    expect(report.runs.kubernetes!.keyframes![0]!.hosts.map((h) => h.name)).toContain('node-2');
  });

  it('prints a Markdown report with the summary table and key moments', () => {
    const out = runCli(['scenarios/node-failure.yaml', '--md']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^# A worker loses power under steady load/);
    expect(out.stdout).toContain('| Failure detected after |');
    expect(out.stdout).toContain('NodeStatusUnknown');
    expect(out.stdout).toContain('## Mesos + Marathon: key moments');
  });

  it('exits 2 with FILE:LINE:COL PATH: MESSAGE lines for an invalid scenario', () => {
    const text =
      'version: 1\ntitle: t\nduration: 5m\ncluster:\n  controlPlane: 2\n  workers: { count: 2, cpu: 4, memory: 8Gi }\n';
    const out = runCli(['bad.yaml'], () => text);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^bad\.yaml:5:17 cluster\.controlPlane: .+\n$/);
  });

  it('exits 1 with one line for a missing file or bad arguments, never a stack trace', () => {
    const missing = runCli(['scenarios/nope.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('sim: cannot read scenarios/nope.yaml: no such file\n');
    for (const args of [
      [],
      ['a', 'b'],
      ['x.yaml', '--json', '--md'],
      ['x.yaml', '--only', 'nomad'],
      ['x.yaml', '--seed', 'x'],
      ['x.yaml', '--frobnicate'],
    ]) {
      const out = runCli(args, () => '');
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/^sim: /);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
