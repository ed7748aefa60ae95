// fast-check arbitraries for valid Scenarios: every rule of contract 1 is kept, so that any one
// of them printed and parsed again must come back unchanged.

import fc from 'fast-check';
import type { FlagKind } from '../../src/scenario/flags';
import { autoscalerFlagKinds, kubernetesFlagKinds, mesosFlagKinds } from '../../src/scenario/flags';
import type {
  AppSpec,
  FlagValue,
  FrameworkSpec,
  LoadPoint,
  Scenario,
  ScenarioEvent,
  WorkerSpec,
} from '../../src/scenario/types';
import {
  CONTROL_COMPONENTS,
  WORKER_COMPONENTS,
  controlHostNames,
  versionFor,
} from '../../src/scenario/types';
import { ALL_MESSAGE_KINDS, MESSAGE_PROCESSES } from '../../src/scenario/messageKinds';

const DAY_MS = 86_400_000;

/** Text that YAML must quote or escape: indicators, quotes, newlines, tabs, look-alike numbers. */
const awkward = fc.string({
  unit: fc.constantFrom(...'ab Z09:#-"\'\n\t{}[]&*!|>%@`,?.~\\'.split(''), '\u00e9', '\u{1f600}'),
  maxLength: 30,
});
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), awkward);
const someText = (max: number) => anyText.filter((s) => s.trim() !== '' && s.length <= max);

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/);
const workerName = label.filter((n) => !/^control-\d+$/.test(n) && n !== 'leader');

const worker: fc.Arbitrary<Omit<WorkerSpec, 'name'>> = fc.record({
  cpuMilli: fc.integer({ min: 1, max: 256_000 }),
  memoryBytes: fc.integer({ min: 1, max: 2 ** 42 }),
  zone: fc.option(label, { nil: null }),
});

const workers: fc.Arbitrary<WorkerSpec[]> = fc
  .uniqueArray(workerName, { maxLength: 6 })
  .chain((names) => fc.tuple(...names.map((name) => worker.map((w) => ({ name, ...w })))));

function apps(hosts: WorkerSpec[]): fc.Arbitrary<AppSpec[]> {
  return fc.uniqueArray(label, { maxLength: 4 }).chain((names) =>
    fc.tuple(
      ...names.map((name) => {
        if (hosts.length === 0) {
          // No workers: an app may exist, but must not need a replica.
          return fc.record({
            name: fc.constant(name),
            replicas: fc.constant(0),
            cpuMilli: fc.integer({ min: 1, max: 8_000 }),
            memoryBytes: fc.integer({ min: 1, max: 2 ** 34 }),
            autoscale: fc.constant(null),
          });
        }
        // Each app fits on some worker: no larger than one chosen worker.
        return fc.constantFrom(...hosts).chain((host) =>
          fc.record({
            name: fc.constant(name),
            replicas: fc.integer({ min: 0, max: 1_000 }),
            cpuMilli: fc.integer({ min: 1, max: host.cpuMilli }),
            memoryBytes: fc.integer({ min: 1, max: host.memoryBytes }),
            autoscale: fc.option(
              fc
                .record({
                  min: fc.integer({ min: 1, max: 50 }),
                  extra: fc.integer({ min: 0, max: 50 }),
                  targetCPU: fc.integer({ min: 1, max: 1_000 }),
                })
                .map(({ min, extra, targetCPU }) => ({ min, max: min + extra, targetCPU })),
              { nil: null },
            ),
          }),
        );
      }),
    ),
  );
}

/** Batch frameworks beside Marathon: DNS-label names other than "marathon", unique. */
const frameworks: fc.Arbitrary<FrameworkSpec[]> = fc
  .uniqueArray(
    label.filter((n) => n !== 'marathon'),
    { maxLength: 3 },
  )
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc.record({
          name: fc.constant(name),
          weight: fc.oneof(
            fc.constant(1),
            fc.double({ min: 0.001, max: 1_000, noNaN: true, noDefaultInfinity: true }),
          ),
          cpuMilli: fc.integer({ min: 1, max: 64_000 }),
          memoryBytes: fc.integer({ min: 1, max: 2 ** 40 }),
          tasks: fc.integer({ min: 1, max: 100_000 }),
          taskDurationMs: fc.integer({ min: 1, max: DAY_MS }),
        }),
      ),
    ),
  );

