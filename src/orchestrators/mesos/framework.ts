// What the master needs of a scheduler (Marathon, a batch framework): where it is, its DRF
// weight, and its callbacks (src/sched/sched.cpp: resourceOffers, statusUpdate, disconnected).

import type { Timer } from '../../engine/clock';
import type { MesosWorld } from './world';
import type { Offer } from './allocator';
import type { Task, TaskState } from './tasks';

export interface FrameworkDriver {
  readonly name: string;
  readonly weight: number;
  /** Partition-aware frameworks get TASK_UNREACHABLE, others TASK_LOST. */
  readonly partitionAware: boolean;
  /** `host/process` of the scheduler now. */
  address(): string;
  /** Wants offers now (not suppressed). */
  wantsOffers(): boolean;
  offer(offer: Offer, cause: number | null): void;
  status(task: Task, state: TaskState, reason: string | null, cause: number | null): void;
}

export interface StatusUpdate {
  task: Task;
  state: TaskState;
  reason: string | null;
  cause: number | null;
}

/**
 * The scheduler driver's registration (src/sched/sched.cpp): it registers with whatever master
 * the detector reports, retrying after U[0, 2 s], U[0, 4 s] … up to U[0, 60 s]
 * (DEFAULT_REGISTRATION_BACKOFF_FACTOR 2 s, REGISTRATION_RETRY_INTERVAL_MAX 1 min); a change of
 * leading master while registered calls `disconnected`.
 */
export class SchedulerDriver {
  registeredWith: string | null = null;
  running = false;
  private timer: Timer | null = null;
  private backoffMs = 2_000;

  constructor(
    private readonly world: MesosWorld,
    private readonly framework: FrameworkDriver,
    private readonly onRegistered: (master: string) => void,
    private readonly onDisconnected: () => void,
  ) {}

  start(): void {
    this.running = true;
    this.registeredWith = null;
    this.backoffMs = 2_000;
    this.tryRegister();
  }

  stop(): void {
    this.running = false;
    this.registeredWith = null;
    this.world.ctx.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  masterChanged(host: string | null): void {
    if (!this.running) return;
    if (this.registeredWith !== null && host !== this.registeredWith) {
      this.registeredWith = null;
      this.onDisconnected();
      if (!this.running) return;
    }
    if (this.registeredWith === null) {
      this.world.ctx.clock.clearTimeout(this.timer);
      this.backoffMs = 2_000;
      this.tryRegister();
    }
  }

  private tryRegister(): void {
    this.timer = null;
    if (!this.running || this.registeredWith !== null) return;
    const master = this.world.detectedMaster;
    if (master !== null) {
      this.world.ctx.network.send(
        'ReregisterFrameworkMessage',
        this.framework.address(),
        `${master}/mesos-master`,
        () => this.world.masters.get(master)?.registerFramework(this.framework, this),
      );
    }
    const delay = Math.floor(this.world.rng('mesos/driver').next() * this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, 60_000);
    this.timer = this.world.ctx.clock.setTimeout(() => this.tryRegister(), Math.max(1, delay));
  }

  /** FrameworkRegisteredMessage / FrameworkReregisteredMessage. */
  registered(master: string): void {
    if (!this.running || this.registeredWith !== null) return;
    this.world.ctx.clock.clearTimeout(this.timer);
    this.timer = null;
    this.registeredWith = master;
    this.onRegistered(master);
  }

  /** The TCP link to the master broke (its process exited). */
  linkBroken(master: string): void {
    if (this.registeredWith === master) {
      this.registeredWith = null;
      this.onDisconnected();
    }
  }
}
