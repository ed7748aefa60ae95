import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario';
import { formatProblem, parseScenario, printScenario } from '../../src/scenario';

// DESIGN.md's example, with its events out of order and one more of each kind of event.
const EXAMPLE = `version: 1
title: A worker dies under steady load
summary: |                      # optional, shown before playback
  One of six workers loses power...
seed: 7                         # optional, default 1
duration: 10m                   # required, at most 24h
cluster:
  controlPlane: 3
  workers:
    count: 6
    cpu: 4
    memory: 8Gi
    zones: [a, b, c]            # optional, assigned round-robin
kubernetes:
  nodeMonitorGracePeriod: 40s
  maxSurge: 25%
  preVote: false
mesos:
  agentPingTimeout: 15s
  agentRemovalRateLimit: 1/20mins
  offerTimeout: none
  quorum: auto
  killSelection: OLDEST_FIRST
  autoscaler: true
apps:
  - name: web
    replicas: 4
    cpu: 500m
    memory: 256Mi
    autoscale: { min: 2, max: 12, targetCPU: 60 }
  - name: batch
    replicas: 1
    cpu: 2
    memory: 1Gi
    autoscale: { max: 3 }
load:
  web:
    - { at: 0s, cpu: 1.2 }
    - { at: 2m, cpu: 4.5 }
events:
  - at: 90s
    say: Notice that neither side has reacted yet.
    pause: true
  - at: 30s
    do: fail-node
    target: node-2
    say: node-2 loses power
  - { at: 90s, do: stop, target: control-2, component: zookeeper }
  - { at: 5m, do: scale, target: batch, replicas: 2 }
  - { at: 6m, do: set-load, target: web, cpu: 800m }
  - { at: 7m, do: drain, target: node-3 }
  - { at: 8m, do: partition-node, target: leader }
  - { at: 9m, do: recover-node, target: node-2 }
`;

const GI = 2 ** 30;
const worker = (n: number, zone: string) => ({
  name: `node-${n}`,
  cpuMilli: 4_000,
  memoryBytes: 8 * GI,
  zone,
});
const mark = { say: null, pause: false };

const EXPECTED: Scenario = {
  version: 1,
  title: 'A worker dies under steady load',
  summary: 'One of six workers loses power...\n',
  seed: 7,
  durationMs: 600_000,
  cluster: {
    controlPlane: 3,
    workers: [
      worker(1, 'a'),
      worker(2, 'b'),
      worker(3, 'c'),
      worker(4, 'a'),
      worker(5, 'b'),
      worker(6, 'c'),
    ],
  },
  kubernetes: { nodeMonitorGracePeriod: 40_000, maxSurge: '25%', preVote: false },
  mesos: {
    flags: {
      agentPingTimeout: 15_000,
      agentRemovalRateLimit: 1_200_000,
      offerTimeout: null,
      quorum: null,
      killSelection: 'OLDEST_FIRST',
    },
    autoscaler: {},
    frameworks: [],
  },
  apps: [
    {
      name: 'web',
      replicas: 4,
      cpuMilli: 500,
      memoryBytes: 256 * 2 ** 20,
      autoscale: { min: 2, max: 12, targetCPU: 60 },
    },
    {
      name: 'batch',
      replicas: 1,
      cpuMilli: 2_000,
      memoryBytes: GI,
      autoscale: { min: 1, max: 3, targetCPU: 80 },
    },
  ],
  load: {
    web: [
      { atMs: 0, cpuMilli: 1_200 },
      { atMs: 120_000, cpuMilli: 4_500 },
    ],
  },
  events: [
    { atMs: 30_000, do: 'fail-node', target: 'node-2', say: 'node-2 loses power', pause: false },
    { atMs: 90_000, do: null, say: 'Notice that neither side has reacted yet.', pause: true },
    { atMs: 90_000, do: 'stop', target: 'control-2', component: 'zookeeper', ...mark },
    { atMs: 300_000, do: 'scale', target: 'batch', replicas: 2, ...mark },
    { atMs: 360_000, do: 'set-load', target: 'web', cpuMilli: 800, ...mark },
    { atMs: 420_000, do: 'drain', target: 'node-3', ...mark },
    { atMs: 480_000, do: 'partition-node', target: 'leader', ...mark },
    { atMs: 540_000, do: 'recover-node', target: 'node-2', ...mark },
  ],
};

