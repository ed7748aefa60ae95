// parseScenario: the text of a scenario file (YAML or JSON) → a Scenario, or every problem in it.

import * as v from 'valibot';
import { readKubernetes, readMesos } from './flagValues';
import { DAY_MS, anyText, duration, text, wholeNumber } from './leaves';
import { describe, listProblems } from './problems';
import { readYaml } from './readYaml';
import { Report, check, isRecord, leaf, mapping } from './schema';
import type { ParseResult, Problem, Scenario } from './types';
import type { ScenarioVersion } from './types';
import { SCENARIO_VERSIONS, controlHostNames } from './types';
import { appNames, readApps, readLoad } from './validateApps';
import { readCluster } from './validateCluster';
import { readEvents } from './validateEvents';

const topSchema = mapping('a mapping with version, title, duration and cluster', {
  version: v.unknown(),
  title: v.unknown(),
  summary: v.optional(v.unknown()),
  seed: v.optional(v.unknown()),
  duration: v.unknown(),
  cluster: v.unknown(),
  kubernetes: v.optional(v.unknown()),
  mesos: v.optional(v.unknown()),
  apps: v.optional(v.unknown()),
  load: v.optional(v.unknown()),
  events: v.optional(v.unknown()),
});

const versionSchema = leaf((raw) =>
  SCENARIO_VERSIONS.includes(raw as ScenarioVersion)
    ? { ok: true, value: raw as ScenarioVersion }
    : {
        ok: false,
        message: `this clusterplay reads scenario versions 1 and 2; got ${describe(raw)}`,
      },
);
const titleSchema = leaf(text(200, 'a title of 1 to 200 characters'));
const summarySchema = v.nullish(leaf(anyText('text shown before playback')), null);
const seedSchema = v.nullish(
  leaf(wholeNumber(0, 4_294_967_295, 'a whole number from 0 to 4294967295')),
  1,
);
const durationSchema = leaf(duration(DAY_MS, true));

export function parseScenario(text: string, file: string): ParseResult {
  try {
    return parseText(text, file);
  } catch (error) {
    // A bug of ours, not the teacher's: still one problem, never a stack trace.
    const reason = error instanceof Error ? error.message : String(error);
    const problem: Problem = {
      file,
      line: 1,
      col: 1,
      path: '',
      message: `internal error while reading this scenario (${reason})`,
    };
    return { ok: false, problems: [problem] };
  }
}

function parseText(text: string, file: string): ParseResult {
  const read = readYaml(text);
  if (!read.ok) {
    const problems = read.problems.map((p) => ({ file, path: '', ...p }));
    return { ok: false, problems: listProblems(problems) };
  }
  const report = new Report(file, read.locator);
  const top = check(report, topSchema, read.value, []);
  const raw = isRecord(read.value) ? read.value : null;
  if (!top.ok && raw === null) return { ok: false, problems: report.problems() };
  const scenario = readScenario(report, raw ?? {});
  if (report.size > 0 || !scenario) return { ok: false, problems: report.problems() };
  return { ok: true, scenario };
}

function readScenario(report: Report, raw: Record<string, unknown>): Scenario | null {
  const field = <T>(key: string, schema: v.GenericSchema<unknown, T>, required: boolean) =>
    required && raw[key] === undefined
      ? { ok: false as const }
      : check(report, schema, raw[key], [key]);
  const version = field('version', versionSchema, true);
  const title = field('title', titleSchema, true);
  const summary = field('summary', summarySchema, false);
  const seed = field('seed', seedSchema, false);
  const durationMs = field('duration', durationSchema, true);
  const cluster = raw.cluster === undefined ? null : readCluster(report, raw.cluster);
  const kubernetes = readKubernetes(report, raw.kubernetes);
  const mesos = readMesos(report, raw.mesos);
  const apps = readApps(report, raw.apps, cluster);
  const knownApps =
    Array.isArray(raw.apps) || raw.apps === undefined || raw.apps === null
      ? appNames(raw.apps)
      : null;
  const end = durationMs.ok ? durationMs.value : null;
  const load = readLoad(report, raw.load, knownApps, end);
  const events = readEvents(report, raw.events, {
    version: version.ok ? version.value : null,
    durationMs: end,
    controlHosts: cluster ? controlHostNames(cluster.controlPlane) : null,
    workers: cluster ? cluster.workers.map((w) => w.name) : null,
    apps: knownApps,
  });
  if (!version.ok || !title.ok || !summary.ok || !seed.ok || !durationMs.ok || !cluster) {
    return null;
  }
  return {
    version: version.value,
    title: title.value,
    summary: summary.value,
    seed: seed.value,
    durationMs: durationMs.value,
    cluster,
    kubernetes,
    mesos,
    apps,
    load,
    events,
  };
}
