// A mesos-master on one control-plane host (src/master/master.cpp, src/master/contender/
// zookeeper.cpp, src/zookeeper/group.cpp). It contends through an EPHEMERAL | SEQUENTIAL znode
// under /mesos; the lowest sequence leads ("Elected as the leading master!"), recovers the registry
// from a quorum of masters' replicated logs, then takes agents and frameworks as they reregister.
// A leader that loses its membership exits ("Lost candidacy as a leader... committing suicide!")
// and its supervisor restarts it as a contender (FIDELITY.md §3.3).

import { createActor } from 'xstate';
import type { Timer } from '../../engine/clock';
import { Allocator } from './allocator';
import { mesosModelConstants } from './defaults';
import type { FrameworkDriver, SchedulerDriver, StatusUpdate } from './framework';
import type { MesosAgent } from './mesosAgent';
import type { SlaveObserver } from './slaveObserver';
import { stopObserver } from './slaveObserver';
import type { Task, TaskState } from './tasks';
import { checkDrained } from './maintenance';
import { agentExited, agentReregisters, markUnreachable, observeAgent } from './masterAgents';
import { rescindOffer, sendOffer } from './offers';
import { ZkClient } from './zkClient';
import type { Session, Znode } from './zkData';
import type { MesosWorld } from './world';
import { causeFor } from './world';
import type { MasterState } from './mesosMasterMachine';
import { mesosMasterMachine } from './mesosMasterMachine';

export const MESOS_GROUP = '/mesos';

/** The registry (replicated log): what survives a master failover. */
export class Registry {
  readonly unreachable = new Set<string>();
  readonly deactivated = new Set<string>();
  readonly draining = new Set<string>();
  readonly drained = new Set<string>();
}

type AgentLink = 'recovered' | 'registered' | 'disconnected' | 'unreachable';

interface FrameworkLink {
  driver: FrameworkDriver;
  sched: SchedulerDriver;
  connected: boolean;
  queue: StatusUpdate[];
}

export class MesosMaster {
  readonly addr: string;
  readonly actor;
  client: ZkClient | null = null;
  znode: Znode | null = null;
  /** Leader-only memory, rebuilt by each new leader. */
  readonly agentLinks = new Map<string, AgentLink>();
  readonly observers = new Map<string, SlaveObserver>();
  readonly frameworks = new Map<string, FrameworkLink>();
  timers: Timer[] = [];
  private restartTimer: Timer | null = null;
  allocator: Allocator | null = null;

  constructor(
    readonly world: MesosWorld,
    readonly host: string,
    readonly registry: Registry,
  ) {
    this.addr = `${host}/mesos-master`;
    this.actor = createActor(mesosMasterMachine, {
      clock: world.ctx.clock,
      input: { onStop: () => this.teardown(), initial: 'contender' },
    });
    this.actor.start();
  }

  get state(): MasterState {
    return this.actor.getSnapshot().value as MasterState;
  }

  get leads(): boolean {
    return this.state === 'leading' || this.state === 'recovering';
  }

  private get clock() {
    return this.world.ctx.clock;
  }

  private get recorder() {
    return this.world.ctx.recorder;
  }

  private newClient(): ZkClient {
    this.client = new ZkClient(
      this.world,
      this.world.zk,
      this.addr,
      this.world.flags.zkSessionTimeout,
      {
        connected: (fresh) => {
          if (fresh || !this.world.zk.exists(this.znode?.path ?? null)) this.contend();
          this.check();
        },
        suspended: () => {},
        expired: () => this.membershipLost('its ZooKeeper session expired'),
        groupChanged: () => this.check(),
      },
    );
    return this.client;
  }

  /** The run starts settled: this master holds `session` and znode, maybe leading. */
  seed(session: Session, leading: boolean): void {
    const client = this.newClient();
    this.znode = this.world.zk.createEphemeral(MESOS_GROUP, session.id, this.host, true);
    this.world.zk.watch(MESOS_GROUP, client);
    client.seed(this.world.zk.serverOn(this.host) ?? this.world.zk.servers[0]!, session);
    if (leading) {
      this.actor.send({ type: 'recovered' });
      this.startLeading(true);
    }
  }

  /** Supervisor start (or restart): a fresh process contends. */
  start(): void {
    if (this.state === 'stopped') this.actor.send({ type: 'restart' });
    this.znode = null;
    this.newClient().start();
  }

  private contend(): void {
    const client = this.client;
    if (!client?.session) return;
    this.world.zk.watch(MESOS_GROUP, client);
    this.znode = this.world.zk.createEphemeral(MESOS_GROUP, client.session.id, this.host);
  }

