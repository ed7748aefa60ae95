// Large generated clusters for the bench (kept out of scenarios/): one simulated hour with a
// node failure and a load spike in the middle.

import type { Scenario } from '../src/scenario/types';

const GI = 1024 ** 3;

export function benchScenario(workers: number, replicas: number, durationMs = 3_600_000): Scenario {
  const apps = 10;
  const perApp = Math.floor(replicas / apps);
  const names = Array.from({ length: apps }, (_, i) => `app-${i + 1}`);
  return {
    version: 1,
    title: `bench: ${workers} workers, ${replicas} replicas`,
    summary: null,
    seed: 1,
    durationMs,
    cluster: {
      controlPlane: 3,
      workers: Array.from({ length: workers }, (_, i) => ({
        name: `node-${i + 1}`,
        cpuMilli: 32_000,
        memoryBytes: 128 * GI,
        zone: ['a', 'b', 'c'][i % 3]!,
      })),
    },
    kubernetes: {},
    mesos: { flags: {}, autoscaler: {}, frameworks: [] },
    apps: names.map((name, i) => ({
      name,
      replicas: perApp,
      cpuMilli: 250,
      memoryBytes: 256 * 1024 ** 2,
      autoscale: i === 0 ? { min: perApp, max: perApp * 2, targetCPU: 60 } : null,
    })),
    load: Object.fromEntries(
      names.map((name) => [name, [{ atMs: 0, cpuMilli: Math.round(perApp * 250 * 0.5) }]]),
    ),
    events: [
      { atMs: durationMs / 2, do: 'fail-node', target: 'node-2', say: null, pause: false },
      {
        atMs: durationMs / 2,
        do: 'set-load',
        target: 'app-1',
        cpuMilli: Math.round(perApp * 250 * 1.2),
        say: null,
        pause: false,
      },
    ],
  };
}
