// The hierarchical allocator inside the leading mesos-master (src/master/allocator/mesos/
// hierarchical.cpp): every allocationInterval, and at once after a revive, a new agent or a new
// framework, it shuffles the agents and offers
// each one's free resources to one framework, taken in DRF order (algorithms.ts drfOrder), skipping
// suppressed frameworks and decline filters; leftovers under --min_allocatable_resources are kept.
// A pass with nothing new to offer (no event since the last, every framework suppressed) is
// skipped, so a quiet 10,000-agent cluster costs nothing per second.

import { createActor, setup } from 'xstate';
import { drfOrder } from '../../algorithms';
import type { Timer } from '../../engine/clock';
import type { HostSpec } from '../shared/cluster';
import { every } from '../shared/periodic';
import { mesosModelConstants } from './defaults';
import type { MesosWorld } from './world';

export interface Offer {
  id: number;
  agent: string;
  framework: string;
  cpuMilli: number;
  memoryBytes: number;
}

interface FrameworkEntry {
  name: string;
  weight: number;
  allocationCount: number;
  active: boolean;
  suppressed: boolean;
  /**
   * Decline filters per agent: until when, and what was refused. Like RefusedOfferFilter, one
   * blocks only an offer that is a subset of what was refused: once the agent has more free
   * (a task ended there), it is offered again at once.
   */
  filters: Map<string, { until: number; cpuMilli: number; memoryBytes: number }>;
}

export interface AllocatorHooks {
  /** The master sends the offer to the framework (a message, so the renderer can draw it). */
  sendOffer(offer: Offer, order: string[]): void;
  /** The master rescinds an outstanding offer (agent or framework gone). */
  rescind(offer: Offer, reason: string): void;
}

export const allocatorMachine = setup({
  types: {} as {
    context: { allocate: () => void };
    input: { allocate: () => void };
    events: { type: 'tick' } | { type: 'pause' } | { type: 'resume' };
  },
  actions: { allocate: ({ context }) => context.allocate() },
}).createMachine({
  id: 'allocator',
  context: ({ input }) => input,
  initial: 'running',
  states: {
    running: { on: { tick: { actions: 'allocate' }, pause: 'paused' } },
    paused: { on: { resume: 'running' } },
  },
});

export class Allocator {
  readonly actor;
  readonly frameworks = new Map<string, FrameworkEntry>();
  private readonly agents = new Map<string, HostSpec>();
  private readonly offeredOn = new Map<string, { cpuMilli: number; memoryBytes: number }>();
  private readonly offeredTo = new Map<string, { cpuMilli: number; memoryBytes: number }>();
  readonly offers = new Map<number, Offer>();
  private totalCpu = 0;
  private totalMem = 0;
  private dirty = true;
  private nextOffer = 1;
  private readonly wakes = new Map<number, Timer>();
  private readonly stop: () => void;
  /** An allocation asked for by an event (generateOffers), not yet run. */
  private soon: Timer | null = null;

  constructor(
    private readonly world: MesosWorld,
    private readonly hooks: AllocatorHooks,
  ) {
    this.actor = createActor(allocatorMachine, {
      clock: world.ctx.clock,
      input: { allocate: () => this.allocate() },
    });
    this.actor.start();
    this.stop = every(
      world.ctx.clock,
      world.rng('mesos/allocator'),
      world.flags.allocationInterval,
      // A tick with nothing to do changes nothing (allocate returns at once, and `tick` has no
      // target), so it skips the machine: a transition costs more than a quiet second.
      () => {
        if (this.hasWork()) this.actor.send({ type: 'tick' });
      },
    );
  }

  /**
   * generateOffers(): a revive, a new agent or a new framework allocates at once (right after
   * the event), not at the next interval; only recovered resources wait for it.
   */
  private generateOffers(): void {
    this.dirty = true;
    if (this.soon !== null) return;
    this.soon = this.world.ctx.clock.setTimeout(() => {
      this.soon = null;
      if (this.hasWork()) this.actor.send({ type: 'tick' });
    }, 0);
  }

