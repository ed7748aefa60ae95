// marathon-autoscale (mesosphere/marathon-autoscale marathon_autoscaler.py, autoscaler/modes/
// scalecpu.py), one process per app: a cycle reads each task's /monitor/statistics twice, 1 s
// apart, and sleeps 1 s (2 s per task); CPU is the mean over tasks of Δ(user + system)/Δt × 100,
// percent of one core. Above maxRange bumps the up counter (and zeroes the down one), below
// minRange the reverse, inside the band zeroes both; scaleUpFactor cycles up in a row PUT
// min(ceil(instances × multiplier), maxInstances), coolDownFactor down PUT
// max(floor(instances / multiplier), minInstances). A task without statistics fails the cycle,
// counters untouched. Then it sleeps `interval` (FIDELITY.md §5).

import { createActor, setup } from 'xstate';
import type { AppSpec, FlagValue } from '../../scenario/types';
import { autoscalerDefaults } from './defaults';
import type { Task } from './tasks';
import type { MesosWorld } from './world';

export interface AutoscaleSettings {
  interval: number;
  triggerMode: string;
  minRange: number;
  maxRange: number;
  autoscaleMultiplier: number;
  scaleUpFactor: number;
  coolDownFactor: number;
  minInstances: number;
  maxInstances: number;
}

/** The add-on's settings for one app: our defaults, the scenario's overrides, and derived bands. */
export function autoscaleSettings(
  app: AppSpec,
  overrides: Readonly<Record<string, FlagValue>>,
): AutoscaleSettings {
  const merged: Record<string, FlagValue> = { ...autoscalerDefaults, ...overrides };
  const target = app.autoscale?.targetCPU ?? 80;
  const cores = app.cpuMilli / 1000;
  const num = (key: string, fallback: number) => {
    const v = merged[key];
    return typeof v === 'number' ? v : fallback;
  };
  return {
    interval: num('interval', 10_000),
    triggerMode: typeof merged.triggerMode === 'string' ? merged.triggerMode : 'cpu',
    // Ours, to match the HPA's tolerance: the band is the target ± 10 %, in percent of one core.
    minRange: num('minRange', target * cores * 0.9),
    maxRange: num('maxRange', target * cores * 1.1),
    autoscaleMultiplier: num('autoscaleMultiplier', 1.5),
    scaleUpFactor: num('scaleUpFactor', 3),
    coolDownFactor: num('coolDownFactor', 4),
    minInstances: num('minInstances', app.autoscale?.min ?? 1),
    maxInstances: num('maxInstances', app.autoscale?.max ?? app.replicas),
  };
}

export const marathonAutoscaleMachine = setup({
  types: {} as {
    context: { begin: () => void };
    input: { begin: () => void };
    events: { type: 'cycle.start' } | { type: 'cycle.end' };
  },
  actions: { begin: ({ context }) => context.begin() },
}).createMachine({
  id: 'marathonAutoscale',
  context: ({ input }) => input,
  initial: 'sleeping',
  states: {
    sleeping: { on: { 'cycle.start': 'reading' } },
    reading: { entry: 'begin', on: { 'cycle.end': 'sleeping' } },
  },
});

export class MarathonAutoscale {
  readonly actor;
  private up = 0;
  private down = 0;

  constructor(
    private readonly world: MesosWorld,
    private readonly app: AppSpec,
    readonly settings: AutoscaleSettings,
    /** CPU a task uses now, in millicores. */
    private readonly taskCpu: (task: Task) => number,
  ) {
    this.actor = createActor(marathonAutoscaleMachine, {
      clock: world.ctx.clock,
      input: { begin: () => this.begin() },
    });
    this.actor.start();
    const phase = Math.floor(
      world.rng(`mesos/autoscale/${app.name}`).uniform(0, settings.interval),
    );
    world.ctx.clock.setTimeout(() => this.actor.send({ type: 'cycle.start' }), phase);
  }

