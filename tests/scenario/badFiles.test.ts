// Every mistake a teacher can make gets one line, `FILE:LINE:COL PATH: MESSAGE`, pinned here
// word for word (contract 1).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem, parseScenario } from '../../src/scenario';

/** Eight lines that parse; most cases add to them or change one word. */
const BASE = `version: 1
title: Base
duration: 10m
cluster:
  controlPlane: 3
  workers: { count: 3, cpu: 4, memory: 8Gi }
apps:
  - { name: web, replicas: 2, cpu: 500m, memory: 256Mi }
`;
const WORKERS = 'workers: { count: 3, cpu: 4, memory: 8Gi }';
const V2 = BASE.replace('version: 1', 'version: 2');

function problems(text: string, file = 'bad.yaml'): string[] {
  const result = parseScenario(text, file);
  return result.ok ? ['(no problems)'] : result.problems.map(formatProblem);
}

function fixture(name: string): string {
  return readFileSync(`tests/fixtures/bad/${name}`, 'utf8');
}

const cases: [name: string, text: string, expected: string[]][] = [
  [
    'a YAML syntax error, where the yaml library finds it',
    'version: 1\ntitle: x\n  bad: [1, 2\n',
    [
      'bad.yaml:2:8 YAML syntax error: Nested mappings are not allowed in compact mappings (if this value contains ": ", put the whole value in quotes)',
      'bad.yaml:2:8 YAML syntax error: Implicit keys need to be on a single line',
      'bad.yaml:4:1 YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  ],
  [
    'a colon inside narration, the classic YAML trap',
    BASE + 'events:\n  - at: 0s\n    say: Both start settled: every replica runs.\n',
    [
      'bad.yaml:11:10 YAML syntax error: Nested mappings are not allowed in compact mappings (if this value contains ": ", put the whole value in quotes)',
    ],
  ],
  [
    'a key given twice',
    BASE + 'title: Again\n',
    ['bad.yaml:9:1 the key "title" appears twice in this mapping'],
  ],
  [
    'a misspelt top-level key',
    BASE + 'evnts: []\n',
    ['bad.yaml:9:1 evnts: unknown key "evnts"; did you mean "events"?'],
  ],
  [
    'an unknown key with nothing close to it lists the keys',
    BASE + 'colour: blue\n',
    [
      'bad.yaml:9:1 colour: unknown key "colour"; expected one of version, title, summary, seed, duration, cluster and 5 more',
    ],
  ],
  [
    'a misspelt key in an app is one mistake, not also a missing "replicas"',
    BASE + '  - name: api\n    replcas: 3\n    cpu: 1\n    memory: 1Gi\n',
    ['bad.yaml:10:5 apps[1].replcas: unknown key "replcas"; did you mean "replicas"?'],
  ],
  [
    'a misspelt key in an event',
    BASE + 'events:\n  - { at: 1m, do: fail-node, targt: node-1 }\n',
    ['bad.yaml:10:30 events[0].targt: unknown key "targt"; did you mean "target"?'],
  ],
  [
    'a misspelt Kubernetes override',
    BASE + 'kubernetes:\n  nodeMonitorGracePeriode: 40s\n',
    [
      'bad.yaml:10:3 kubernetes.nodeMonitorGracePeriode: unknown key "nodeMonitorGracePeriode"; did you mean "nodeMonitorGracePeriod"?',
    ],
  ],
  [
    'cpu and memory in words instead of units',
    BASE + '  - { name: api, replicas: 1, cpu: fast, memory: lots }\n',
    [
      'bad.yaml:9:36 apps[1].cpu: expected cores like 0.5 or 500m, got "fast"',
      'bad.yaml:9:50 apps[1].memory: expected memory like 256Mi, 8Gi or a number of bytes, got "lots"',
    ],
  ],
  [
    'a duration in words',
    BASE.replace('10m', 'soon'),
    ['bad.yaml:3:11 duration: expected a duration like 500ms, 15s, 5m or 1h, got "soon"'],
  ],
  [
    'a duration longer than a day',
    BASE.replace('10m', '25h'),
    ['bad.yaml:3:11 duration: expected a duration above 0 and at most 24h, got "25h"'],
  ],
  [
    'missing required keys, each at the mapping that lacks it',
    'version: 1\nsummary: hi\n',
    [
      'bad.yaml:1:1 title: missing required key "title"',
      'bad.yaml:1:1 duration: missing required key "duration"',
      'bad.yaml:1:1 cluster: missing required key "cluster"',
    ],
  ],
  [
    'an empty title',
    BASE.replace('title: Base', 'title:'),
    ['bad.yaml:2:7 title: expected a title of 1 to 200 characters, got nothing'],
  ],
  [
    'version 3',
    BASE.replace('version: 1', 'version: 3'),
    ['bad.yaml:1:10 version: this clusterplay reads scenario versions 1 and 2; got 3'],
  ],
  [
    'a message event in a version 1 file',
    BASE + 'events:\n  - { at: 1m, do: drop-message, from: node-1 }\n',
    [
      'bad.yaml:10:19 events[0].do: drop-message is a version 2 event; write version: 2 at the top of the file',
    ],
  ],
  [
    'message events: unknown host, process and kind, a missing delay',
    V2 +
      'events:\n' +
      '  - { at: 1m, do: drop-message, from: nod-1, message: PING }\n' +
      '  - { at: 1m, do: drop-message, from: node-1/kubelt, to: control-1, message: node.statu }\n' +
      '  - { at: 2m, do: delay-message, from: control-1, to: leader }\n' +
      '  - { at: 2m, do: delay-message, from: control-1, by: 0s }\n' +
      '  - { at: 2m, do: delay-message, from: control-1, by: 5s, target: node-1 }\n',
    [
      'bad.yaml:10:39 events[0].from: unknown host "nod-1"; did you mean "node-1"?',
      'bad.yaml:11:39 events[1].from: unknown process "kubelt"; did you mean "kubelet"?',
      'bad.yaml:11:78 events[1].message: unknown message kind "node.statu"; did you mean "node.status"?',
      'bad.yaml:12:5 events[2].by: missing required key "by" for a delay-message event',
      'bad.yaml:12:55 events[2].to: "to" needs a host name; "leader" works only with fail-node and partition-node',
      'bad.yaml:13:55 events[3].by: expected a duration above 0 and at most 10m, got "0s"',
      'bad.yaml:14:59 events[4].target: "target" does not belong to a delay-message event; it takes from, by, to, message and for',
    ],
  ],
  [
    'an even control plane, with the reason',
    BASE.replace('controlPlane: 3', 'controlPlane: 4'),
    [
      'bad.yaml:5:17 cluster.controlPlane: expected an odd number of control-plane hosts from 1 to 7, got 4: an even number of control-plane hosts tolerates no more failures than one fewer (3 or 4 hosts both survive 1 failure)',
    ],
  ],
  [
    'nine control-plane hosts',
    BASE.replace('controlPlane: 3', 'controlPlane: 9'),
    [
      'bad.yaml:5:17 cluster.controlPlane: expected an odd number of control-plane hosts from 1 to 7, got 9',
    ],
  ],
  [
    'an unknown host',
    BASE + 'events:\n  - { at: 1m, do: fail-node, target: nod-2 }\n',
    ['bad.yaml:10:38 events[0].target: unknown host "nod-2"; did you mean "node-2"?'],
  ],
  [
    'an unknown app',
    BASE + 'events:\n  - { at: 1m, do: scale, target: wbe, replicas: 3 }\n',
    ['bad.yaml:10:34 events[0].target: unknown app "wbe"; did you mean "web"?'],
  ],
  [
    'an unknown component',
    BASE + 'events:\n  - { at: 1m, do: stop, target: control-1, component: etc }\n',
    ['bad.yaml:10:55 events[0].component: unknown component "etc"; did you mean "etcd"?'],
  ],
  [
    'a component that does not run on that host',
    BASE +
      'events:\n  - { at: 1m, do: stop, target: control-1, component: mesos-agent }\n' +
      '  - { at: 2m, do: start, target: node-1, component: etcd }\n',
    [
      'bad.yaml:10:55 events[0].component: mesos-agent does not run on control-1, a control-plane host; it runs kube-apiserver, etcd, kube-scheduler, kube-controller-manager, kubelet, zookeeper, mesos-master, marathon',
      'bad.yaml:11:53 events[1].component: etcd does not run on node-1, a worker; it runs kubelet, mesos-agent',
    ],
  ],
  [
    'an event after the end',
    BASE + 'events:\n  - { at: 12m, do: fail-node, target: leader }\n',
    ['bad.yaml:10:11 events[0].at: 12m is after the end of the scenario (10m)'],
  ],
  [
    'autoscale.min above autoscale.max',
    BASE + '  - { name: api, replicas: 1, cpu: 1, memory: 1Gi, autoscale: { min: 5, max: 3 } }\n',
    ['bad.yaml:9:70 apps[1].autoscale.min: autoscale.min 5 is above autoscale.max 3'],
  ],
  [
    'autoscale.min 0 (the HPA scales down to 1 at least)',
    BASE + '  - { name: api, replicas: 1, cpu: 1, memory: 1Gi, autoscale: { min: 0, max: 3 } }\n',
    ['bad.yaml:9:70 apps[1].autoscale.min: expected a whole number from 1 to 200000, got 0'],
  ],
  [
    'two apps of one name',
    BASE + '  - { name: web, replicas: 1, cpu: 1, memory: 1Gi }\n',
    ['bad.yaml:9:13 apps[1].name: the name "web" is already used by apps[0]'],
  ],
  [
    'two workers of one name',
    BASE.replace(
      WORKERS,
      'workers:\n    - { name: a, cpu: 4, memory: 8Gi }\n    - { name: a, cpu: 4, memory: 8Gi }',
    ),
    ['bad.yaml:8:15 cluster.workers[1].name: the name "a" is already used by cluster.workers[0]'],
  ],
  [
    'worker names kept for control-plane hosts and for "leader"',
    BASE.replace(
      WORKERS,
      'workers:\n    - { name: control-2, cpu: 4, memory: 8Gi }\n    - { name: leader, cpu: 4, memory: 8Gi }',
    ),
    [
      'bad.yaml:7:15 cluster.workers[0].name: the name "control-2" is reserved for control-plane hosts',
      'bad.yaml:8:15 cluster.workers[1].name: the name "leader" is reserved: in events it means the current leader',
    ],
  ],
  [
    'an app too big for any worker',
    BASE + '  - { name: big, replicas: 1, cpu: 8, memory: 16Gi }\n',
    [
      'bad.yaml:9:36 apps[1].cpu: one replica requests 8 CPU, more than any worker has (the largest has 4)',
      'bad.yaml:9:47 apps[1].memory: one replica requests 16Gi of memory, more than any worker has (the largest has 8Gi)',
    ],
  ],
  [
    'apps but no workers',
    BASE.replace('count: 3', 'count: 0'),
    [
      'bad.yaml:6:12 cluster.workers: there are no workers to run the replicas of web; add workers, or set replicas: 0 (without autoscale)',
    ],
  ],
  [
    'too many workers',
    BASE.replace('count: 3', 'count: 10001'),
    [
      'bad.yaml:6:21 cluster.workers.count: expected a whole number of workers from 0 to 10000, got 10001',
    ],
  ],
  [
    'an empty list of workers',
    BASE.replace(WORKERS, 'workers: []'),
    [
      'bad.yaml:6:12 cluster.workers: expected a list of 1 to 10000 workers (or count: 0 for none), got an empty list',
    ],
  ],
  [
    'bad override values, one per kind',
    BASE +
      'kubernetes:\n  nodeMonitorGracePeriod: soon\n  unhealthyZoneThreshold: 1.5\n' +
      'mesos:\n  killSelection: NEWEST_FIRST\n  agentRemovalRateLimit: 1/soon\n  quorum: 0\n',
    [
      'bad.yaml:10:27 kubernetes.nodeMonitorGracePeriod: expected a duration like 500ms, 15s, 5m or 1h, got "soon"',
      'bad.yaml:11:27 kubernetes.unhealthyZoneThreshold: expected a fraction from 0 to 1, got 1.5',
      'bad.yaml:13:18 mesos.killSelection: expected one of YOUNGEST_FIRST, OLDEST_FIRST, got "NEWEST_FIRST"',
      'bad.yaml:14:26 mesos.agentRemovalRateLimit: expected a rate like 1/20mins (agents per interval), or none, got "1/soon"',
      'bad.yaml:15:11 mesos.quorum: expected a whole number of at least 1, or auto, got 0',
    ],
  ],
  [
    'an unknown marathon-autoscale setting',
    BASE + 'mesos:\n  autoscaler: { intervall: 10s }\n',
    [
      'bad.yaml:10:17 mesos.autoscaler.intervall: unknown key "intervall"; did you mean "interval"?',
    ],
  ],
  [
    'an autoscaler that is neither true, false nor settings',
    BASE + 'mesos:\n  autoscaler: yes\n',
    [
      'bad.yaml:10:15 mesos.autoscaler: expected true, false or a mapping of marathon-autoscale settings, got "yes"',
    ],
  ],
  [
    'fields that do not belong to the event, and one that is missing',
    BASE +
      'events:\n  - { at: 1m, do: fail-node, target: node-1, replicas: 3 }\n' +
      '  - { at: 2m, do: scale, target: web }\n',
    [
      'bad.yaml:10:46 events[0].replicas: "replicas" does not belong to a fail-node event; it takes target',
      'bad.yaml:11:5 events[1].replicas: missing required key "replicas" for a scale event',
    ],
  ],
  [
    'an event with neither do nor say, and a target without a do',
    BASE + 'events:\n  - { at: 1m }\n  - { at: 2m, say: hello, target: node-1 }\n',
    [
      'bad.yaml:10:5 events[0]: an event needs "do" (like do: fail-node) or "say" (a narration)',
      'bad.yaml:11:27 events[1].target: "target" needs a "do" (like do: fail-node)',
    ],
  ],
  [
    'maintenance on a control-plane host, and load in words',
    BASE +
      'events:\n  - { at: 1m, do: cordon, target: control-2 }\n' +
      '  - { at: 1m, do: set-load, target: web, cpu: lots }\n',
    [
      'bad.yaml:10:35 events[0].target: cordon needs a worker; "control-2" is a control-plane host',
      'bad.yaml:11:47 events[1].cpu: expected cores like 0.5 or 500m, got "lots"',
    ],
  ],
  [
    'load for an unknown app, out of order and after the end',
    BASE +
      'load:\n  wbe: []\n  web:\n    - { at: 2m, cpu: 1 }\n    - { at: 1m, cpu: 2 }\n' +
      '    - { at: 11m, cpu: 2 }\n',
    [
      'bad.yaml:10:3 load.wbe: unknown app "wbe"; did you mean "web"?',
      'bad.yaml:13:13 load.web[1].at: 1m comes before the point above it (2m); list the points in time order',
      'bad.yaml:14:13 load.web[2].at: 11m is after the end of the scenario (10m)',
    ],
  ],
  [
    'JSON with a mistake: line and column from the JSON text',
    fixture('even-control-plane.json'),
    [
      'bad.json:5:32 cluster.controlPlane: expected an odd number of control-plane hosts from 1 to 7, got 2: an even number of control-plane hosts tolerates no more failures than one fewer (1 or 2 hosts both survive 0 failures)',
    ],
  ],
  [
    'JSON with a syntax error',
    fixture('missing-comma.json'),
    ['bad.json:4:3 YAML syntax error: Missing , between flow map items'],
  ],
  [
    'many problems in one file, all reported, in file order',
    fixture('multiple-problems.yaml'),
    [
      'bad.yaml:9:89 apps[0].autoscale.targetCPU: expected a whole percentage of the CPU request from 1 to 1000, got 0',
      'bad.yaml:11:11 events[0].at: 2h is after the end of the scenario (1h)',
      'bad.yaml:11:34 events[0].target: drain needs a worker; "control-1" is a control-plane host',
      'bad.yaml:12:5 events[1]: an event needs "do" (like do: fail-node) or "say" (a narration)',
      'bad.yaml:13:41 events[2].target: recover-node needs a host name; "leader" works only with fail-node and partition-node',
      'bad.yaml:14:7 seed: expected a whole number from 0 to 4294967295, got -1',
    ],
  ],
  [
    'an app that fits on no single worker',
    fixture('impossible-cluster.yaml'),
    [
      'bad.yaml:10:35 apps[0].cpu: one replica requests 16 CPU, more than any worker has (the largest has 8)',
      'bad.yaml:10:47 apps[0].memory: one replica requests 32Gi of memory, more than any worker has (the largest has 16Gi)',
      'bad.yaml:11:5 apps[1]: no worker has both 2 CPU and 2Gi of memory for one replica',
    ],
  ],
  [
    'a file of 5 MB, refused before parsing',
    `title: ${'x'.repeat(5 * 1024 * 1024)}\n`,
    ['bad.yaml:1:1 the file is 5242888 bytes; a scenario may be at most 1 MiB (1048576 bytes)'],
  ],
  [
    '10,000 nested brackets, refused while parsing',
    '['.repeat(10_000),
    ['bad.yaml:1:34 the document is nested more than 32 levels deep'],
  ],
  [
    '33 nested mappings',
    Array.from({ length: 33 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n',
    ['bad.yaml:33:33 the document is nested more than 32 levels deep'],
  ],
  [
    'a batch framework with a bad weight, too many tasks and no task duration',
    BASE +
      'mesos:\n  frameworks:\n    - { name: spark-batch, weight: 0, cpu: 1, memory: 1Gi, tasks: 100001 }\n',
    [
      'bad.yaml:11:7 mesos.frameworks[0].taskDuration: missing required key "taskDuration"',
      'bad.yaml:11:36 mesos.frameworks[0].weight: expected a DRF weight above 0, like 1 or 2.5, got 0',
      'bad.yaml:11:67 mesos.frameworks[0].tasks: expected a whole number from 1 to 100000, got 100001',
    ],
  ],
  [
    'a batch framework named marathon, and one named twice',
    BASE +
      'mesos:\n  frameworks:\n' +
      '    - { name: marathon, cpu: 1, memory: 1Gi, tasks: 2, taskDuration: 1m }\n' +
      '    - { name: spark, cpu: 1, memory: 1Gi, tasks: 2, taskDuration: 0s }\n' +
      '    - { name: spark, cpu: 1, memory: 1Gi, tasks: 2, taskDuration: 1m }\n' +
      '    - { name: spark, cpu: 1, memory: 1Gi, tasks: 2, taskDuration: 1m }\n',
    [
      'bad.yaml:11:15 mesos.frameworks[0].name: the name "marathon" is taken by Marathon itself',
      'bad.yaml:12:67 mesos.frameworks[1].taskDuration: expected a duration above 0 and at most 24h, got "0s"',
      'bad.yaml:14:15 mesos.frameworks[3].name: the name "spark" is already used by mesos.frameworks[2]',
    ],
  ],
  [
    'frameworks that are not a list',
    BASE + 'mesos:\n  frameworks: spark\n',
    [
      'bad.yaml:10:15 mesos.frameworks: expected a list of frameworks, like - {name: spark-batch, cpu: 1, memory: 1Gi, tasks: 20, taskDuration: 2m}, got "spark"',
    ],
  ],
  [
    'an alias bomb',
    fixture('alias-bomb.yaml'),
    [
      'bad.yaml:3:8 an anchor is expanded through aliases more than 100 times; write the values out instead',
    ],
  ],
  [
    'an alias with no anchor',
    BASE + 'summary: *nope\n',
    ['bad.yaml:9:10 the alias *nope has no anchor &nope before it'],
  ],
  [
    'two YAML documents in one file',
    BASE + '---\nversion: 1\n',
    ['bad.yaml:9:1 the file holds more than one YAML document (a second one starts here)'],
  ],
  ['an empty file', '# nothing yet\n', ['bad.yaml:1:1 the file is empty']],
  [
    'JSON with a __proto__ key, which plain objects treat specially',
    '{"version": 1, "__proto__": {"title": "x"}}',
    ['bad.json:1:16 unknown key "__proto__"'],
  ],
  [
    'a list instead of a mapping',
    '- 1\n- 2\n',
    ['bad.yaml:1:1 expected a mapping with version, title, duration and cluster, got a list'],
  ],
];

describe('bad scenario files: one line per problem', () => {
  it.each(cases)('%s', (name, text, expected) => {
    const file = name.startsWith('JSON') ? 'bad.json' : 'bad.yaml';
    expect(problems(text, file)).toEqual(expected);
  });

  it('counts at least 25 distinct mistakes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });
});

describe('parseScenario never throws', () => {
  it.each([
    ['a text of only NUL characters', '\0'.repeat(100)],
    ['a mapping key that is a list', BASE + '? [a]\n: 1\n'],
    ['an alias inside its own anchor', 'a: &a [*a]\n'],
    ['a huge number', BASE.replace('count: 3', 'count: 1e400')],
  ])('%s', (_name, text) => {
    const result = parseScenario(text, 'odd.yaml');
    expect(result.ok).toBe(false);
  });
});