  private check(): void {
    if (this.state === 'stopped' || !this.znode) return;
    if (!this.world.zk.exists(this.znode.path)) {
      this.membershipLost('its znode is gone');
      return;
    }
    const lowest = this.world.zk.children(MESOS_GROUP)[0];
    if (lowest?.path === this.znode.path && this.state === 'contender') this.elected();
  }

  private elected(): void {
    this.actor.send({ type: 'elected' });
    this.world.masterElected(this);
    // Registry recovery reads the replicated log from a quorum of masters (--quorum).
    const quorum =
      typeof this.world.flags.quorum === 'number'
        ? this.world.flags.quorum
        : Math.floor(this.world.masters.size / 2) + 1;
    const answered = new Set<string>([this.host]);
    const done = () => {
      if (this.state === 'recovering' && answered.size >= quorum) {
        this.actor.send({ type: 'recovered' });
        this.startLeading(false);
      }
    };
    for (const other of this.world.masters.values()) {
      if (other === this) continue;
      this.world.ctx.network.send('replica.recover', this.addr, other.addr, () => {
        if (other.state === 'stopped') return;
        this.world.ctx.network.send('replica.recovered', other.addr, this.addr, () => {
          answered.add(other.host);
          done();
        });
      });
    }
    done();
    this.timers.push(
      this.clock.setTimeout(() => {
        if (this.state !== 'recovering') return;
        this.exit(
          'Recovery failed: Failed to recover registrar: Failed to perform fetch within ' +
            `${this.world.flags.registryFetchTimeout / 60_000}mins`,
          `The new leading master on ${this.host} could not read the registry from a quorum of ${quorum} masters within registry_fetch_timeout, and exits.`,
          true,
        );
      }, this.world.flags.registryFetchTimeout),
    );
  }

  private startLeading(settled: boolean): void {
    const allocator = new Allocator(this.world, {
      sendOffer: (offer, order) => sendOffer(this, offer, order),
      rescind: (offer, reason) => rescindOffer(this, offer, reason),
    });
    this.allocator = allocator;
    this.world.allocator = allocator;
    const pingRng = this.world.rng('mesos/master-ping');
    for (const agent of this.world.agents.values()) {
      const name = agent.name;
      if (settled) {
        this.agentLinks.set(name, 'registered');
        this.observe(agent, Math.floor(pingRng.uniform(0, this.world.flags.agentPingTimeout)));
        allocator.addAgent(agent.spec);
      } else {
        this.agentLinks.set(
          name,
          this.registry.unreachable.has(name) ? 'unreachable' : 'recovered',
        );
      }
    }
    if (settled) return;
    this.recorder.emit({
      type: 'master.recovered',
      subject: 'mesos-master',
      host: this.host,
      cause: causeFor(this.world, null),
      native: 'Recovered',
      text: `The leading master on ${this.host} recovered the registry from a quorum of masters' replicated logs (modelled as one round trip); it waits for agents and frameworks to reregister. No quota is set, so there is no allocation pause: offers flow as agents return.`,
    });
    // --agent_reregister_timeout: agents not back by then are marked unreachable.
    this.timers.push(
      this.clock.setTimeout(() => {
        for (const [name, link] of this.agentLinks) {
          if (link === 'recovered') this.markUnreachable(name, 'agent_reregister_timeout');
        }
      }, this.world.flags.agentReregisterTimeout),
    );
  }

  // Agents (masterAgents.ts)

  observe(agent: MesosAgent, firstPingInMs: number): void {
    observeAgent(this, agent, firstPingInMs);
  }

  agentReregisters(agent: MesosAgent): void {
    agentReregisters(this, agent);
  }

  agentExited(name: string): void {
    agentExited(this, name);
  }

  markUnreachable(name: string, why: string): void {
    markUnreachable(this, name, why);
  }

  /** The master's own transition of a task (not from its agent), forwarded to its framework. */
  taskChanged(task: Task, state: TaskState, reason: string, cause: number | null): void {
    const ev = this.world.masterTaskChanged(task, state, reason, cause);
    this.forward({ task, state, reason, cause: ev });
  }

  statusUpdate(task: Task, state: TaskState, reason: string | null, cause: number | null): void {
    if (this.state !== 'leading') return;
    this.forward({ task, state, reason, cause });
    if (task.host !== null && this.registry.draining.has(task.host))
      checkDrained(this, task.host, cause);
  }