function load(appNames: string[], durationMs: number): fc.Arbitrary<Record<string, LoadPoint[]>> {
  const point = fc.record({
    atMs: fc.integer({ min: 0, max: durationMs }),
    cpuMilli: fc.integer({ min: 0, max: 100_000 }),
  });
  const points = fc
    .array(point, { maxLength: 5 })
    .map((list) => [...list].sort((a, b) => a.atMs - b.atMs));
  return fc
    .subarray(appNames)
    .chain((names) => fc.tuple(...names.map((name) => points.map((p) => [name, p] as const))))
    .map((entries) => Object.fromEntries(entries));
}

/** A host, or `host/process`. */
function address(hosts: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...hosts),
      fc.option(fc.constantFrom(...MESSAGE_PROCESSES), { nil: null }),
    )
    .map(([host, process]) => (process === null ? host : `${host}/${process}`));
}

function events(
  controlPlane: number,
  hosts: WorkerSpec[],
  appNames: string[],
  durationMs: number,
): fc.Arbitrary<ScenarioEvent[]> {
  const control = controlHostNames(controlPlane);
  const workerNames = hosts.map((h) => h.name);
  const all = [...control, ...workerNames];
  const base = fc.record({
    atMs: fc.integer({ min: 0, max: durationMs }),
    say: fc.option(someText(500), { nil: null }),
    pause: fc.boolean(),
  });
  const kinds: fc.Arbitrary<ScenarioEvent>[] = [
    // A narration mark must say something.
    fc.tuple(base, someText(500)).map(([b, say]) => ({ ...b, say, do: null })),
    fc
      .tuple(
        base,
        fc.constantFrom<'fail-node' | 'partition-node'>('fail-node', 'partition-node'),
        fc.constantFrom(...all, 'leader'),
      )
      .map(([b, act, target]) => ({ ...b, do: act, target })),
    fc
      .tuple(
        base,
        fc.constantFrom<'recover-node' | 'heal-node'>('recover-node', 'heal-node'),
        fc.constantFrom(...all),
      )
      .map(([b, act, target]) => ({ ...b, do: act, target })),
    fc
      .tuple(base, fc.constantFrom<'stop' | 'start'>('stop', 'start'), fc.constantFrom(...all))
      .chain(([b, act, target]) => {
        const runs = control.includes(target) ? CONTROL_COMPONENTS : WORKER_COMPONENTS;
        return fc.constantFrom(...runs).map((component) => ({ ...b, do: act, target, component }));
      }),
    // Version 2: drop and delay messages.
    fc
      .tuple(
        base,
        address(all),
        fc.option(address(all), { nil: null }),
        fc.option(fc.constantFrom(...ALL_MESSAGE_KINDS), { nil: null }),
        fc.option(fc.integer({ min: 1, max: DAY_MS }), { nil: null }),
        fc.option(fc.integer({ min: 1, max: 600_000 }), { nil: null }),
      )
      .map(([b, from, to, message, windowMs, delayMs]): ScenarioEvent => {
        const match = { ...b, from, to, message, windowMs };
        return delayMs === null
          ? { ...match, do: 'drop-message' }
          : { ...match, do: 'delay-message', delayMs };
      }),
  ];
  if (appNames.length > 0) {
    kinds.push(
      fc
        .tuple(base, fc.constantFrom(...appNames), fc.integer({ min: 0, max: 200_000 }))
        .map(([b, target, replicas]) => ({ ...b, do: 'scale', target, replicas })),
      fc
        .tuple(base, fc.constantFrom(...appNames), fc.integer({ min: 0, max: 100_000 }))
        .map(([b, target, cpuMilli]) => ({ ...b, do: 'set-load', target, cpuMilli })),
    );
  }
  if (workerNames.length > 0) {
    kinds.push(
      fc
        .tuple(
          base,
          fc.constantFrom<'cordon' | 'uncordon' | 'drain'>('cordon', 'uncordon', 'drain'),
          fc.constantFrom(...workerNames),
        )
        .map(([b, act, target]) => ({ ...b, do: act, target })),
    );
  }
  // Sorted by time; Array.prototype.sort is stable, as the parser's is.
  return fc
    .array(fc.oneof(...kinds), { maxLength: 8 })
    .map((list) => [...list].sort((a, b) => a.atMs - b.atMs));
}