  shutdown(): void {
    this.stop();
    this.world.ctx.clock.clearTimeout(this.soon);
    for (const t of this.wakes.values()) this.world.ctx.clock.clearTimeout(t);
    this.actor.stop();
  }

  addFramework(name: string, weight: number, suppressed: boolean): void {
    let fw = this.frameworks.get(name);
    if (!fw) {
      fw = { name, weight, allocationCount: 0, active: true, suppressed, filters: new Map() };
      this.frameworks.set(name, fw);
    }
    fw.active = true;
    fw.suppressed = suppressed;
    this.generateOffers();
  }

  deactivateFramework(name: string): void {
    const fw = this.frameworks.get(name);
    if (!fw) return;
    fw.active = false;
    for (const offer of [...this.offers.values()]) {
      if (offer.framework === name) this.rescind(offer, 'framework disconnected');
    }
  }

  /**
   * Master::failoverFramework: offers made to the framework's previous instance are discarded
   * (their resources return, unfiltered); the new instance never saw them.
   */
  discardOffers(name: string): void {
    for (const offer of [...this.offers.values()]) {
      if (offer.framework !== name) continue;
      this.offers.delete(offer.id);
      this.release(offer);
      this.dirty = true;
    }
  }

  suppress(name: string): void {
    const fw = this.frameworks.get(name);
    if (fw) fw.suppressed = true;
  }

  /** reviveOffers: clears the framework's filters and unsuppresses it. */
  revive(name: string): void {
    const fw = this.frameworks.get(name);
    if (!fw) return;
    fw.suppressed = false;
    fw.filters.clear();
    this.generateOffers();
  }

  isSuppressed(name: string): boolean {
    return this.frameworks.get(name)?.suppressed ?? true;
  }

  addAgent(spec: HostSpec): void {
    if (this.agents.has(spec.name)) return;
    this.agents.set(spec.name, spec);
    this.totalCpu += spec.cpuMilli;
    this.totalMem += spec.memoryBytes;
    this.generateOffers();
  }

  removeAgent(name: string, reason: string): void {
    const spec = this.agents.get(name);
    if (!spec) return;
    this.agents.delete(name);
    this.totalCpu -= spec.cpuMilli;
    this.totalMem -= spec.memoryBytes;
    for (const offer of [...this.offers.values()]) {
      if (offer.agent === name) this.rescind(offer, reason);
    }
  }

  hasAgent(name: string): boolean {
    return this.agents.has(name);
  }

  /** Resources came back (a task ended): the next pass has something to offer. */
  resourcesFreed(): void {
    this.dirty = true;
  }

  /** The framework used or declined the offer: its resources return, under a filter. */
  recover(offer: Offer, usedCpu: number, usedMem: number, filterMs: number): void {
    if (!this.offers.delete(offer.id)) return;
    this.release(offer);
    if (usedCpu < offer.cpuMilli || usedMem < offer.memoryBytes) {
      const fw = this.frameworks.get(offer.framework);
      if (fw && filterMs > 0) {
        const until = this.world.ctx.clock.now + filterMs;
        fw.filters.set(offer.agent, {
          until,
          cpuMilli: offer.cpuMilli - usedCpu,
          memoryBytes: offer.memoryBytes - usedMem,
        });
        this.wakeAt(until);
      }
      this.dirty = true;
    }
  }

  isOutstanding(offer: Offer): boolean {
    return this.offers.has(offer.id);
  }

  private rescind(offer: Offer, reason: string): void {
    if (!this.offers.delete(offer.id)) return;
    this.release(offer);
    this.dirty = true;
    this.hooks.rescind(offer, reason);
  }

