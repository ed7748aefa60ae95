// Marathon 1.10 on one control-plane host. Leadership through a Curator LeaderLatch (lowest
// ephemeral-sequential znode under leader-curator); the leader crashes on purpose on any ZooKeeper
// SUSPENDED/LOST and on its driver's `disconnected` ("Lost leadership; crashing"), and a supervisor
// restarts it as a standby. A new leader loads its state, registers under its FrameworkID and
// reconciles 15 s later (FIDELITY.md §4.3). Instances live in the task table (its persisted
// state); the launch queue, rate limiter and revive/suppress logic are in launchQueue.ts.

import { createActor, setup } from 'xstate';
import type { Timer } from '../../engine/clock';
import type { Offer } from './allocator';
import { mesosModelConstants } from './defaults';
import type { FrameworkDriver } from './framework';
import { SchedulerDriver } from './framework';
import { LaunchQueue } from './launchQueue';
import type { Task, TaskState } from './tasks';
import { ZkClient } from './zkClient';
import type { Session, Znode } from './zkData';
import type { MesosWorld } from './world';
import { causeFor } from './world';

export const MARATHON_LATCH = '/marathon/leader-curator';

export type MarathonState = 'standby' | 'loading' | 'leader' | 'crashed' | 'stopped';

export const marathonMachine = setup({
  types: {} as {
    context: { onLoad: () => void };
    input: { onLoad: () => void };
    events:
      | { type: 'latch.won' }
      | { type: 'loaded' }
      | { type: 'crash' }
      | { type: 'stop' }
      | { type: 'restart' };
  },
  actions: { onLoad: ({ context }) => context.onLoad() },
}).createMachine({
  id: 'marathon',
  context: ({ input }) => input,
  initial: 'standby',
  on: { stop: '.stopped' },
  states: {
    standby: { on: { 'latch.won': 'loading' } },
    loading: { entry: 'onLoad', on: { loaded: 'leader', crash: 'crashed' } },
    leader: { on: { crash: 'crashed' } },
    crashed: { on: { restart: 'standby' } },
    stopped: { on: { restart: 'standby' } },
  },
});

export class Marathon implements FrameworkDriver {
  readonly name = 'marathon';
  readonly weight = 1;
  readonly partitionAware = true;
  readonly addr: string;
  readonly actor;
  readonly driver: SchedulerDriver;
  readonly queue: LaunchQueue;
  client: ZkClient | null = null;
  znode: Znode | null = null;
  private timers: Timer[] = [];
  /** The run starts settled: the leader skips its state load. */
  private seeding = false;

  constructor(
    private readonly world: MesosWorld,
    readonly host: string,
  ) {
    this.addr = `${host}/marathon`;
    this.actor = createActor(marathonMachine, {
      clock: world.ctx.clock,
      input: { onLoad: () => this.load() },
    });
    this.actor.start();
    this.driver = new SchedulerDriver(
      world,
      this,
      (master) => this.registered(master),
      () => this.crash('its scheduler driver was disconnected from the leading master'),
    );
    this.queue = new LaunchQueue(world, this);
  }

  get state(): MarathonState {
    return this.actor.getSnapshot().value as MarathonState;
  }

  /** Leads and is registered with the leading master. */
  get active(): boolean {
    return this.state === 'leader' && this.driver.registeredWith !== null;
  }

  address(): string {
    return this.addr;
  }

  wantsOffers(): boolean {
    return this.queue.wantsOffers();
  }

  private get clock() {
    return this.world.ctx.clock;
  }

  private newClient(): ZkClient {
    this.client = new ZkClient(
      this.world,
      this.world.zk,
      this.addr,
      this.world.flags.marathonZkSessionTimeout,
      {
        connected: (fresh) => {
          if (fresh || !this.world.zk.exists(this.znode?.path ?? null)) this.joinLatch();
          this.checkLatch();
        },
        suspended: () => this.crash('its ZooKeeper connection is SUSPENDED'),
        expired: () => {
          if (!this.crash('its ZooKeeper session is LOST') && this.state === 'standby') {
            this.znode = null;
            this.newClient().start();
          }
        },
        groupChanged: () => this.checkLatch(),
      },
    );
    return this.client;
  }

  seed(session: Session, leader: boolean): void {
    const client = this.newClient();
    this.znode = this.world.zk.createEphemeral(MARATHON_LATCH, session.id, this.host, true);
    this.world.zk.watch(MARATHON_LATCH, client);
    client.seed(this.world.zk.serverOn(this.host) ?? this.world.zk.servers[0]!, session);
    if (leader) {
      this.seeding = true;
      this.actor.send({ type: 'latch.won' });
      this.actor.send({ type: 'loaded' });
      this.driver.running = true;
      this.driver.registeredWith = 'control-1';
      this.queue.leaderStarted(true);
      // Registered long before the run: its reconciliations run at a seeded point of their interval.
      const interval = this.world.flags.reconciliationInterval;
      this.reconcileFrom(Math.round(this.world.rng('marathon/reconcile').uniform(0, interval)));
      this.seeding = false;
    }
  }

