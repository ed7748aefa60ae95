// Scenarios for tests: the bundled files through the real parser, or small ones built in code.

import { readFileSync } from 'node:fs';
import { formatProblem, parseScenario } from '../../src/scenario';
import type { Scenario, ScenarioEvent, WorkerSpec } from '../../src/scenario/types';

export function loadScenario(path: string): Scenario {
  const parsed = parseScenario(readFileSync(path, 'utf8'), path);
  if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
  return parsed.scenario;
}

const GI = 1024 ** 3;

export function workers(count: number, zones: string[] = ['a', 'b', 'c']): WorkerSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `node-${i + 1}`,
    cpuMilli: 4000,
    memoryBytes: 8 * GI,
    zone: zones.length ? zones[i % zones.length]! : null,
  }));
}

/** A six-worker cluster with one app, and the events given. */
export function smallScenario(events: ScenarioEvent[], patch: Partial<Scenario> = {}): Scenario {
  return {
    version: 1,
    title: 'test',
    summary: null,
    seed: 1,
    durationMs: 300_000,
    cluster: { controlPlane: 3, workers: workers(6) },
    kubernetes: {},
    mesos: { flags: {}, autoscaler: null, frameworks: [] },
    apps: [
      { name: 'web', replicas: 6, cpuMilli: 500, memoryBytes: 256 * 1024 ** 2, autoscale: null },
    ],
    load: { web: [{ atMs: 0, cpuMilli: 1800 }] },
    events,
    ...patch,
  };
}

export const failNode = (atMs: number, target: string): ScenarioEvent => ({
  atMs,
  do: 'fail-node',
  target,
  say: null,
  pause: false,
});