  private get clock() {
    return this.world.ctx.clock;
  }

  private begin(): void {
    const marathon = this.world.activeMarathon();
    if (!marathon) {
      this.fail('it cannot reach a leading Marathon');
      return;
    }
    const tasks = this.world.tasks
      .ofApp(this.app.name)
      .filter((t) => t.known && !t.killRequested && !t.inactive && t.host !== null);
    const values: number[] = [];
    const readNext = (i: number) => {
      if (i === tasks.length) {
        this.decide(values, tasks.length);
        return;
      }
      const task = tasks[i]!;
      // The second read comes 1 s after the first; the value is the CPU used between them.
      this.clock.setTimeout(() => {
        const host = task.host!;
        const net = this.world.ctx.network;
        if (task.state !== 'TASK_RUNNING' || !net.isPowered(host) || net.isPartitioned(host)) {
          this.fail(`task ${task.id} has no statistics yet (${task.state})`);
          return;
        }
        values.push(this.taskCpu(task) / 10);
        this.clock.setTimeout(() => readNext(i + 1), 1_000);
      }, 1_000);
    };
    readNext(0);
  }

  private fail(why: string): void {
    this.world.ctx.recorder.emit({
      type: 'autoscale.cycle',
      subject: this.app.name,
      host: null,
      cause: null,
      native: 'cycle failed',
      text: `marathon-autoscale's cycle for ${this.app.name} fails because ${why}; its counters stay as they were.`,
      data: { failed: true, up: this.up, down: this.down },
    });
    this.sleep();
  }

  private decide(values: number[], n: number): void {
    const s = this.settings;
    const value = n > 0 ? values.reduce((a, b) => a + b, 0) / n : 0;
    const direction = value > s.maxRange ? 1 : value < s.minRange ? -1 : 0;
    if (direction === 1) {
      this.up++;
      this.down = 0;
    } else if (direction === -1) {
      this.down++;
      this.up = 0;
    } else {
      this.up = this.down = 0;
    }
    const cycle = this.world.ctx.recorder.emit({
      type: 'autoscale.cycle',
      subject: this.app.name,
      host: null,
      cause: null,
      native:
        direction === 1 ? 'above max_range' : direction === -1 ? 'below min_range' : 'within range',
      text: `marathon-autoscale reads ${this.app.name}'s ${n} tasks: mean CPU ${value.toFixed(1)} % of one core against a band of ${s.minRange.toFixed(1)}–${s.maxRange.toFixed(1)} %; up ${this.up}/${s.scaleUpFactor}, down ${this.down}/${s.coolDownFactor}.`,
      data: { value, direction, up: this.up, down: this.down, tasks: n },
    });
    const def = this.world.apps.get(this.app.name);
    const instances = def?.instances ?? 0;
    let target = instances;
    if (this.up >= s.scaleUpFactor) {
      target = Math.min(Math.ceil(instances * s.autoscaleMultiplier), s.maxInstances);
      this.up = 0;
    } else if (this.down >= s.coolDownFactor) {
      target = Math.max(Math.floor(instances / s.autoscaleMultiplier), s.minInstances);
      this.down = 0;
    }
    if (target !== instances) {
      const marathon = this.world.activeMarathon();
      if (!marathon?.putInstances(this.app.name, target, 'marathon-autoscale', cycle.seq)) {
        this.world.ctx.recorder.emit({
          type: 'autoscale.failed',
          subject: this.app.name,
          host: null,
          cause: cycle.seq,
          native: 'HTTP 503',
          text: `marathon-autoscale cannot PUT ${target} instances of ${this.app.name}: no Marathon leads.`,
        });
      }
    }
    this.sleep();
  }

  private sleep(): void {
    this.actor.send({ type: 'cycle.end' });
    this.clock.setTimeout(() => this.actor.send({ type: 'cycle.start' }), this.settings.interval);
  }
}