  start(): void {
    if (this.state === 'crashed' || this.state === 'stopped') this.actor.send({ type: 'restart' });
    this.znode = null;
    this.newClient().start();
  }

  private joinLatch(): void {
    const client = this.client;
    if (!client?.session) return;
    this.world.zk.watch(MARATHON_LATCH, client);
    this.znode = this.world.zk.createEphemeral(MARATHON_LATCH, client.session.id, this.host);
  }

  private checkLatch(): void {
    if (!this.znode || this.state === 'crashed' || this.state === 'stopped') return;
    if (!this.world.zk.exists(this.znode.path)) {
      if (!this.crash('it lost its leader latch')) this.joinLatch();
      return;
    }
    const lowest = this.world.zk.children(MARATHON_LATCH)[0];
    if (lowest?.path === this.znode.path && this.state === 'standby') {
      this.world.ctx.recorder.emit({
        type: 'marathon.elected',
        subject: 'marathon',
        host: this.host,
        cause: causeFor(this.world, null),
        native: 'Elected leader',
        text: `Marathon on ${this.host} holds the lowest latch znode under leader-curator: it leads, and first loads its state.`,
      });
      this.actor.send({ type: 'latch.won' });
    }
  }

  private load(): void {
    if (this.seeding) return;
    const c = mesosModelConstants;
    const ms = Math.min(
      this.world
        .rng('mesos/marathon-load')
        .uniform(c.marathonStateLoadMinMs, c.marathonStateLoadMaxMs),
      this.world.flags.onElectedPrepareTimeout,
    );
    this.world.simplification(
      'marathon-load',
      `Marathon's state load is modelled as ${c.marathonStateLoadMinMs / 1000}–${c.marathonStateLoadMaxMs / 1000} s (bounded by on_elected_prepare_timeout); a large real cluster may take longer.`,
    );
    this.timers.push(
      this.clock.setTimeout(() => {
        if (this.state !== 'loading') return;
        this.actor.send({ type: 'loaded' });
        this.queue.leaderStarted();
        this.driver.start();
      }, Math.round(ms)),
    );
  }

  private registered(master: string): void {
    this.world.marathonRegistered(this, master);
    this.reconcileFrom(this.world.flags.reconciliationInitialDelay);
    this.queue.scaleCheckAll(causeFor(this.world, null));
  }

  /** Reconcile with the master in `firstInMs`, then every reconciliationInterval. */
  private reconcileFrom(firstInMs: number): void {
    const again = () => {
      if (this.active) this.queue.reconcile();
      this.timers.push(this.clock.setTimeout(again, this.world.flags.reconciliationInterval));
    };
    this.timers.push(this.clock.setTimeout(again, firstInMs));
  }

  /** The leader abdicates by exiting; true if it was leading. */
  crash(why: string): boolean {
    if (this.state !== 'loading' && this.state !== 'leader') return false;
    const wasActive = this.active;
    this.world.ctx.recorder.emit({
      type: 'marathon.crashed',
      subject: 'marathon',
      host: this.host,
      cause: causeFor(this.world, null),
      native: 'Lost leadership; crashing',
      text: `Marathon on ${this.host} stops leading because ${why}: "Lost leadership; crashing". It exits on purpose, and its supervisor restarts it as a standby.`,
    });
    this.actor.send({ type: 'crash' });
    this.teardown(true);
    if (wasActive) this.world.marathonGone(this, why);
    this.timers.push(
      this.clock.setTimeout(() => this.start(), mesosModelConstants.supervisorRestartMs),
    );
    return true;
  }

  /** Power off or `stop`: the process is gone until started again. */
  kill(clean: boolean): void {
    if (this.state === 'stopped') return;
    const wasActive = this.active;
    this.actor.send({ type: 'stop' });
    this.teardown(clean);
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers = [];
    if (wasActive && clean) this.world.marathonGone(this, 'its process stopped');
  }

  private teardown(clean: boolean): void {
    const master = this.driver.registeredWith;
    this.driver.stop();
    this.queue.leaderStopped();
    if (master !== null && clean) this.world.masters.get(master)?.frameworkExited(this.name);
    // A clean exit closes the ZooKeeper session, removing the latch at once (if it can commit).
    if (clean) this.client?.close();
    else this.client?.kill();
    this.client = null;
    this.znode = null;
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers = [];
  }

  // Scheduler callbacks

  offer(offer: Offer, cause: number | null): void {
    if (!this.active) return;
    this.queue.offer(offer, cause);
  }

  status(task: Task, state: TaskState, reason: string | null, cause: number | null): void {
    if (!this.active) return;
    this.queue.status(task, state, reason, cause);
  }

  /** PUT /v2/apps/<id> {"instances": n}: false when this Marathon cannot take it. */
  putInstances(app: string, instances: number, by: string, cause: number | null): boolean {
    if (!this.active) return false;
    return this.queue.scale(app, instances, by, cause);
  }
}