  private forward(update: StatusUpdate): void {
    const link = this.frameworks.get(update.task.framework);
    if (!link) return;
    if (!link.connected) {
      // SIMPLIFICATION: the master holds the update until the framework reregisters (upstream the
      // agent retries unacknowledged updates, and reconciliation catches the rest).
      link.queue.push(update);
      this.world.simplification(
        'status-queue',
        `${update.task.framework} is not connected, so the master holds its task status updates and hands them over when it reregisters (upstream, agents retry unacknowledged updates and reconciliation catches the rest).`,
        update.cause,
      );
      return;
    }
    this.world.ctx.network.send('StatusUpdateMessage', this.addr, link.driver.address(), () =>
      link.driver.status(update.task, update.state, update.reason, update.cause),
    );
  }

  // Frameworks

  registerFramework(driver: FrameworkDriver, sched: SchedulerDriver): void {
    if (this.state !== 'leading' || !this.allocator) return;
    const link: FrameworkLink = this.frameworks.get(driver.name) ?? {
      driver,
      sched,
      connected: true,
      queue: [],
    };
    // A framework registering again (a new Marathon leader, a reconnect) fails over: offers to
    // its previous instance are discarded.
    if (this.frameworks.has(driver.name)) this.allocator.discardOffers(driver.name);
    link.driver = driver;
    link.sched = sched;
    link.connected = true;
    this.frameworks.set(driver.name, link);
    this.allocator.addFramework(driver.name, driver.weight, !driver.wantsOffers());
    this.world.ctx.network.send('FrameworkReregisteredMessage', this.addr, driver.address(), () => {
      sched.registered(this.host);
      const queued = link.queue.splice(0);
      for (const u of queued) this.forward(u);
    });
  }

  /** The run starts settled: the framework is registered with this (leading) master. */
  seedFramework(driver: FrameworkDriver, sched: SchedulerDriver): void {
    this.frameworks.set(driver.name, { driver, sched, connected: true, queue: [] });
    this.allocator?.addFramework(driver.name, driver.weight, !driver.wantsOffers());
  }

  frameworkExited(name: string): void {
    const link = this.frameworks.get(name);
    if (!link || !link.connected) return;
    link.connected = false;
    this.allocator?.deactivateFramework(name);
  }

  revive(name: string): void {
    if (this.state === 'leading') this.allocator?.revive(name);
  }

  suppress(name: string): void {
    if (this.state === 'leading') this.allocator?.suppress(name);
  }

  killTask(task: Task, reason: string | null, cause: number | null): void {
    if (this.state !== 'leading' || task.host === null) return;
    const agent = this.world.agents.get(task.host);
    if (!agent) return;
    this.world.ctx.network.send('KillTaskMessage', this.addr, agent.addr, () =>
      agent.killTask(task, reason, cause),
    );
  }

  // Exit and restart

  membershipLost(why: string): void {
    if (this.state === 'stopped') return;
    if (this.leads) {
      this.exit(
        'Lost candidacy as a leader... committing suicide!',
        `The leading master on ${this.host} lost its membership (${why}): "Lost candidacy as a leader... committing suicide!". Its supervisor restarts it as a contender.`,
        true,
      );
      return;
    }
    // A contender simply contends again with a new session.
    this.client?.kill();
    this.znode = null;
    this.newClient().start();
  }

  /** The process exits; with `restart`, its supervisor starts it again a moment later. */
  exit(native: string, text: string, restart: boolean): void {
    if (this.state === 'stopped') return;
    const wasLeading = this.leads;
    this.recorder.emit({
      type: 'master.exited',
      subject: 'mesos-master',
      host: this.host,
      cause: causeFor(this.world, this.host),
      native,
      text,
    });
    this.actor.send({ type: 'exit' });
    if (wasLeading) this.world.masterGone(this, 'exited');
    if (restart) {
      this.restartTimer = this.clock.setTimeout(
        () => this.start(),
        mesosModelConstants.supervisorRestartMs,
      );
    }
  }

  /** Power off or `stop`: the process is gone; no supervisor brings it back. */
  kill(): void {
    this.clock.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (this.state === 'stopped') return;
    this.actor.send({ type: 'exit' });
  }

  private teardown(): void {
    this.client?.kill();
    this.client = null;
    this.znode = null;
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers = [];
    for (const o of this.observers.values()) stopObserver(this.clock, o);
    this.observers.clear();
    this.agentLinks.clear();
    // A broken link tells the frameworks' drivers at once, if they can hear it.
    for (const link of this.frameworks.values()) {
      const host = link.driver.address().split('/')[0]!;
      if (link.connected && this.world.ctx.network.canReach(this.host, host)) {
        link.sched.linkBroken(this.host);
      }
    }
    this.frameworks.clear();
    if (this.allocator) {
      this.allocator.shutdown();
      if (this.world.allocator === this.allocator) this.world.allocator = null;
      this.allocator = null;
    }
  }

  get term(): number | null {
    return this.znode?.seq ?? null;
  }
}
