// printScenario: a Scenario back to a scenario file that parseScenario reads as the same
// Scenario. Workers are written as a list; small mappings are written on one line.

import type { YAMLMap } from 'yaml';
import { Document, isMap, isSeq } from 'yaml';
import type { FlagKind } from './flags';
import { autoscalerFlagKinds, kubernetesFlagKinds, mesosFlagKinds } from './flags';
import { formatFlagValue } from './flagValues';
import type { FlagValue, Scenario, ScenarioEvent } from './types';
import { versionFor } from './types';
import { formatCpu, formatDuration, formatMemory } from './units';

/** `2` rather than `"2"`, so that whole cores and plain bytes read as numbers. */
function quantity(text: string): string | number {
  const n = Number(text);
  return text !== '' && String(n) === text ? n : text;
}

function overrides(values: Record<string, FlagValue>, kinds: Record<string, FlagKind>) {
  const out: Record<string, FlagValue> = {};
  for (const [key, value] of Object.entries(values)) {
    const kind = kinds[key];
    out[key] = kind === undefined ? value : formatFlagValue(kind, value);
  }
  return out;
}

function event(e: ScenarioEvent): Record<string, unknown> {
  const out: Record<string, unknown> = { at: formatDuration(e.atMs) };
  if (e.do === 'drop-message' || e.do === 'delay-message') {
    out.do = e.do;
    out.from = e.from;
    if (e.to !== null) out.to = e.to;
    if (e.message !== null) out.message = e.message;
    if (e.windowMs !== null) out.for = formatDuration(e.windowMs);
    if (e.do === 'delay-message') out.by = formatDuration(e.delayMs);
  } else if (e.do !== null) {
    out.do = e.do;
    out.target = e.target;
    if (e.do === 'stop' || e.do === 'start') out.component = e.component;
    if (e.do === 'scale') out.replicas = e.replicas;
    if (e.do === 'set-load') out.cpu = quantity(formatCpu(e.cpuMilli));
  }
  if (e.say !== null) out.say = e.say;
  if (e.pause) out.pause = true;
  return out;
}

function workers(s: Scenario): unknown {
  // The list form needs at least one worker; none is written in the count form.
  if (s.cluster.workers.length === 0) return { count: 0, cpu: 1, memory: 1 };
  return s.cluster.workers.map((w) => ({
    name: w.name,
    cpu: quantity(formatCpu(w.cpuMilli)),
    memory: quantity(formatMemory(w.memoryBytes)),
    ...(w.zone === null ? {} : { zone: w.zone }),
  }));
}

function toPlain(s: Scenario): Record<string, unknown> {
  // The oldest version that holds these events, so a version 1 file stays version 1.
  const out: Record<string, unknown> = { version: versionFor(s.events), title: s.title };
  if (s.summary !== null) out.summary = s.summary;
  out.seed = s.seed;
  out.duration = formatDuration(s.durationMs);
  out.cluster = { controlPlane: s.cluster.controlPlane, workers: workers(s) };
  if (Object.keys(s.kubernetes).length > 0) {
    out.kubernetes = overrides(s.kubernetes, kubernetesFlagKinds);
  }
  const mesos: Record<string, unknown> = overrides(s.mesos.flags, mesosFlagKinds);
  const { autoscaler } = s.mesos;
  if (autoscaler !== null) {
    const settings = overrides(autoscaler, autoscalerFlagKinds);
    mesos.autoscaler = Object.keys(settings).length === 0 ? true : settings;
  }
  if (s.mesos.frameworks.length > 0) {
    mesos.frameworks = s.mesos.frameworks.map((f) => ({
      name: f.name,
      ...(f.weight === 1 ? {} : { weight: f.weight }),
      cpu: quantity(formatCpu(f.cpuMilli)),
      memory: quantity(formatMemory(f.memoryBytes)),
      tasks: f.tasks,
      taskDuration: formatDuration(f.taskDurationMs),
    }));
  }
  if (Object.keys(mesos).length > 0) out.mesos = mesos;
  out.apps = s.apps.map((app) => ({
    name: app.name,
    replicas: app.replicas,
    cpu: quantity(formatCpu(app.cpuMilli)),
    memory: quantity(formatMemory(app.memoryBytes)),
    ...(app.autoscale === null ? {} : { autoscale: { ...app.autoscale } }),
  }));
  const load: Record<string, unknown> = {};
  for (const [name, points] of Object.entries(s.load)) {
    load[name] = points.map((p) => ({
      at: formatDuration(p.atMs),
      cpu: quantity(formatCpu(p.cpuMilli)),
    }));
  }
  if (Object.keys(load).length > 0) out.load = load;
  out.events = s.events.map(event);
  return out;
}

export function printScenario(s: Scenario): string {
  const doc = new Document(toPlain(s));
  const flow = (node: unknown) => {
    if (isMap(node)) (node as YAMLMap).flow = true;
  };
  const items = (path: string[]) => {
    const node = doc.getIn(path, true);
    return isSeq(node) ? node.items : [];
  };
  items(['cluster', 'workers']).forEach(flow);
  items(['mesos', 'frameworks']).forEach(flow);
  // Narration is free text, which yaml cannot always fold inside a flow mapping: block style.
  items(['events']).forEach((node, i) => {
    if (s.events[i]?.say === null) flow(node);
  });
  for (const app of items(['apps'])) flow(isMap(app) ? app.get('autoscale', true) : null);
  const load = doc.get('load', true);
  if (isMap(load)) {
    for (const pair of load.items) if (isSeq(pair.value)) pair.value.items.forEach(flow);
  }
  return doc.toString({ lineWidth: 100 });
}
