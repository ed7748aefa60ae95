// A mesos-agent on one worker (src/slave/slave.cpp): it answers the leading master's PINGs with
// PONGs, runs and kills tasks (TASK_STAGING → TASK_STARTING → TASK_RUNNING; TASK_KILLING →
// TASK_KILLED) and sends their status updates through the master. An agent that has heard no PING
// for agentPingTimeout × maxAgentPingTimeouts (75 s), or that learns of a new leading master,
// reregisters after U[0, 1 s], then U[0, 2 s], U[0, 4 s] … up to U[0, 60 s] (FIDELITY.md §3.1).

import { createActor, setup } from 'xstate';
import type { Timer } from '../../engine/clock';
import type { HostSpec } from '../shared/cluster';
import type { Task, TaskState } from './tasks';
import type { MesosWorld } from './world';
import { causeFor } from './world';

export type MesosAgentEvent =
  | { type: 'ping.silent' }
  | { type: 'master.detected' }
  | { type: 'master.lost' }
  | { type: 'master.reregistered' }
  | { type: 'process.stop' }
  | { type: 'process.start' };

export interface MesosAgentHooks {
  startRegistration(): void;
  stopRegistration(): void;
}

/** src/slave/constants.hpp REGISTRATION_BACKOFF_MAX */
const REGISTRATION_BACKOFF_MAX_MS = 60_000;

export const mesosAgentMachine = setup({
  types: {} as {
    context: { hooks: MesosAgentHooks };
    input: { hooks: MesosAgentHooks };
    events: MesosAgentEvent;
  },
  actions: {
    startRegistration: ({ context }) => context.hooks.startRegistration(),
    stopRegistration: ({ context }) => context.hooks.stopRegistration(),
  },
}).createMachine({
  id: 'mesosAgent',
  context: ({ input }) => input,
  initial: 'registered',
  on: { 'process.stop': '.stopped' },
  states: {
    registered: {
      on: {
        'ping.silent': 'reregistering',
        'master.detected': 'reregistering',
        'master.lost': 'disconnected',
      },
    },
    reregistering: {
      entry: 'startRegistration',
      exit: 'stopRegistration',
      on: {
        'master.reregistered': 'registered',
        'master.detected': { target: 'reregistering', reenter: true },
        'master.lost': 'disconnected',
      },
    },
    disconnected: { on: { 'master.detected': 'reregistering' } },
    stopped: { entry: 'stopRegistration', on: { 'process.start': 'reregistering' } },
  },
});

export type AgentProcessState = 'registered' | 'reregistering' | 'disconnected' | 'stopped';

export class MesosAgent {
  readonly addr: string;
  readonly actor;
  private lastPing = 0;
  private silenceTimer: Timer | null = null;
  private retryTimer: Timer | null = null;
  private backoffMs: number;
  /** Bumped at each power-off: a task's pending transition from an older boot is void. */
  boot = 0;
  /** The host lost power since it last registered: its tasks died with it. */
  lostTasks = false;

  constructor(
    private readonly world: MesosWorld,
    readonly spec: HostSpec,
  ) {
    this.addr = `${spec.name}/mesos-agent`;
    this.backoffMs = world.flags.registrationBackoffFactor;
    this.actor = createActor(mesosAgentMachine, {
      clock: world.ctx.clock,
      input: {
        hooks: {
          startRegistration: () => this.startRegistration(),
          stopRegistration: () => this.stopRegistration(),
        },
      },
    });
    this.actor.start();
    this.armSilence();
  }

  get name(): string {
    return this.spec.name;
  }

  get state(): AgentProcessState {
    return this.actor.getSnapshot().value as AgentProcessState;
  }

  get up(): boolean {
    return this.state !== 'stopped';
  }

  private get clock() {
    return this.world.ctx.clock;
  }

  /** A PING from the leading master: answer with a PONG. */
  ping(masterAddr: string, onPong: () => void): void {
    if (!this.up) return;
    this.lastPing = this.clock.now;
    this.world.ctx.network.send('PONG', this.addr, masterAddr, onPong);
  }

  /** A PING judged without messages (large clusters): true if the agent answers. */
  pingNow(): boolean {
    if (!this.up) return false;
    this.lastPing = this.clock.now;
    return true;
  }

