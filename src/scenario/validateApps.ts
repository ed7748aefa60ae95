// `apps:` and `load:` — what runs on the cluster, and the CPU it is asked for over time.

import * as v from 'valibot';
import { cpu, dnsLabel, duration, memory, wholeNumber } from './leaves';
import { describe, expectedGot } from './problems';
import type { Report } from './schema';
import { check, isRecord, leaf, list, mapping } from './schema';
import { unknownName } from './suggest';
import type { AppSpec, LoadPoint } from './types';
import { formatCpu, formatDuration, formatMemory } from './units';
import type { Cluster } from './validateCluster';

export const MAX_REPLICAS = 200_000;

const autoscaleSchema = mapping('a mapping like {min: 2, max: 12, targetCPU: 60}', {
  // The HPA's minReplicas is at least 1 (scale to zero is an alpha feature gate).
  min: v.nullish(leaf(wholeNumber(1, MAX_REPLICAS, `a whole number from 1 to ${MAX_REPLICAS}`)), 1),
  max: leaf(wholeNumber(1, MAX_REPLICAS, `a whole number from 1 to ${MAX_REPLICAS}`)),
  // autoscaling/v2 defaults: no metrics means a CPU utilization target of 80 %.
  targetCPU: v.nullish(
    leaf(wholeNumber(1, 1000, 'a whole percentage of the CPU request from 1 to 1000')),
    80,
  ),
});

const appSchema = mapping('an app like {name: web, replicas: 4, cpu: 500m, memory: 256Mi}', {
  name: leaf(dnsLabel('an app name', 'web')),
  replicas: leaf(wholeNumber(0, MAX_REPLICAS, `a whole number from 0 to ${MAX_REPLICAS}`)),
  cpu: leaf(cpu(true)),
  memory: leaf(memory),
  autoscale: v.nullish(autoscaleSchema, null),
});

const APPS_EXPECTED = 'a list of apps, like - {name: web, replicas: 4, cpu: 500m, memory: 256Mi}';

/** The names the file gives its apps, valid or not, so one bad app does not hide others. */
export function appNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) =>
    isRecord(item) && typeof item.name === 'string' ? [item.name] : [],
  );
}

export function readApps(report: Report, raw: unknown, cluster: Cluster | null): AppSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    report.add(['apps'], expectedGot(APPS_EXPECTED, raw));
    return [];
  }
  const apps: AppSpec[] = [];
  const firstIndex = new Map<string, number>();
  let total = 0;
  const room = cluster && cluster.workers.length > 0 ? capacity(cluster) : null;
  raw.forEach((item, i) => {
    const checked = check(report, appSchema, item, ['apps', i]);
    if (!checked.ok) return;
    const { name, replicas, cpu: cpuMilli, memory: memoryBytes, autoscale } = checked.value;
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, i);
    else
      report.add(
        ['apps', i, 'name'],
        `the name ${describe(name)} is already used by apps[${first}]`,
      );
    if (autoscale && autoscale.min > autoscale.max) {
      const message = `autoscale.min ${autoscale.min} is above autoscale.max ${autoscale.max}`;
      report.add(['apps', i, 'autoscale', 'min'], message);
    }
    total += replicas;
    const app = { name, replicas, cpuMilli, memoryBytes, autoscale };
    if (room) checkFits(report, app, i, room);
    apps.push(app);
  });
  if (total > MAX_REPLICAS) {
    report.add(
      ['apps'],
      `the apps ask for ${total} replicas in all; at most ${MAX_REPLICAS} are allowed`,
    );
  }
  if (cluster && cluster.workers.length === 0) {
    const needy = apps
      .filter((app) => app.replicas > 0 || app.autoscale !== null)
      .map((a) => a.name);
    if (needy.length > 0) {
      const message = `there are no workers to run the replicas of ${needy.join(', ')}; add workers, or set replicas: 0 (without autoscale)`;
      report.add(['cluster', 'workers'], message);
    }
  }
  return apps;
}