  private release(offer: Offer): void {
    for (const [map, key] of [
      [this.offeredOn, offer.agent],
      [this.offeredTo, offer.framework],
    ] as const) {
      const o = map.get(key);
      if (!o) continue;
      o.cpuMilli -= offer.cpuMilli;
      o.memoryBytes -= offer.memoryBytes;
    }
  }

  private hold(offer: Offer): void {
    for (const [map, key] of [
      [this.offeredOn, offer.agent],
      [this.offeredTo, offer.framework],
    ] as const) {
      let o = map.get(key);
      if (!o) map.set(key, (o = { cpuMilli: 0, memoryBytes: 0 }));
      o.cpuMilli += offer.cpuMilli;
      o.memoryBytes += offer.memoryBytes;
    }
  }

  /** Filters expire silently upstream; the pass after one expires has something to offer. */
  private wakeAt(until: number): void {
    const interval = this.world.flags.allocationInterval;
    const at = Math.ceil(until / interval) * interval;
    if (this.wakes.has(at)) return;
    this.wakes.set(
      at,
      this.world.ctx.clock.at(at, () => {
        this.wakes.delete(at);
        this.dirty = true;
      }),
    );
  }

  free(agent: string): { cpuMilli: number; memoryBytes: number } {
    const spec = this.agents.get(agent);
    if (!spec) return { cpuMilli: 0, memoryBytes: 0 };
    const used = this.world.tasks.usageOf(agent);
    const offered = this.offeredOn.get(agent);
    return {
      cpuMilli: spec.cpuMilli - used.cpuMilli - (offered?.cpuMilli ?? 0),
      memoryBytes: spec.memoryBytes - used.memoryBytes - (offered?.memoryBytes ?? 0),
    };
  }

  /** Something new to offer, and a framework that wants offers. */
  private hasWork(): boolean {
    if (!this.dirty) return false;
    for (const f of this.frameworks.values()) if (f.active && !f.suppressed) return true;
    return false;
  }

  private allocate(): void {
    if (!this.hasWork()) return;
    this.dirty = false;
    const now = this.world.ctx.clock.now;
    const candidates: string[] = [];
    for (const name of this.agents.keys()) {
      const free = this.free(name);
      if (
        free.cpuMilli >= mesosModelConstants.minAllocatableCpuMilli ||
        free.memoryBytes >= mesosModelConstants.minAllocatableMemoryBytes
      ) {
        if (free.cpuMilli > 0 && free.memoryBytes > 0) candidates.push(name);
      }
    }
    this.world.rng('mesos/allocator/shuffle').shuffle(candidates);
    for (const agent of candidates) {
      const order = this.order();
      for (const name of order) {
        const fw = this.frameworks.get(name)!;
        if (fw.suppressed) continue;
        const free = this.free(agent);
        const filter = fw.filters.get(agent);
        if (filter !== undefined) {
          if (filter.until <= now) fw.filters.delete(agent);
          else if (free.cpuMilli <= filter.cpuMilli && free.memoryBytes <= filter.memoryBytes)
            continue;
        }
        const offer: Offer = {
          id: this.nextOffer++,
          agent,
          framework: name,
          cpuMilli: free.cpuMilli,
          memoryBytes: free.memoryBytes,
        };
        this.offers.set(offer.id, offer);
        this.hold(offer);
        fw.allocationCount++;
        this.hooks.sendOffer(offer, order);
        break;
      }
    }
  }

  /** DRF order over active frameworks: allocation = running tasks + outstanding offers. */
  order(): string[] {
    const clients = [...this.frameworks.values()].map((f) => {
      const used = this.world.tasks.frameworkUsage(f.name);
      const offered = this.offeredTo.get(f.name);
      return {
        name: f.name,
        cpus: used.cpuMilli + (offered?.cpuMilli ?? 0),
        mem: used.memoryBytes + (offered?.memoryBytes ?? 0),
        weight: f.weight,
        allocationCount: f.allocationCount,
        active: f.active,
      };
    });
    return drfOrder({ cpus: this.totalCpu, mem: this.totalMem }, clients);
  }
}
