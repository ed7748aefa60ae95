// What the ZooKeeper ensemble stores and serves (SessionTrackerImpl.java, ExpiryQueue.java,
// DataTree.java): sessions with expiry rounded up to the next tickTime multiple, EPHEMERAL |
// SEQUENTIAL znodes deleted when their session ends, and watches on a parent's children. Every
// change is a write: it commits only while the serving leader has a quorum. A new leader
// restarts every session clock, dead clients' too (FIDELITY.md §6).

import type { Timer } from '../../engine/clock';
import type { ZkClient } from './zkClient';
import type { ZkServer } from './zookeeperServer';
import type { MesosWorld } from './world';
import { causeFor } from './world';

export interface Session {
  id: number;
  /** `host/process` of the client. */
  owner: string;
  host: string;
  timeoutMs: number;
  expiresAt: number;
  ephemerals: Set<string>;
  alive: boolean;
}

export interface Znode {
  path: string;
  parent: string;
  seq: number;
  session: number;
  /** The host that created it (mesos MasterInfo / Marathon's latch id). */
  data: string;
}

export abstract class ZkData {
  readonly sessions = new Map<number, Session>();
  private readonly groups = new Map<string, Map<string, Znode>>();
  private readonly seqs = new Map<string, number>();
  private readonly watchers = new Map<string, Set<ZkClient>>();
  readonly clientsOf = new Map<ZkServer, Set<ZkClient>>();
  /** Called after the children of a parent change (the mesos-master detector uses it). */
  onGroupChange: (parent: string) => void = () => {};
  /** Called when a leader starts serving (true) or the serving leader stops (false). */
  onServing: (serving: boolean, cause: number | null) => void = () => {};
  private nextSession = 1;
  /** When a server last stopped serving clients (followers serve until they notice). */
  lastServedAt = 0;
  private expiryTimer: Timer | null = null;

  constructor(protected readonly world: MesosWorld) {}

  abstract leader(): ZkServer | null;
  /** Some server still serves its clients (a follower that has not noticed its leader is gone). */
  abstract anyServing(): boolean;
  abstract canCommit(): boolean;
  protected abstract committed(): void;

  /** ExpiryQueue.roundToNextInterval: the next tickTime multiple strictly after `t`. */
  roundUp(t: number): number {
    const tick = this.world.flags.tickTime;
    return (Math.floor(t / tick) + 1) * tick;
  }

  /** The timeout a server grants: clamped to [minSessionTimeout, maxSessionTimeout]. */
  negotiate(requestedMs: number): number {
    const f = this.world.flags;
    return Math.min(Math.max(requestedMs, f.minSessionTimeout), f.maxSessionTimeout);
  }

  /** Seed a session that exists as the run starts settled. */
  seedSession(owner: string, host: string, timeoutMs: number): Session {
    const s: Session = {
      id: this.nextSession++,
      owner,
      host,
      timeoutMs,
      expiresAt: this.roundUp(timeoutMs),
      ephemerals: new Set(),
      alive: true,
    };
    this.sessions.set(s.id, s);
    return s;
  }

  createSession(owner: string, host: string, requestedMs: number): Session | null {
    if (!this.canCommit()) return null;
    this.committed();
    const s = this.seedSession(owner, host, this.negotiate(requestedMs));
    s.expiresAt = this.roundUp(this.world.ctx.clock.now + s.timeoutMs);
    return s;
  }

  isAlive(id: number | null): boolean {
    return id !== null && this.sessions.get(id)?.alive === true;
  }

  touch(id: number): void {
    const s = this.sessions.get(id);
    if (s?.alive && this.leader())
      s.expiresAt = this.roundUp(this.world.ctx.clock.now + s.timeoutMs);
  }

  /** create(parent/n_, EPHEMERAL_SEQUENTIAL); null when it cannot commit. */
  createEphemeral(parent: string, session: number, data: string, seeded = false): Znode | null {
    const s = this.sessions.get(session);
    if (!s?.alive || (!seeded && !this.canCommit())) return null;
    if (!seeded) this.committed();
    const seq = this.seqs.get(parent) ?? 0;
    this.seqs.set(parent, seq + 1);
    const node: Znode = {
      path: `${parent}/${String(seq).padStart(10, '0')}`,
      parent,
      seq,
      session,
      data,
    };
    let group = this.groups.get(parent);
    if (!group) this.groups.set(parent, (group = new Map()));
    group.set(node.path, node);
    s.ephemerals.add(node.path);
    if (!seeded) this.changed(parent);
    return node;
  }