interface Capacity {
  maxCpu: number;
  maxMemory: number;
  /** The workers no other worker beats on both CPU and memory. */
  frontier: { cpuMilli: number; memoryBytes: number }[];
}

function capacity(cluster: Cluster): Capacity {
  const bySize = [...cluster.workers].sort(
    (a, b) => b.cpuMilli - a.cpuMilli || b.memoryBytes - a.memoryBytes,
  );
  const frontier: Capacity['frontier'] = [];
  for (const worker of bySize) {
    const last = frontier[frontier.length - 1];
    if (!last || worker.memoryBytes > last.memoryBytes) frontier.push(worker);
  }
  const maxMemory = frontier[frontier.length - 1]?.memoryBytes ?? 0;
  return { maxCpu: frontier[0]?.cpuMilli ?? 0, maxMemory, frontier };
}

/** An app none of whose replicas could ever be placed makes an impossible scenario. */
function checkFits(report: Report, app: AppSpec, i: number, room: Capacity): void {
  const { maxCpu, maxMemory } = room;
  if (app.cpuMilli > maxCpu) {
    const message = `one replica requests ${formatCpu(app.cpuMilli)} CPU, more than any worker has (the largest has ${formatCpu(maxCpu)})`;
    report.add(['apps', i, 'cpu'], message);
  }
  if (app.memoryBytes > maxMemory) {
    const message = `one replica requests ${formatMemory(app.memoryBytes)} of memory, more than any worker has (the largest has ${formatMemory(maxMemory)})`;
    report.add(['apps', i, 'memory'], message);
  }
  if (app.cpuMilli <= maxCpu && app.memoryBytes <= maxMemory) {
    const fits = room.frontier.some(
      (w) => w.cpuMilli >= app.cpuMilli && w.memoryBytes >= app.memoryBytes,
    );
    if (!fits) {
      const message = `no worker has both ${formatCpu(app.cpuMilli)} CPU and ${formatMemory(app.memoryBytes)} of memory for one replica`;
      report.add(['apps', i], message);
    }
  }
}

const pointSchema = mapping('a point like {at: 2m, cpu: 1.5}', {
  at: leaf(duration(Number.MAX_SAFE_INTEGER)),
  cpu: leaf(cpu(false)),
});
const pointsSchema = list('a list of points, like - {at: 2m, cpu: 1.5}', pointSchema);

/** `names` null: the apps are unknown (apps: was unreadable), so names are not checked. */
export function readLoad(
  report: Report,
  raw: unknown,
  names: readonly string[] | null,
  durationMs: number | null,
): Record<string, LoadPoint[]> {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) {
    report.add(['load'], expectedGot('a mapping from app names to lists of points', raw));
    return {};
  }
  const load: Record<string, LoadPoint[]> = {};
  const known = names ? new Set(names) : null;
  for (const [name, rawPoints] of Object.entries(raw)) {
    if (names && known && !known.has(name))
      report.add(['load', name], () => unknownName('app', name, names), 'key');
    const checked = check(report, pointsSchema, rawPoints, ['load', name]);
    if (!checked.ok) continue;
    const points = checked.value.map((p) => ({ atMs: p.at, cpuMilli: p.cpu }));
    points.forEach((point, i) => {
      const before = points[i - 1];
      if (durationMs !== null && point.atMs > durationMs) {
        const message = `${formatDuration(point.atMs)} is after the end of the scenario (${formatDuration(durationMs)})`;
        report.add(['load', name, i, 'at'], message);
      } else if (before && point.atMs < before.atMs) {
        const message = `${formatDuration(point.atMs)} comes before the point above it (${formatDuration(before.atMs)}); list the points in time order`;
        report.add(['load', name, i, 'at'], message);
      }
    });
    load[name] = points;
  }
  return load;
}
