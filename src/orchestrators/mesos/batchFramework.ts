// A batch framework beside Marathon (scenario.mesos.frameworks), in the spirit of Spark or Chronos:
// it wants `tasks` tasks running at once, each of which runs `taskDuration` and finishes, and it
// takes every offer that fits until it has them; idle, it suppresses. It competes with Marathon
// under DRF with its role's weight. Not partition-aware: its tasks on a lost agent are TASK_LOST.

import { createActor, setup } from 'xstate';
import type { FrameworkSpec } from '../../scenario/types';
import type { Offer } from './allocator';
import type { FrameworkDriver } from './framework';
import { SchedulerDriver } from './framework';
import { accept, decline } from './offers';
import type { Task, TaskState } from './tasks';
import { isTerminal } from './tasks';
import type { MesosWorld } from './world';

export const batchFrameworkMachine = setup({
  types: {} as {
    events: { type: 'registered' } | { type: 'disconnected' };
  },
}).createMachine({
  id: 'batchFramework',
  initial: 'registering',
  states: {
    registering: { on: { registered: 'registered' } },
    registered: { on: { disconnected: 'registering' } },
  },
});

export class BatchFramework implements FrameworkDriver {
  readonly partitionAware = false;
  readonly addr: string;
  readonly actor;
  readonly driver: SchedulerDriver;
  /** Launched (or launching) tasks that have not ended. */
  private readonly mine = new Set<Task>();
  private suppressed = false;

  constructor(
    private readonly world: MesosWorld,
    readonly spec: FrameworkSpec,
  ) {
    // SIMPLIFICATION: the batch scheduler runs outside the cluster's hosts, always reachable.
    this.addr = `${spec.name}/scheduler`;
    world.simplification(
      `batch-scheduler/${spec.name}`,
      `${spec.name}'s scheduler is drawn outside the cluster's hosts and is always reachable; a real one runs on some host and can fail with it.`,
    );
    this.actor = createActor(batchFrameworkMachine, { clock: world.ctx.clock });
    this.actor.start();
    this.driver = new SchedulerDriver(
      world,
      this,
      () => {
        this.actor.send({ type: 'registered' });
        this.suppressed = false;
      },
      () => {
        this.actor.send({ type: 'disconnected' });
        this.driver.start();
      },
    );
  }

  get name(): string {
    return this.spec.name;
  }

  get weight(): number {
    return this.spec.weight;
  }

  address(): string {
    return this.addr;
  }

  private needed(): number {
    return this.spec.tasks - this.mine.size;
  }

  wantsOffers(): boolean {
    return this.needed() > 0;
  }

  seedRegistered(master: string): void {
    this.driver.running = true;
    this.driver.registeredWith = master;
    this.actor.send({ type: 'registered' });
  }

  private master() {
    const host = this.driver.registeredWith;
    return host === null ? undefined : this.world.masters.get(host);
  }

  offer(offer: Offer, cause: number | null): void {
    const master = this.master();
    const launch: Task[] = [];
    let cpu = offer.cpuMilli;
    let mem = offer.memoryBytes;
    while (
      this.needed() > launch.length &&
      cpu >= this.spec.cpuMilli &&
      mem >= this.spec.memoryBytes
    ) {
      const task = this.world.tasks.create(
        this.spec.name,
        this.spec.name,
        this.spec.cpuMilli,
        this.spec.memoryBytes,
        this.world.ctx.clock.now,
      );
      launch.push(task);
      cpu -= this.spec.cpuMilli;
      mem -= this.spec.memoryBytes;
    }
    for (const t of launch) this.mine.add(t);
    const net = this.world.ctx.network;
    const to = master?.addr ?? `${offer.agent}/none`;
    if (launch.length > 0) {
      const failed = (tasks: Task[]) => {
        for (const t of tasks) {
          this.mine.delete(t);
          this.world.tasks.setState(t, 'TASK_LOST');
        }
      };
      net.send('ACCEPT', this.addr, to, () => {
        if (master) accept(master, offer, launch, cause, failed);
      });
    } else {
      const refuse = this.world.flags.refuseSeconds;
      net.send('DECLINE', this.addr, to, () => {
        if (master) decline(master, offer, refuse, 'no task fits', cause);
      });
    }
    this.updateSuppression();
  }

  status(task: Task, state: TaskState, _reason: string | null, _cause: number | null): void {
    if (!isTerminal(state) || !this.mine.delete(task)) return;
    this.updateSuppression();
  }

  private updateSuppression(): void {
    const master = this.master();
    if (!master) return;
    const wants = this.wantsOffers();
    if (wants && this.suppressed) {
      this.suppressed = false;
      this.world.ctx.network.send('ReviveOffersMessage', this.addr, master.addr, () =>
        master.revive(this.spec.name),
      );
    } else if (!wants && !this.suppressed) {
      this.suppressed = true;
      this.world.ctx.network.send('SuppressOffersMessage', this.addr, master.addr, () =>
        master.suppress(this.spec.name),
      );
    }
  }

  get state(): string {
    return this.actor.getSnapshot().value as string;
  }
}
