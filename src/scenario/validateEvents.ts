// `events:` — the script: faults, maintenance, scaling and narration marks, sorted by time.

import * as v from 'valibot';
import { anyText, boolean, cpu, duration, oneOf, text, wholeNumber } from './leaves';
import type { Path } from './positions';
import { describe, expectedGot } from './problems';
import type { Message } from './problems';
import type { Report } from './schema';
import { check, failure, leaf, mapping } from './schema';
import { listNames, unknownName } from './suggest';
import type { Action, Component, ScenarioEvent } from './types';
import { ACTIONS, COMPONENTS, CONTROL_COMPONENTS, WORKER_COMPONENTS } from './types';
import { formatDuration } from './units';
import { MAX_REPLICAS } from './validateApps';

/** What events may name; null where that part of the file could not be read. */
export interface EventNames {
  durationMs: number | null;
  controlHosts: readonly string[] | null;
  workers: readonly string[] | null;
  apps: readonly string[] | null;
}

type Field = 'target' | 'component' | 'replicas' | 'cpu';
const FIELDS: readonly Field[] = ['target', 'component', 'replicas', 'cpu'];

const FIELDS_OF: Record<Action, readonly Field[]> = {
  'fail-node': ['target'],
  'recover-node': ['target'],
  'partition-node': ['target'],
  'heal-node': ['target'],
  stop: ['target', 'component'],
  start: ['target', 'component'],
  scale: ['target', 'replicas'],
  'set-load': ['target', 'cpu'],
  cordon: ['target'],
  uncordon: ['target'],
  drain: ['target'],
};

const eventSchema = mapping('an event like {at: 30s, do: fail-node, target: node-2}', {
  at: leaf(duration(Number.MAX_SAFE_INTEGER)),
  do: v.optional(v.unknown()),
  target: v.optional(leaf(anyText('a name, like node-2 or web'))),
  component: v.optional(v.unknown()),
  replicas: v.optional(
    leaf(wholeNumber(0, MAX_REPLICAS, `a whole number from 0 to ${MAX_REPLICAS}`)),
  ),
  cpu: v.optional(leaf(cpu(false))),
  say: v.optional(leaf(text(500, 'narration of 1 to 500 characters'))),
  pause: v.nullish(leaf(boolean), false),
});

interface Known {
  names: EventNames;
  controlHosts: ReadonlySet<string> | null;
  workers: ReadonlySet<string> | null;
  apps: ReadonlySet<string> | null;
}

const asSet = (names: readonly string[] | null) => (names ? new Set(names) : null);

export function readEvents(report: Report, raw: unknown, names: EventNames): ScenarioEvent[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    const expected = 'a list of events, like - {at: 30s, do: fail-node, target: node-2}';
    report.add(['events'], expectedGot(expected, raw));
    return [];
  }
  const known: Known = {
    names,
    controlHosts: asSet(names.controlHosts),
    workers: asSet(names.workers),
    apps: asSet(names.apps),
  };
  const events: ScenarioEvent[] = [];
  raw.forEach((item, i) => {
    const event = readEvent(report, item, ['events', i], known);
    if (event) events.push(event);
  });
  // Array.prototype.sort is stable: events at the same time keep their order in the file.
  return events.sort((a, b) => a.atMs - b.atMs);
}

type AddProblem = (key: string | null, message: Message, anchor?: 'key' | 'parent') => void;