  /** Checked lazily: one timer per silence period, not one reset per PING. */
  private armSilence(): void {
    const silence = this.world.flags.agentPingTimeout * this.world.flags.maxAgentPingTimeouts;
    this.clock.clearTimeout(this.silenceTimer);
    this.silenceTimer = this.clock.at(this.lastPing + silence, () => {
      this.silenceTimer = null;
      if (!this.up) return;
      if (this.clock.now - this.lastPing >= silence) {
        this.lastPing = this.clock.now;
        if (this.state === 'registered') {
          const secs = silence / 1000;
          this.world.ctx.recorder.emit({
            type: 'agent.pingTimeout',
            subject: this.name,
            host: this.name,
            cause: causeFor(this.world, this.name),
            native: `No pings from master received within ${secs}secs`,
            text: `Agent ${this.name} has heard no PING for ${secs} s (agent_ping_timeout × max_agent_ping_timeouts): it takes the master for lost, detects it again and reregisters.`,
          });
          this.actor.send({ type: 'ping.silent' });
        }
      }
      this.armSilence();
    });
  }

  private startRegistration(): void {
    this.backoffMs = this.world.flags.registrationBackoffFactor;
    this.scheduleTry();
  }

  private stopRegistration(): void {
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private scheduleTry(): void {
    const delay = Math.floor(this.world.rng('mesos/agent').next() * this.backoffMs);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      this.tryReregister();
      this.backoffMs = Math.min(this.backoffMs * 2, REGISTRATION_BACKOFF_MAX_MS);
      this.scheduleTry();
    }, delay);
  }

  private tryReregister(): void {
    const master = this.world.detectedMaster;
    if (master === null) return;
    this.world.ctx.network.send('ReregisterSlaveMessage', this.addr, `${master}/mesos-master`, () =>
      this.world.masters.get(master)?.agentReregisters(this),
    );
  }

  /** SlaveReregisteredMessage from the leading master. */
  reregistered(): void {
    this.lastPing = this.clock.now;
    if (this.state === 'reregistering') this.actor.send({ type: 'master.reregistered' });
  }

  masterDetected(): void {
    if (this.up) this.actor.send({ type: 'master.detected' });
  }

  masterLost(): void {
    if (this.up) this.actor.send({ type: 'master.lost' });
  }

  stopProcess(): void {
    this.actor.send({ type: 'process.stop' });
  }

  startProcess(): void {
    this.lastPing = this.clock.now;
    this.actor.send({ type: 'process.start' });
    this.armSilence();
  }

  powerOff(): void {
    this.boot++;
    this.lostTasks = true;
    this.stopProcess();
  }

  // Tasks

  runTask(task: Task, cause: number | null): void {
    if (!this.up || task.host !== this.name || task.state !== 'TASK_STAGING') return;
    const boot = this.boot;
    this.update(task, 'TASK_STARTING', null, cause);
    this.clock.setTimeout(() => {
      if (boot !== this.boot || task.state !== 'TASK_STARTING') return;
      this.update(task, 'TASK_RUNNING', null, cause);
    }, this.world.flags.replicaStartup);
  }

  killTask(task: Task, reason: string | null, cause: number | null): void {
    if (!this.up || task.host !== this.name || task.done) return;
    const boot = this.boot;
    this.update(task, 'TASK_KILLING', reason, cause);
    this.clock.setTimeout(() => {
      if (boot !== this.boot || task.done) return;
      this.update(task, 'TASK_KILLED', reason, cause);
    }, this.world.flags.replicaShutdown);
  }

  finishTask(task: Task, cause: number | null): void {
    if (this.up && task.host === this.name && task.state === 'TASK_RUNNING') {
      this.update(task, 'TASK_FINISHED', null, cause);
    }
  }

  /** The state changes here, on the agent; the master and the framework hear of it after. */
  private update(task: Task, state: TaskState, reason: string | null, cause: number | null): void {
    const master = this.world.detectedMaster;
    const ev = this.world.agentTaskChanged(task, state, reason, cause);
    if (master === null) return;
    const sent = this.world.ctx.network.send(
      'StatusUpdateMessage',
      this.addr,
      `${master}/mesos-master`,
      () => this.world.masters.get(master)?.statusUpdate(task, state, reason, ev),
    );
    if (sent.dropped) {
      // SIMPLIFICATION: upstream the agent retries an unacknowledged update until it lands.
      this.world.simplification(
        'update-dropped',
        `The status update of ${task.id} from ${this.name} is lost on the way; a real agent retries it until the master acknowledges; here Marathon hears of it at its next reconciliation (reconciliation_interval).`,
        ev,
      );
    }
  }
}
