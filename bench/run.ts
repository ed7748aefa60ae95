// `npm run bench` (contract 4): measures, never asserts. A readable table by default; with
// --json one `{ name, value, unit, ... }` object per line. --quick runs tiny sizes (the tests use
// it so the bench never rots).

import { VirtualClock } from '../src/engine/clock';
import type { Side } from '../src/run/types';
import { simulate } from '../src/simulate';
import { benchScenario } from './clusters';

interface Row {
  name: string;
  value: number;
  unit: string;
  [context: string]: unknown;
}

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const rows: Row[] = [];

function now(): number {
  return performance.now();
}

function heapMb(): number {
  return Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
}

/** The engine alone: push and pop timers, each callback setting the next (events/s). */
function baseline(): number {
  const clock = new VirtualClock();
  const n = quick ? 20_000 : 2_000_000;
  const chains = 1000;
  let left = n;
  for (let i = 0; i < chains; i++) {
    const tick = () => {
      if (--left > 0) clock.setTimeout(tick, 1 + (left % 97));
    };
    clock.setTimeout(tick, i);
  }
  const start = now();
  clock.runUntil(Infinity);
  const seconds = (now() - start) / 1000;
  return clock.fired / seconds;
}

function simulationSpeed(
  name: string,
  side: Side,
  workers: number,
  replicas: number,
  base: number,
) {
  const durationMs = quick ? 60_000 : 3_600_000;
  const scenario = benchScenario(workers, replicas, durationMs);
  global.gc?.();
  const before = heapMb();
  const start = now();
  const stats = { timersFired: 0 };
  simulate(scenario, side, { messages: false, keyframeEveryMs: 0, stats });
  const wall = (now() - start) / 1000;
  const speed = durationMs / 1000 / wall;
  const context = { side, workers, replicas, simulatedSeconds: durationMs / 1000 };
  rows.push({ name: `${name} speed`, value: Math.round(speed), unit: 'sim-s/s', ...context });
  rows.push({
    name: `${name} engine timers per sim-second`,
    value: Math.round(stats.timersFired / (durationMs / 1000)),
    unit: 'timers/sim-s',
    ...context,
  });
  rows.push({ name: `${name} heap growth`, value: heapMb() - before, unit: 'MB', ...context });
  rows.push({
    // How close the model runs to the bare engine: its timer rate over the baseline's.
    name: `${name} timer rate / baseline`,
    value: Number((stats.timersFired / wall / base).toFixed(3)),
    unit: 'ratio',
    ...context,
  });
}

const base = baseline();
rows.push({ name: 'engine baseline (clock push+pop)', value: Math.round(base), unit: 'events/s' });
const scale = quick ? 0.01 : 1;
simulationSpeed(
  'kubernetes 1k nodes / 30k pods',
  'kubernetes',
  Math.ceil(1000 * scale),
  Math.ceil(30_000 * scale),
  base,
);
simulationSpeed(
  'kubernetes 5k nodes / 150k pods',
  'kubernetes',
  Math.ceil(5000 * scale),
  Math.ceil(150_000 * scale),
  base,
);
simulationSpeed(
  'mesos 10k agents / 150k tasks',
  'mesos',
  Math.ceil(10_000 * scale),
  Math.ceil(150_000 * scale),
  base,
);

// Re-simulation after an edit at the playhead: a 30-minute, 20-node teaching scenario, both sides.
// In the page an edit re-simulates in a worker that has already simulated the scenario once
// (when it loaded), so the code is warm: two untimed runs first, as there.
{
  const scenario = benchScenario(20, 120, 1_800_000);
  const times: number[] = [];
  for (let i = 0; i < 2; i++) {
    simulate(scenario, 'kubernetes');
    simulate(scenario, 'mesos');
  }
  for (let i = 0; i < (quick ? 2 : 9); i++) {
    const start = now();
    simulate(scenario, 'kubernetes');
    simulate(scenario, 'mesos');
    times.push(now() - start);
  }
  times.sort((a, b) => a - b);
  rows.push({
    name: 're-simulate after an edit (30 min, 20 nodes, both sides), median',
    value: Math.round(times[times.length >> 1]!),
    unit: 'ms',
  });
}

if (!args.has('--no-render')) {
  const { renderBench } = await import('./render');
  rows.push(...(await renderBench(quick)));
}

if (args.has('--json')) {
  for (const row of rows) console.log(JSON.stringify(row));
} else {
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'measure'.padEnd(width)}  ${'value'.padStart(12)}  unit`);
  for (const r of rows)
    console.log(`${r.name.padEnd(width)}  ${String(r.value).padStart(12)}  ${r.unit}`);
  console.log(
    `\nnode ${process.version}, ${quick ? 'quick sizes (1 %)' : 'full sizes'}; numbers vary with machine load.`,
  );
}
