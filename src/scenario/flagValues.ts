// Override values under `kubernetes:`, `mesos:` and `mesos.autoscaler`, read and printed per
// FlagKind (flags.ts).

import * as v from 'valibot';
import type { FlagKind } from './flags';
import { autoscalerFlagKinds, kubernetesFlagKinds, mesosFlagKinds } from './flags';
import type { Path } from './positions';
import { expectedGot } from './problems';
import type { Parsed, Report } from './schema';
import { check, isRecord, leaf, mapping } from './schema';
import type { FlagValue, Scenario } from './types';
import { formatDuration, parseDuration } from './units';
import { readFrameworks } from './validateFrameworks';

function numberWhere(test: (n: number) => boolean, expected: string, raw: unknown): Parsed<number> {
  return typeof raw === 'number' && Number.isFinite(raw) && test(raw)
    ? { ok: true, value: raw }
    : { ok: false, expected };
}

/** A percentage as a number (`25`) or as text (`25%`). */
function percent(raw: unknown, max: number, expected: string): Parsed<number> {
  const match = typeof raw === 'string' ? /^(\d+(?:\.\d+)?)%$/.exec(raw.trim()) : null;
  const value = match ? Number(match[1]) : raw;
  return numberWhere((n) => n >= 0 && n <= max, expected, value);
}

const MAX_RATE_COUNT = 1_000_000;

/** Mesos `--agent_removal_rate_limit`: `1/20mins` removes one agent per 20 minutes. */
function rateLimit(raw: unknown): Parsed<number | null> {
  const expected = 'a rate like 1/20mins (agents per interval), or none';
  if (raw === 'none') return { ok: true, value: null };
  const match = typeof raw === 'string' ? /^(\d+)\s*\/\s*(\S+)$/.exec(raw.trim()) : null;
  const count = Number(match?.[1]);
  const interval = parseDuration(match?.[2]);
  if (!match || count < 1 || count > MAX_RATE_COUNT || !interval.ok || interval.value === 0) {
    return { ok: false, expected };
  }
  return { ok: true, value: interval.value / count };
}

function orKeyword<T>(word: string, raw: unknown, parsed: Parsed<T>, expected: string) {
  if (raw === word) return { ok: true, value: null } as const;
  return parsed.ok ? parsed : { ok: false as const, expected };
}

export function parseFlagValue(kind: FlagKind, raw: unknown): Parsed<FlagValue> {
  if (typeof kind === 'object') {
    return typeof raw === 'string' && kind.oneOf.includes(raw)
      ? { ok: true, value: raw }
      : { ok: false, expected: `one of ${kind.oneOf.join(', ')}` };
  }
  switch (kind) {
    case 'duration':
      return parseDuration(raw);
    case 'optionalDuration':
      return orKeyword('none', raw, parseDuration(raw), 'a duration like 15s, or none');
    case 'count':
      return numberWhere(
        (n) => Number.isSafeInteger(n) && n >= 0,
        'a whole number, 0 or more',
        raw,
      );
    case 'optionalCount': {
      const expected = 'a whole number of at least 1, or auto';
      const count = numberWhere((n) => Number.isSafeInteger(n) && n >= 1, expected, raw);
      return orKeyword('auto', raw, count, expected);
    }
    case 'rate':
      return numberWhere((n) => n >= 0, 'a number of events per second, 0 or more', raw);
    case 'ratio':
      return numberWhere((n) => n >= 0 && n <= 1, 'a fraction from 0 to 1', raw);
    case 'factor':
      return numberWhere((n) => n > 0, 'a number above 0', raw);
    case 'percent':
      return percent(raw, 100, 'a percentage from 0 to 100');
    case 'optionalPercent': {
      const expected = 'a percentage of 0 or more, or auto';
      return orKeyword('auto', raw, percent(raw, Infinity, expected), expected);
    }
    case 'intOrPercent': {
      if (typeof raw === 'string' && /^\d+%$/.test(raw)) return { ok: true, value: raw };
      const expected = 'a whole number or a percentage like 25%';
      return numberWhere((n) => Number.isSafeInteger(n) && n >= 0, expected, raw);
    }
    case 'boolean':
      return typeof raw === 'boolean'
        ? { ok: true, value: raw }
        : { ok: false, expected: 'true or false' };
    case 'rateLimit':
      return rateLimit(raw);
  }
}

