// `events:` — the script: faults, maintenance, scaling and narration marks, sorted by time.

import * as v from 'valibot';
import { DAY_MS, anyText, boolean, cpu, duration, oneOf, text, wholeNumber } from './leaves';
import { ALL_MESSAGE_KINDS, MESSAGE_PROCESSES } from './messageKinds';
import type { Path } from './positions';
import { describe, expectedGot } from './problems';
import type { Message } from './problems';
import type { Report } from './schema';
import { check, failure, leaf, mapping } from './schema';
import { listNames, unknownName } from './suggest';
import type { Action, Component, ScenarioEvent } from './types';
import {
  ACTIONS,
  COMPONENTS,
  CONTROL_COMPONENTS,
  MESSAGE_ACTIONS,
  WORKER_COMPONENTS,
} from './types';
import { formatDuration } from './units';
import { MAX_REPLICAS } from './validateApps';

/** What events may name; null where that part of the file could not be read. */
export interface EventNames {
  /** The file's `version`; message events need 2. */
  version: number | null;
  durationMs: number | null;
  controlHosts: readonly string[] | null;
  workers: readonly string[] | null;
  apps: readonly string[] | null;
}

type Field = 'target' | 'component' | 'replicas' | 'cpu' | 'from' | 'to' | 'message' | 'for' | 'by';
const FIELDS: readonly Field[] = [
  'target',
  'component',
  'replicas',
  'cpu',
  'from',
  'to',
  'message',
  'for',
  'by',
];

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
  'drop-message': ['from'],
  'delay-message': ['from', 'by'],
};

/** Keys an action may take but need not. */
const OPTIONAL_OF: Partial<Record<Action, readonly Field[]>> = {
  'drop-message': ['to', 'message', 'for'],
  'delay-message': ['to', 'message', 'for'],
};

/** A delay longer than this is a partition, not a late message. */
const MAX_DELAY_MS = 10 * 60 * 1000;

const eventSchema = mapping('an event like {at: 30s, do: fail-node, target: node-2}', {
  at: leaf(duration(Number.MAX_SAFE_INTEGER)),
  do: v.optional(v.unknown()),
  target: v.optional(leaf(anyText('a name, like node-2 or web'))),
  component: v.optional(v.unknown()),
  replicas: v.optional(
    leaf(wholeNumber(0, MAX_REPLICAS, `a whole number from 0 to ${MAX_REPLICAS}`)),
  ),
  cpu: v.optional(leaf(cpu(false))),
  from: v.optional(leaf(anyText('a host like node-2, or host/process like node-2/kubelet'))),
  to: v.optional(leaf(anyText('a host like control-1, or host/process like control-1/etcd'))),
  message: v.optional(leaf(anyText('a message kind, like node.status or PING'))),
  for: v.optional(leaf(duration(DAY_MS, true))),
  by: v.optional(leaf(duration(MAX_DELAY_MS, true))),
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
  if ((MESSAGE_ACTIONS as readonly string[]).includes(act) && known.names.version === 1) {
    const message = `${act} is a version 2 event; write version: 2 at the top of the file`;
    problem('do', message);
    return null;
  }
  const takes = FIELDS_OF[act];
  const may = [...takes, ...(OPTIONAL_OF[act] ?? [])];
  for (const key of FIELDS) {
    if (given(key) && !may.includes(key)) {
      const message = `${JSON.stringify(key)} does not belong to a ${act} event; it takes ${andList(may)}`;
      problem(key, message, 'key');
    } else if (!given(key) && takes.includes(key)) {
      problem(key, `missing required key ${JSON.stringify(key)} for a ${act} event`, 'parent');
    }
  }
  if (act === 'drop-message' || act === 'delay-message') {
    const from = fields.from;
    if (from === undefined) return null;
    checkAddress('from', from, known, problem);
    if (fields.to !== undefined) checkAddress('to', fields.to, known, problem);
    const kind = fields.message;
    if (kind !== undefined && !ALL_MESSAGE_KINDS.includes(kind)) {
      problem('message', () => unknownName('message kind', kind, ALL_MESSAGE_KINDS));
    }
    if (!clean()) return null;
    const match = {
      atMs: at,
      say,
      pause,
      from,
      to: fields.to ?? null,
      message: kind ?? null,
      windowMs: fields.for ?? null,
    };
    if (act === 'drop-message') return { ...match, do: act };
    return { ...match, do: act, delayMs: fields.by ?? 0 };
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

/** `a`, `a and b`, `a, b and c`. */
function andList(words: readonly string[]): string {
  return words.length < 2
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** `from` / `to` of a message event: a host of the cluster, or `host/process`. */
function checkAddress(
  key: 'from' | 'to',
  address: string,
  known: Known,
  problem: AddProblem,
): void {
  const slash = address.indexOf('/');
  const host = slash < 0 ? address : address.slice(0, slash);
  const process = slash < 0 ? null : address.slice(slash + 1);
  const { controlHosts, workers, names } = known;
  if (controlHosts && workers && !controlHosts.has(host) && !workers.has(host)) {
    const hosts = [...(names.controlHosts ?? []), ...(names.workers ?? [])];
    const message =
      host === 'leader'
        ? `${JSON.stringify(key)} needs a host name; "leader" works only with fail-node and partition-node`
        : unknownName('host', host, hosts);
    problem(key, message);
    return;
  }
  if (process !== null && !MESSAGE_PROCESSES.includes(process)) {
    problem(key, () => unknownName('process', process, MESSAGE_PROCESSES));
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