function readEvent(report: Report, raw: unknown, path: Path, known: Known): ScenarioEvent | null {
  const before = report.size;
  const clean = () => report.size === before;
  const problem: AddProblem = (key, message, anchor) =>
    report.add(key === null ? path : [...path, key], message, anchor);
  const checked = check(report, eventSchema, raw, path);
  if (!checked.ok) return null;
  const fields = checked.value;
  const given = (key: Field) => fields[key] !== undefined;

  const { at, say = null, pause } = fields;
  const end = known.names.durationMs;
  if (end !== null && at > end) {
    problem(
      'at',
      `${formatDuration(at)} is after the end of the scenario (${formatDuration(end)})`,
    );
  }
  if (fields.do === undefined) {
    if (say === null)
      problem(null, 'an event needs "do" (like do: fail-node) or "say" (a narration)');
    for (const key of FIELDS.filter(given)) {
      problem(key, `${JSON.stringify(key)} needs a "do" (like do: fail-node)`, 'key');
    }
    return clean() ? { atMs: at, say, pause, do: null } : null;
  }
  const action = oneOf('an action', ACTIONS)(fields.do);
  if (!action.ok) {
    const found = fields.do;
    const message =
      typeof found === 'string' ? unknownName('action', found, ACTIONS) : failure(action, found);
    problem('do', message);
    return null;
  }
  const act = action.value;
  const takes = FIELDS_OF[act];
  for (const key of FIELDS) {
    if (given(key) && !takes.includes(key)) {
      const message = `${JSON.stringify(key)} does not belong to a ${act} event; it takes ${takes.join(' and ')}`;
      problem(key, message, 'key');
    } else if (!given(key) && takes.includes(key)) {
      problem(key, `missing required key ${JSON.stringify(key)} for a ${act} event`, 'parent');
    }
  }
  const target = fields.target;
  if (target === undefined) return null;
  checkTarget(act, target, known, problem);
  const base = { atMs: at, say, pause, target };
  if (act === 'stop' || act === 'start') {
    const component =
      fields.component === undefined
        ? null
        : readComponent(fields.component, target, known, problem);
    return clean() && component ? { ...base, do: act, component } : null;
  }
  if (!clean()) return null;
  if (act === 'scale') return { ...base, do: act, replicas: fields.replicas ?? 0 };
  if (act === 'set-load') return { ...base, do: act, cpuMilli: fields.cpu ?? 0 };
  return { ...base, do: act };
}

function checkTarget(act: Action, target: string, known: Known, problem: AddProblem): void {
  const { controlHosts, workers, apps, names } = known;
  if (act === 'scale' || act === 'set-load') {
    if (apps && !apps.has(target))
      problem('target', () => unknownName('app', target, names.apps ?? []));
    return;
  }
  if (!controlHosts || !workers) return;
  const isControl = controlHosts.has(target);
  const isWorker = workers.has(target);
  if (act === 'cordon' || act === 'uncordon' || act === 'drain') {
    if (isControl || target === 'leader') {
      problem('target', `${act} needs a worker; ${describe(target)} is a control-plane host`);
    } else if (!isWorker) {
      problem('target', () => unknownName('worker', target, names.workers ?? []));
    }
    return;
  }
  if (target === 'leader') {
    if (act !== 'fail-node' && act !== 'partition-node') {
      const message = `${act} needs a host name; "leader" works only with fail-node and partition-node`;
      problem('target', message);
    }
    return;
  }
  if (!isControl && !isWorker) {
    const leader = act === 'fail-node' || act === 'partition-node' ? ['leader'] : [];
    const hosts = () => [...(names.controlHosts ?? []), ...(names.workers ?? []), ...leader];
    problem('target', () => unknownName('host', target, hosts()));
  }
}

function readComponent(
  raw: unknown,
  host: string,
  known: Known,
  problem: AddProblem,
): Component | null {
  const parsed = oneOf('a component', COMPONENTS)(raw);
  if (!parsed.ok) {
    const message =
      typeof raw === 'string' ? unknownName('component', raw, COMPONENTS) : failure(parsed, raw);
    problem('component', message);
    return null;
  }
  const component = parsed.value;
  if (known.controlHosts?.has(host) && !CONTROL_COMPONENTS.includes(component)) {
    const runs = listNames(CONTROL_COMPONENTS, 10);
    problem(
      'component',
      `${component} does not run on ${host}, a control-plane host; it runs ${runs}`,
    );
  } else if (known.workers?.has(host) && !WORKER_COMPONENTS.includes(component)) {
    const runs = listNames(WORKER_COMPONENTS);
    problem('component', `${component} does not run on ${host}, a worker; it runs ${runs}`);
  }
  return component;
}