  /** The children of a parent, lowest sequence first. */
  children(parent: string): Znode[] {
    return [...(this.groups.get(parent)?.values() ?? [])];
  }

  exists(path: string | null): boolean {
    if (path === null) return false;
    const parent = path.slice(0, path.lastIndexOf('/'));
    return this.groups.get(parent)?.has(path) === true;
  }

  watch(parent: string, client: ZkClient): void {
    let set = this.watchers.get(parent);
    if (!set) this.watchers.set(parent, (set = new Set()));
    set.add(client);
  }

  unwatch(client: ZkClient): void {
    for (const set of this.watchers.values()) set.delete(client);
  }

  /** A clean close: the session ends now and its ephemerals go. False if it cannot commit. */
  closeSession(id: number): boolean {
    const s = this.sessions.get(id);
    if (!s?.alive || !this.canCommit()) return false;
    this.end(s, 'closed');
    return true;
  }

  /** A leader starts serving: every live session's clock restarts (SessionTrackerImpl). */
  leaderStarted(_leader: ZkServer): void {
    const now = this.world.ctx.clock.now;
    for (const s of this.sessions.values())
      if (s.alive) s.expiresAt = this.roundUp(now + s.timeoutMs);
    this.armExpiry();
    this.onServing(true, null);
  }

  startExpiry(): void {
    this.armExpiry();
  }

  private armExpiry(): void {
    this.world.ctx.clock.clearTimeout(this.expiryTimer);
    const at = this.roundUp(this.world.ctx.clock.now);
    this.expiryTimer = this.world.ctx.clock.at(at, () => {
      this.expiryTimer = null;
      if (!this.leader()) return;
      this.armExpiry();
      if (!this.canCommit()) return;
      const now = this.world.ctx.clock.now;
      for (const s of this.sessions.values())
        if (s.alive && s.expiresAt <= now) this.end(s, 'expired');
    });
  }

  private end(s: Session, why: 'expired' | 'closed'): void {
    this.committed();
    s.alive = false;
    const parents = new Set<string>();
    for (const path of s.ephemerals) {
      const parent = path.slice(0, path.lastIndexOf('/'));
      this.groups.get(parent)?.delete(path);
      parents.add(parent);
    }
    s.ephemerals.clear();
    if (why === 'expired') {
      this.world.ctx.recorder.emit({
        type: 'zk.session.expired',
        subject: s.owner,
        host: s.host,
        cause: causeFor(this.world, s.host),
        native: `Expiring session 0x${s.id.toString(16)}, timeout of ${s.timeoutMs}ms exceeded`,
        text: `ZooKeeper expires the session of ${s.owner}: nothing heard for its ${s.timeoutMs / 1000} s timeout (zk_session_timeout, rounded up to the next tickTime), so its ephemeral znodes are deleted.`,
        data: { session: s.id, parents: [...parents] },
      });
    }
    for (const parent of parents) this.changed(parent);
  }

  private changed(parent: string): void {
    this.onGroupChange(parent);
    for (const client of this.watchers.get(parent) ?? []) client.watchFired(parent);
  }

  /** A server stopped serving: it drops its clients (they notice at once if they can hear it). */
  stoppedServing(server: ZkServer, wasLeader: boolean): void {
    for (const client of [...(this.clientsOf.get(server) ?? [])]) client.serverDropped(server);
    this.clientsOf.delete(server);
    this.lastServedAt = this.world.ctx.clock.now;
    if (wasLeader) {
      const ev = this.world.ctx.recorder.emit({
        type: 'leader.lost',
        subject: 'zookeeper',
        host: server.host,
        cause: causeFor(this.world, server.host),
        native: 'LOOKING',
        text: `ZooKeeper server ${server.sid} on ${server.host} no longer leads: until a new leader syncs a quorum, the ensemble serves nothing.`,
      });
      this.onServing(false, ev.seq);
    }
  }
}
