// Leader election of kube-controller-manager and kube-scheduler on every control-plane host
// (client-go tools/leaderelection/leaderelection.go, FIDELITY.md §2.7): Lease objects
// kube-system/kube-controller-manager and kube-system/kube-scheduler. A standby tries every
// retryPeriod × (1 + U[0, 1.2)); a read differing from the last sets observedTime := now; a Lease
// held by another and observed less than leaseDuration ago cannot be taken. The holder renews
// every retryPeriod and exits when it cannot for renewDeadline. Reads and writes go through the
// local kube-apiserver, so they need etcd quorum.

import { createActor, setup } from 'xstate';
import type { Actor } from 'xstate';
import type { Timer } from '../../engine/clock';
import type { Rng } from '../../engine/rng';
import type { SimContext } from '../shared/model';
import type { ApiServers } from './apiServer';
import type { ClusterState } from './clusterState';
import type { KubernetesFlags } from './defaults';
import { kubernetesConstants } from './defaults';
import type { LeaseObject } from './objects';

type ElectorEvent =
  | { type: 'lease.acquired' }
  | { type: 'lease.lost'; why: 'renewDeadline' | 'heldByOther' }
  | { type: 'process.stop' }
  | { type: 'process.start' };

export const leaderElectorMachine = setup({
  types: {} as {
    context: { elector: LeaderElector; startsAsLeader: boolean };
    input: { elector: LeaderElector; startsAsLeader: boolean };
    events: ElectorEvent;
  },
  actions: {
    tryAcquire: ({ context }) => context.elector.enterStandby(),
    lead: ({ context }) => context.elector.enterLeader(),
    resign: ({ context, event }) =>
      context.elector.leaveLeader(event.type === 'lease.lost' ? event.why : 'processStopped'),
    halt: ({ context }) => context.elector.enterStopped(),
  },
}).createMachine({
  id: 'leaderElector',
  context: ({ input }) => input,
  initial: 'booting',
  states: {
    booting: {
      always: [{ guard: ({ context }) => context.startsAsLeader, target: 'leader' }, 'standby'],
    },
    standby: {
      entry: 'tryAcquire',
      on: { 'lease.acquired': 'leader', 'process.stop': 'stopped' },
    },
    leader: {
      entry: 'lead',
      on: {
        'lease.lost': { target: 'standby', actions: 'resign' },
        'process.stop': { target: 'stopped', actions: 'resign' },
      },
    },
    stopped: {
      entry: 'halt',
      on: { 'process.start': 'standby' },
    },
  },
});

export interface ElectorHooks {
  acquired: (host: string) => void;
  lost: () => void;
}

export class LeaderElector {
  identity = '';
  actor!: Actor<typeof leaderElectorMachine>;
  isLeader = false;
  private observedRv = -1;
  private observedTime = 0;
  private lastRenew = 0;
  private timer: Timer | null = null;
  private lostSeq: number | null = null;
  private readonly address: string;

  constructor(
    readonly host: string,
    readonly component: 'kube-controller-manager' | 'kube-scheduler',
    private readonly ctx: SimContext<KubernetesFlags>,
    private readonly state: ClusterState,
    private readonly api: ApiServers,
    private readonly rng: Rng,
    private readonly hooks: ElectorHooks,
    /** The shared cause tracker: the seq behind the latest loss of this Lease's holder. */
    private readonly causes: { lost: Map<string, number | null>; fault: Map<string, number> },
  ) {
    this.address = `${host}/${component}`;
    this.identity = this.newIdentity();
  }

  get lease(): LeaseObject {
    return this.state.leases.get(this.component)!;
  }

  /** leaderTransitions of the Lease, shown as this process's term. */
  get term(): number {
    return this.lease.leaseTransitions;
  }

  private newIdentity(): string {
    const hex = (n: number) =>
      Array.from({ length: n }, () => '0123456789abcdef'[this.rng.int(16)]).join('');
    return `${this.host}_${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[this.rng.int(4)]}${hex(3)}-${hex(12)}`;
  }

  /** Runs start settled: the first host holds both Leases, the others saw it at t = 0. */
  initial(holder: boolean): void {
    this.observedRv = this.lease.resourceVersion;
    this.observedTime = 0;
    if (holder) {
      this.lease.holderIdentity = this.identity;
    }
  }

