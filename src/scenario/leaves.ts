// Parsers for single values of a scenario file, each saying what it expected.

import type { Parsed } from './schema';
import { describe } from './problems';
import { formatDuration, parseCpu, parseDuration, parseMemory } from './units';

export const DAY_MS = 24 * 60 * 60 * 1000;

export function wholeNumber(min: number, max: number, expected: string) {
  return (raw: unknown): Parsed<number> =>
    typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max
      ? { ok: true, value: raw }
      : { ok: false, expected };
}

export function text(maxLength: number, expected: string) {
  return (raw: unknown): Parsed<string> =>
    typeof raw === 'string' && raw.trim() !== '' && raw.length <= maxLength
      ? { ok: true, value: raw }
      : { ok: false, expected };
}

export function anyText(expected: string) {
  return (raw: unknown): Parsed<string> =>
    typeof raw === 'string' ? { ok: true, value: raw } : { ok: false, expected };
}

export function boolean(raw: unknown): Parsed<boolean> {
  return typeof raw === 'boolean'
    ? { ok: true, value: raw }
    : { ok: false, expected: 'true or false' };
}

export function oneOf<const T extends string>(kind: string, allowed: readonly T[]) {
  return (raw: unknown): Parsed<T> =>
    allowed.includes(raw as T)
      ? { ok: true, value: raw as T }
      : { ok: false, expected: `${kind}: one of ${allowed.join(', ')}` };
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Kubernetes names hosts and apps with DNS labels (RFC 1123): `node-1`, `web`. */
export function dnsLabel(what: string, example: string) {
  return (raw: unknown): Parsed<string> =>
    typeof raw === 'string' && DNS_LABEL.test(raw)
      ? { ok: true, value: raw }
      : {
          ok: false,
          expected: `${what} of lower-case letters, digits and "-" (like ${example})`,
        };
}

const CONTROL_HOST = /^control-\d+$/;

/** A worker's name: a DNS label that is not a control-plane host's name nor `leader`. */
export function workerName(raw: unknown): Parsed<string> {
  const label = dnsLabel('a worker name', 'node-1')(raw);
  if (!label.ok) return label;
  if (CONTROL_HOST.test(label.value)) {
    return { ok: false, message: `the name ${describe(raw)} is reserved for control-plane hosts` };
  }
  if (label.value === 'leader') {
    return {
      ok: false,
      message: 'the name "leader" is reserved: in events it means the current leader',
    };
  }
  return label;
}

/** A duration from 0 up to `maxMs` (inclusive); above 0 when `positive`. */
export function duration(maxMs: number, positive = false) {
  return (raw: unknown): Parsed<number> => {
    const parsed = parseDuration(raw);
    if (!parsed.ok) return parsed;
    if (parsed.value > maxMs || (positive && parsed.value === 0)) {
      const low = positive ? 'above 0' : 'from 0';
      return { ok: false, expected: `a duration ${low} and at most ${formatDuration(maxMs)}` };
    }
    return parsed;
  };
}

export function cpu(positive: boolean) {
  return (raw: unknown): Parsed<number> => {
    const parsed = parseCpu(raw);
    if (parsed.ok && positive && parsed.value === 0) {
      return { ok: false, expected: 'cores above 0, like 0.5 or 500m' };
    }
    return parsed;
  };
}

export function memory(raw: unknown): Parsed<number> {
  const parsed = parseMemory(raw);
  if (parsed.ok && parsed.value === 0) {
    return { ok: false, expected: 'memory above 0, like 256Mi or 8Gi' };
  }
  return parsed;
}