/** The value as a scenario file writes it, so that parseFlagValue gives it back. */
export function formatFlagValue(kind: FlagKind, value: FlagValue): FlagValue {
  if (typeof value !== 'number') {
    if (value !== null) return value;
    if (kind === 'optionalCount' || kind === 'optionalPercent') return 'auto';
    return 'none';
  }
  if (kind === 'duration' || kind === 'optionalDuration') return formatDuration(value);
  if (kind === 'rateLimit') {
    for (let count = 1; count <= MAX_RATE_COUNT; count++) {
      const interval: number = value * count;
      if (Number.isSafeInteger(interval) && interval / count === value) {
        return `${count}/${formatDuration(interval)}`;
      }
    }
  }
  return value;
}

function overridesSchema(kinds: Record<string, FlagKind>, extra: v.ObjectEntries = {}) {
  const entries: v.ObjectEntries = { ...extra };
  for (const [key, kind] of Object.entries(kinds)) {
    entries[key] = v.optional(leaf((raw) => parseFlagValue(kind, raw)));
  }
  return entries;
}

const kubernetesSchema = mapping(
  'a mapping of Kubernetes settings, like nodeMonitorGracePeriod: 40s',
  overridesSchema(kubernetesFlagKinds),
);
const mesosSchema = mapping(
  'a mapping of Mesos and Marathon settings, like agentPingTimeout: 15s',
  overridesSchema(mesosFlagKinds, {
    autoscaler: v.optional(v.unknown()),
    frameworks: v.optional(v.unknown()),
  }),
);
const autoscalerSchema = mapping(
  'true, false or a mapping of marathon-autoscale settings, like interval: 10s',
  overridesSchema(autoscalerFlagKinds),
);

/** Only the keys given; unknown keys and bad values are reported. */
function pick(value: Record<string, unknown>, kinds: object): Record<string, FlagValue> {
  const picked: Record<string, FlagValue> = {};
  for (const key of Object.keys(kinds)) {
    if (Object.hasOwn(value, key)) picked[key] = value[key] as FlagValue;
  }
  return picked;
}

export function readKubernetes(report: Report, raw: unknown): Scenario['kubernetes'] {
  if (raw === undefined || raw === null) return {};
  const checked = check(report, kubernetesSchema, raw, ['kubernetes']);
  return checked.ok ? pick(checked.value, kubernetesFlagKinds) : {};
}

export function readMesos(report: Report, raw: unknown): Scenario['mesos'] {
  if (raw === undefined || raw === null) return { flags: {}, autoscaler: null, frameworks: [] };
  const checked = check(report, mesosSchema, raw, ['mesos']);
  const flags = checked.ok ? pick(checked.value, mesosFlagKinds) : {};
  const autoscalerRaw = isRecord(raw) ? raw.autoscaler : undefined;
  return {
    flags,
    autoscaler: readAutoscaler(report, autoscalerRaw, ['mesos', 'autoscaler']),
    frameworks: readFrameworks(report, isRecord(raw) ? raw.frameworks : undefined, [
      'mesos',
      'frameworks',
    ]),
  };
}

function readAutoscaler(
  report: Report,
  raw: unknown,
  path: Path,
): Record<string, FlagValue> | null {
  if (raw === undefined || raw === null || raw === false) return null;
  if (raw === true) return {};
  if (!isRecord(raw)) {
    report.add(path, expectedGot('true, false or a mapping of marathon-autoscale settings', raw));
    return null;
  }
  const checked = check(report, autoscalerSchema, raw, path);
  return checked.ok ? pick(checked.value, autoscalerFlagKinds) : null;
}