  private clear(): void {
    if (this.timer) this.ctx.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  enterStandby(): void {
    this.isLeader = false;
    this.clear();
    const { flags } = this.ctx;
    const jitter = flags.leaderElectRetryPeriod * kubernetesConstants.leaderElectJitterFactor;
    const delay = flags.leaderElectRetryPeriod + this.rng.uniform(0, jitter);
    this.timer = this.ctx.clock.setTimeout(() => this.tryAcquireOrRenew(), Math.round(delay));
  }

  enterLeader(): void {
    const { clock, recorder, flags } = this.ctx;
    this.isLeader = true;
    this.lastRenew = clock.now;
    this.clear();
    const first = clock.now === 0;
    const phase = first ? Math.floor(this.rng.uniform(0, flags.leaderElectRetryPeriod)) : 0;
    this.timer = clock.setTimeout(
      () => this.tryAcquireOrRenew(),
      phase || flags.leaderElectRetryPeriod,
    );
    recorder.emit({
      type: 'leader.elected',
      subject: this.component,
      host: this.host,
      cause: first ? null : (this.causes.lost.get(this.component) ?? null),
      native: 'LeaderElection',
      text: first
        ? `${this.identity} holds the ${this.component} Lease as the run starts.`
        : `${this.identity} became leader: the Lease kube-system/${this.component} was not renewed for ${flags.leaderElectLeaseDuration / 1000} s (leader-elect-lease-duration) after this standby last saw it change. It starts its ${this.component === 'kube-scheduler' ? 'scheduling queue' : 'controllers'} from scratch.`,
      data: { identity: this.identity, leaseTransitions: this.lease.leaseTransitions },
    });
    this.hooks.acquired(this.host);
  }

  leaveLeader(why: 'renewDeadline' | 'heldByOther' | 'processStopped'): void {
    const { recorder, flags } = this.ctx;
    this.isLeader = false;
    this.hooks.lost();
    const texts = {
      renewDeadline: `${this.component} on ${this.host} could not renew its Lease for ${flags.leaderElectRenewDeadline / 1000} s (leader-elect-renew-deadline): "leaderelection lost". It exits, and the kubelet restarts it as a standby.`,
      heldByOther: `${this.component} on ${this.host} finds its Lease held by another: it stops leading.`,
      processStopped: `${this.component} on ${this.host} is gone. Its Lease stays until it expires: standbys wait ${flags.leaderElectLeaseDuration / 1000} s (leader-elect-lease-duration) after they last saw it change.`,
    };
    this.lostSeq = recorder.emit({
      type: 'leader.lost',
      subject: this.component,
      host: this.host,
      cause: this.causes.fault.get(this.host) ?? null,
      native: why === 'processStopped' ? 'LeaderElection' : 'leaderelection lost',
      text: texts[why],
      data: { identity: this.identity },
    }).seq;
    this.causes.lost.set(this.component, this.lostSeq);
    if (why === 'renewDeadline') this.identity = this.newIdentity();
  }

  enterStopped(): void {
    this.isLeader = false;
    this.clear();
    this.observedRv = -1;
    this.observedTime = 0;
  }

  /** A fresh process (host booted, or `start`): new identity, nothing observed yet. */
  restart(): void {
    if (this.actor.getSnapshot().value !== 'stopped') return;
    this.identity = this.newIdentity();
    this.actor.send({ type: 'process.start' });
  }

  private tryAcquireOrRenew(): void {
    const { clock, flags } = this.ctx;
    this.timer = null;
    const leading = this.isLeader;
    const next = () => {
      if (this.timer) return;
      if (this.isLeader) {
        this.timer = clock.setTimeout(() => this.tryAcquireOrRenew(), flags.leaderElectRetryPeriod);
      } else if (this.actor.getSnapshot().value === 'standby') {
        this.enterStandby();
      }
    };
    const fail = () => {
      if (leading && this.isLeader) {
        const deadline =
          this.lastRenew + flags.leaderElectRetryPeriod + flags.leaderElectRenewDeadline;
        if (clock.now >= deadline) {
          this.actor.send({ type: 'lease.lost', why: 'renewDeadline' });
          return;
        }
      }
      next();
    };
    let readOk = false;
    let heldByOther = false;
    this.api.request(
      'lease.get',
      this.address,
      this.host,
      () => {
        readOk = true;
        const lease = this.lease;
        if (lease.resourceVersion !== this.observedRv) {
          this.observedRv = lease.resourceVersion;
          this.observedTime = clock.now;
        }
        heldByOther =
          lease.holderIdentity !== null &&
          lease.holderIdentity !== this.identity &&
          this.observedTime + flags.leaderElectLeaseDuration > clock.now;
      },
      (ok) => {
        if (!this.actorRunning()) return;
        if (!ok || !readOk) return fail();
        if (heldByOther) {
          if (this.isLeader) this.actor.send({ type: 'lease.lost', why: 'heldByOther' });
          else next();
          return;
        }
        this.update(next, fail);
      },
    );
  }

  private actorRunning(): boolean {
    return this.actor.getSnapshot().value !== 'stopped';
  }

  private update(next: () => void, fail: () => void): void {
    const { clock } = this.ctx;
    const readRv = this.observedRv;
    let written = false;
    this.api.request(
      'lease.update',
      this.address,
      this.host,
      () => {
        const lease = this.lease;
        if (lease.resourceVersion !== readRv) return; // conflict: someone wrote in between
        if (lease.holderIdentity !== this.identity) {
          lease.leaseTransitions++;
          lease.acquireTime = clock.now;
          lease.holderIdentity = this.identity;
        }
        lease.renewTime = clock.now;
        lease.resourceVersion++;
        this.observedRv = lease.resourceVersion;
        this.observedTime = clock.now;
        written = true;
      },
      (ok) => {
        if (!this.actorRunning()) return;
        if (!ok || !written) return fail();
        this.lastRenew = clock.now;
        if (!this.isLeader) this.actor.send({ type: 'lease.acquired' });
        else next();
      },
    );
  }
}

export function createElector(
  elector: LeaderElector,
  startsAsLeader: boolean,
  clock: SimContext<KubernetesFlags>['clock'],
): void {
  elector.actor = createActor(leaderElectorMachine, {
    clock,
    input: { elector, startsAsLeader },
  });
}