function parsed(text: string, file = 'good.yaml'): Scenario {
  const result = parseScenario(text, file);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
}

describe("DESIGN.md's example scenario", () => {
  const scenario = parsed(EXAMPLE);

  it('parses to ms, millicores and bytes, zones round-robin, autoscale defaults, events by time', () => {
    expect(scenario).toEqual(EXPECTED);
  });

  it('keeps file order for events at the same time (the narration mark, then the stop)', () => {
    expect(scenario.events.filter((e) => e.atMs === 90_000).map((e) => e.do)).toEqual([
      null,
      'stop',
    ]);
  });

  it('reads the same from JSON', () => {
    expect(parsed(EXAMPLE_JSON, 'good.json')).toEqual(EXPECTED);
  });

  it('prints to a file that parses back to the same scenario', () => {
    const text = printScenario(scenario);
    expect(text).toContain('    - { name: node-1, cpu: 4, memory: 8Gi, zone: a }\n');
    expect(text).toContain('  autoscaler: true\n');
    expect(text).toContain('  agentRemovalRateLimit: 1/20m\n');
    expect(parsed(text)).toEqual(EXPECTED);
  });
});

/** The example as JSON, in other spellings of the same units. */
const EXAMPLE_JSON = JSON.stringify({
  version: 1,
  title: EXPECTED.title,
  summary: EXPECTED.summary,
  seed: 7,
  duration: 600,
  cluster: {
    controlPlane: 3,
    workers: { count: 6, cpu: '4', memory: '8Gi', zones: ['a', 'b', 'c'] },
  },
  kubernetes: { nodeMonitorGracePeriod: '40s', maxSurge: '25%', preVote: false },
  mesos: {
    agentPingTimeout: 15,
    agentRemovalRateLimit: '1/20mins',
    offerTimeout: 'none',
    quorum: 'auto',
    killSelection: 'OLDEST_FIRST',
    autoscaler: {},
  },
  apps: [
    {
      name: 'web',
      replicas: 4,
      cpu: 0.5,
      memory: 268435456,
      autoscale: { min: 2, max: 12, targetCPU: 60 },
    },
    { name: 'batch', replicas: 1, cpu: '2000m', memory: '1Gi', autoscale: { max: 3 } },
  ],
  load: {
    web: [
      { at: 0, cpu: 1.2 },
      { at: '2m', cpu: '4500m' },
    ],
  },
  events: [
    { at: '90s', say: 'Notice that neither side has reacted yet.', pause: true },
    { at: '30s', do: 'fail-node', target: 'node-2', say: 'node-2 loses power' },
    { at: 90, do: 'stop', target: 'control-2', component: 'zookeeper' },
    { at: '5m', do: 'scale', target: 'batch', replicas: 2 },
    { at: '6m', do: 'set-load', target: 'web', cpu: 0.8 },
    { at: '7m', do: 'drain', target: 'node-3' },
    { at: '8m', do: 'partition-node', target: 'leader' },
    { at: '9m', do: 'recover-node', target: 'node-2' },
  ],
});