function flagValue(kind: FlagKind): fc.Arbitrary<FlagValue> {
  if (typeof kind === 'object') return fc.constantFrom(...kind.oneOf);
  const double = (min: number, max: number) => fc.double({ min, max, noNaN: true });
  switch (kind) {
    case 'duration':
      return fc.integer({ min: 0, max: 10 * DAY_MS });
    case 'optionalDuration':
      return fc.option(fc.integer({ min: 0, max: 10 * DAY_MS }), { nil: null });
    case 'count':
      return fc.nat();
    case 'optionalCount':
      return fc.option(fc.integer({ min: 1, max: 1_000 }), { nil: null });
    case 'rate':
      return double(0, 1e6);
    case 'ratio':
      return double(0, 1);
    case 'factor':
      return double(Number.MIN_VALUE, 1e6);
    case 'percent':
      return double(0, 100);
    case 'optionalPercent':
      return fc.option(double(0, 1e6), { nil: null });
    case 'intOrPercent':
      return fc.oneof(
        fc.nat(),
        fc.nat({ max: 100 }).map((n) => `${n}%`),
      );
    case 'boolean':
      return fc.boolean();
    case 'rateLimit':
      return fc.option(
        fc
          .tuple(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: DAY_MS }))
          .map(([count, intervalMs]) => intervalMs / count),
        { nil: null },
      );
  }
}

function overrides(kinds: Record<string, FlagKind>): fc.Arbitrary<Record<string, FlagValue>> {
  return fc
    .subarray(Object.keys(kinds), { maxLength: 6 })
    .chain((keys) =>
      fc.tuple(
        ...keys.map((key) => flagValue(kinds[key] ?? 'boolean').map((v) => [key, v] as const)),
      ),
    )
    .map((entries) => Object.fromEntries(entries));
}

export const validScenario: fc.Arbitrary<Scenario> = fc
  .record({
    title: someText(200),
    summary: fc.option(anyText, { nil: null }),
    seed: fc.integer({ min: 0, max: 4_294_967_295 }),
    durationMs: fc.integer({ min: 1, max: DAY_MS }),
    controlPlane: fc.constantFrom(1, 3, 5, 7),
    workers,
    kubernetes: overrides(kubernetesFlagKinds),
    mesosFlags: overrides(mesosFlagKinds),
    autoscaler: fc.option(overrides(autoscalerFlagKinds), { nil: null }),
    frameworks,
  })
  .chain((s) =>
    apps(s.workers).chain((appList) => {
      const names = appList.map((a) => a.name);
      return fc
        .tuple(load(names, s.durationMs), events(s.controlPlane, s.workers, names, s.durationMs))
        .map(([loadByApp, eventList]): Scenario => ({
          version: versionFor(eventList),
          title: s.title,
          summary: s.summary,
          seed: s.seed,
          durationMs: s.durationMs,
          cluster: { controlPlane: s.controlPlane, workers: s.workers },
          kubernetes: s.kubernetes,
          mesos: { flags: s.mesosFlags, autoscaler: s.autoscaler, frameworks: s.frameworks },
          apps: appList,
          load: loadByApp,
          events: eventList,
        }));
    }),
  );
