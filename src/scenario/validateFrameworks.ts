// `mesos.frameworks:` — batch frameworks that compete with Marathon for offers under DRF on the
// Mesos side (Kubernetes has no such thing and ignores them).

import * as v from 'valibot';
import { DAY_MS, cpu, dnsLabel, duration, memory, wholeNumber } from './leaves';
import type { Path } from './positions';
import { describe, expectedGot } from './problems';
import type { Parsed, Report } from './schema';
import { check, leaf, mapping } from './schema';
import type { FrameworkSpec } from './types';

export const MAX_FRAMEWORK_TASKS = 100_000;

function weight(raw: unknown): Parsed<number> {
  return typeof raw === 'number' && Number.isFinite(raw) && raw > 0
    ? { ok: true, value: raw }
    : { ok: false, expected: 'a DRF weight above 0, like 1 or 2.5' };
}

const frameworkSchema = mapping(
  'a framework like {name: spark-batch, cpu: 1, memory: 1Gi, tasks: 20, taskDuration: 2m}',
  {
    name: leaf(dnsLabel('a framework name', 'spark-batch')),
    weight: v.nullish(leaf(weight), 1),
    cpu: leaf(cpu(true)),
    memory: leaf(memory),
    tasks: leaf(
      wholeNumber(1, MAX_FRAMEWORK_TASKS, `a whole number from 1 to ${MAX_FRAMEWORK_TASKS}`),
    ),
    taskDuration: leaf(duration(DAY_MS, true)),
  },
);

const FRAMEWORKS_EXPECTED =
  'a list of frameworks, like - {name: spark-batch, cpu: 1, memory: 1Gi, tasks: 20, taskDuration: 2m}';

export function readFrameworks(report: Report, raw: unknown, path: Path): FrameworkSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    report.add(path, expectedGot(FRAMEWORKS_EXPECTED, raw));
    return [];
  }
  const frameworks: FrameworkSpec[] = [];
  const firstIndex = new Map<string, number>();
  raw.forEach((item, i) => {
    const checked = check(report, frameworkSchema, item, [...path, i]);
    if (!checked.ok) return;
    const {
      name,
      weight: w,
      cpu: cpuMilli,
      memory: memoryBytes,
      tasks,
      taskDuration,
    } = checked.value;
    if (name === 'marathon') {
      report.add([...path, i, 'name'], 'the name "marathon" is taken by Marathon itself');
      return;
    }
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, i);
    else {
      const where = `${path.join('.')}[${first}]`;
      report.add([...path, i, 'name'], `the name ${describe(name)} is already used by ${where}`);
      return;
    }
    frameworks.push({
      name,
      weight: w,
      cpuMilli,
      memoryBytes,
      tasks,
      taskDurationMs: taskDuration,
    });
  });
  return frameworks;
}