describe('defaults and the list form of workers', () => {
  const minimal = `version: 1
title: Smallest
duration: 90
cluster:
  controlPlane: 1
  workers:
    - { name: big, cpu: 8, memory: 16Gi, zone: eu-1 }
    - { name: small, cpu: 500m, memory: 512Mi }
`;

  it('fills seed 1, no summary, no overrides, no autoscaler, no apps, load or events', () => {
    expect(parsed(minimal)).toEqual({
      version: 1,
      title: 'Smallest',
      summary: null,
      seed: 1,
      durationMs: 90_000,
      cluster: {
        controlPlane: 1,
        workers: [
          { name: 'big', cpuMilli: 8_000, memoryBytes: 16 * GI, zone: 'eu-1' },
          { name: 'small', cpuMilli: 500, memoryBytes: 512 * 2 ** 20, zone: null },
        ],
      },
      kubernetes: {},
      mesos: { flags: {}, autoscaler: null, frameworks: [] },
      apps: [],
      load: {},
      events: [],
    });
  });

  it('allows zero workers when no app needs a replica', () => {
    const text = minimal.replace(
      / {2}workers:[\s\S]*$/,
      '  workers: { count: 0, cpu: 1, memory: 1Gi }\n',
    );
    const scenario = parsed(`${text}apps:\n  - { name: idle, replicas: 0, cpu: 1, memory: 1Gi }\n`);
    expect(scenario.cluster.workers).toEqual([]);
    expect(parsed(printScenario(scenario))).toEqual(scenario);
  });

  it('keeps replicas outside the autoscale range (the orchestrators snap them)', () => {
    const app =
      '  - { name: web, replicas: 20, cpu: 1, memory: 1Gi, autoscale: { min: 2, max: 5 } }\n';
    expect(parsed(`${minimal}apps:\n${app}`).apps[0]?.replicas).toBe(20);
  });

  it('reads mesos.autoscaler: false as no autoscaler, and settings as overrides', () => {
    expect(parsed(`${minimal}mesos: { autoscaler: false }\n`).mesos.autoscaler).toBeNull();
    const settings = `${minimal}mesos:\n  autoscaler: { interval: 15s, triggerMode: and, minRange: auto }\n`;
    expect(parsed(settings).mesos.autoscaler).toEqual({
      interval: 15_000,
      triggerMode: 'and',
      minRange: null,
    });
  });
});

describe('the largest cluster contract 1 allows', () => {
  const workers = Array.from(
    { length: 10_000 },
    (_, i) => `    - { name: w${i}, cpu: 64, memory: 256Gi, zone: z${i % 4} }`,
  );
  const apps = Array.from(
    { length: 20 },
    (_, i) => `  - { name: app-${i}, replicas: 10000, cpu: 100m, memory: 64Mi }`,
  );
  const text = `version: 1
title: Big
duration: 24h
cluster:
  controlPlane: 7
  workers:
${workers.join('\n')}
apps:
${apps.join('\n')}
events:
  - { at: 24h, do: drain, target: w9999 }
`;

  it('reads 10,000 workers and 200,000 replicas', () => {
    const scenario = parsed(text);
    expect(scenario.cluster.workers).toHaveLength(10_000);
    expect(scenario.cluster.workers[9_999]).toEqual({
      name: 'w9999',
      cpuMilli: 64_000,
      memoryBytes: 256 * GI,
      zone: 'z3',
    });
    expect(scenario.apps.reduce((sum, app) => sum + app.replicas, 0)).toBe(200_000);
  });

  it('refuses one replica more', () => {
    const result = parseScenario(text.replace('replicas: 10000', 'replicas: 10001'), 'big.yaml');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'big.yaml:10008:3 apps: the apps ask for 200001 replicas in all; at most 200000 are allowed',
    ]);
  });
});

describe('a Mesos batch framework (mesos.frameworks)', () => {
  const TEXT = `version: 1
title: Batch beside Marathon
duration: 5m
cluster:
  controlPlane: 1
  workers: { count: 2, cpu: 4, memory: 8Gi }
mesos:
  frameworks:
    - { name: spark-batch, cpu: 500m, memory: 512Mi, tasks: 40, taskDuration: 45s }
    - { name: chronos, weight: 2.5, cpu: 1, memory: 1Gi, tasks: 3, taskDuration: 2m }
`;

  it('reads each framework in model units, weight 1 by default', () => {
    expect(parsed(TEXT).mesos.frameworks).toEqual([
      {
        name: 'spark-batch',
        weight: 1,
        cpuMilli: 500,
        memoryBytes: 512 * 2 ** 20,
        tasks: 40,
        taskDurationMs: 45_000,
      },
      {
        name: 'chronos',
        weight: 2.5,
        cpuMilli: 1_000,
        memoryBytes: GI,
        tasks: 3,
        taskDurationMs: 120_000,
      },
    ]);
  });

  it('prints them back, one line each, and they parse to the same scenario', () => {
    const scenario = parsed(TEXT);
    const text = printScenario(scenario);
    expect(text).toContain(
      '    - { name: spark-batch, cpu: 500m, memory: 512Mi, tasks: 40, taskDuration: 45s }\n',
    );
    expect(parsed(text)).toEqual(scenario);
  });
});
