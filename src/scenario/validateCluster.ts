// `cluster:` — the control-plane hosts and the workers, in the count form or the list form.

import * as v from 'valibot';
import { cpu, dnsLabel, memory, workerName } from './leaves';
import { describe, expectedGot } from './problems';
import type { Report } from './schema';
import { check, isRecord, leaf, list, mapping } from './schema';
import type { WorkerSpec } from './types';

export const MAX_WORKERS = 10_000;

export interface Cluster {
  controlPlane: number;
  workers: WorkerSpec[];
}

function controlPlane(raw: unknown) {
  const expected = 'an odd number of control-plane hosts from 1 to 7';
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > 7) {
    return { ok: false, expected } as const;
  }
  if (raw % 2 === 0) {
    const survives = (raw - 2) / 2;
    const message =
      `${expectedGot(expected, raw)}: an even number of control-plane hosts tolerates no more ` +
      `failures than one fewer (${raw - 1} or ${raw} hosts both survive ${survives} ` +
      `${survives === 1 ? 'failure' : 'failures'})`;
    return { ok: false, message } as const;
  }
  return { ok: true, value: raw } as const;
}

const zoneName = leaf(dnsLabel('a zone name', 'a or eu-west-1a'));
const cpuAbove0 = leaf(cpu(true));
const memoryAbove0 = leaf(memory);

const clusterSchema = mapping('a mapping with controlPlane and workers', {
  controlPlane: leaf(controlPlane),
  workers: v.unknown(),
});

const workerCountSchema = mapping(
  'a mapping like {count: 6, cpu: 4, memory: 8Gi}, or a list of workers',
  {
    count: leaf((raw) =>
      typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw <= MAX_WORKERS
        ? { ok: true, value: raw }
        : { ok: false, expected: `a whole number of workers from 0 to ${MAX_WORKERS}` },
    ),
    cpu: cpuAbove0,
    memory: memoryAbove0,
    zones: v.nullish(list('a list of zone names, like [a, b, c]', zoneName), []),
  },
);

const workerSchema = mapping('a worker like {name: node-1, cpu: 4, memory: 8Gi}', {
  name: leaf(workerName),
  cpu: cpuAbove0,
  memory: memoryAbove0,
  zone: v.nullish(zoneName, null),
});

export function readCluster(report: Report, raw: unknown): Cluster | null {
  const checked = check(report, clusterSchema, raw, ['cluster']);
  const rawWorkers = isRecord(raw) ? raw.workers : undefined;
  if (rawWorkers === undefined) return null;
  const workers = Array.isArray(rawWorkers)
    ? readWorkerList(report, rawWorkers)
    : readWorkerCount(report, rawWorkers);
  if (!checked.ok || workers === null) return null;
  return { controlPlane: checked.value.controlPlane, workers };
}

function readWorkerCount(report: Report, raw: unknown): WorkerSpec[] | null {
  const path = ['cluster', 'workers'];
  const checked = check(report, workerCountSchema, raw, path);
  if (!checked.ok) return null;
  const { count, cpu: cpuMilli, memory: memoryBytes, zones } = checked.value;
  const seen = new Set<string>();
  let ok = true;
  zones.forEach((zone, i) => {
    if (seen.has(zone)) {
      report.add([...path, 'zones', i], `the zone ${describe(zone)} is listed twice`);
      ok = false;
    }
    seen.add(zone);
  });
  if (!ok) return null;
  return Array.from({ length: count }, (_, i) => ({
    name: `node-${i + 1}`,
    cpuMilli,
    memoryBytes,
    zone: zones.length > 0 ? (zones[i % zones.length] ?? null) : null,
  }));
}

function readWorkerList(report: Report, raw: unknown[]): WorkerSpec[] | null {
  const path = ['cluster', 'workers'];
  if (raw.length === 0 || raw.length > MAX_WORKERS) {
    const expected = `a list of 1 to ${MAX_WORKERS} workers (or count: 0 for none)`;
    const found = raw.length === 0 ? 'an empty list' : `${raw.length} workers`;
    report.add(path, `expected ${expected}, got ${found}`);
    return null;
  }
  const workers: WorkerSpec[] = [];
  const firstIndex = new Map<string, number>();
  let ok = true;
  raw.forEach((item, i) => {
    const checked = check(report, workerSchema, item, [...path, i]);
    if (!checked.ok) {
      ok = false;
      return;
    }
    const { name, cpu: cpuMilli, memory: memoryBytes, zone } = checked.value;
    const first = firstIndex.get(name);
    if (first !== undefined) {
      report.add(
        [...path, i, 'name'],
        `the name ${describe(name)} is already used by cluster.workers[${first}]`,
      );
      ok = false;
    } else {
      firstIndex.set(name, i);
    }
    workers.push({ name, cpuMilli, memoryBytes, zone });
  });
  return ok ? workers : null;
}
