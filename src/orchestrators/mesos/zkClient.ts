// A ZooKeeper client session as mesos-master (src/zookeeper/group.cpp) and Marathon (Curator) hold
// one (ClientCnxn.java): it pings after a third of the timeout idle, deems its server gone after
// two thirds without a reply (read timeout: 6.7 s of 10 s), tries the other servers, and, once
// disconnected for a whole timeout, deems the session expired. The server may also say so.

import type { Timer } from '../../engine/clock';
import type { Message } from '../../run/types';
import type { Session } from './zkData';
import type { ZkEnsemble } from './zkEnsemble';
import type { ZkServer } from './zookeeperServer';
import type { MesosWorld } from './world';

export interface ZkClientListener {
  /** CONNECTED (fresh session) or reconnected with the same session. */
  connected(fresh: boolean): void;
  /** DISCONNECTED: Curator's SUSPENDED. */
  suspended(): void;
  /** EXPIRED (the server said so) or LOST (disconnected a whole timeout). */
  expired(): void;
  groupChanged(parent: string): void;
}

export type ZkClientState = 'CONNECTING' | 'CONNECTED' | 'DISCONNECTED' | 'EXPIRED' | 'CLOSED';

export class ZkClient {
  state: ZkClientState = 'CONNECTING';
  session: Session | null = null;
  server: ZkServer | null = null;
  private order: ZkServer[];
  private next = 0;
  private pingTimer: Timer | null = null;
  private readTimer: Timer | null = null;
  private connectTimer: Timer | null = null;
  private lostTimer: Timer | null = null;
  readonly host: string;

  constructor(
    private readonly world: MesosWorld,
    private readonly ens: ZkEnsemble,
    readonly owner: string,
    private readonly requestedMs: number,
    private readonly listener: ZkClientListener,
  ) {
    this.host = owner.slice(0, owner.indexOf('/'));
    // The connect string lists every server; the client shuffles it (StaticHostProvider).
    this.order = world.rng(`mesos/zk-client/${owner}`).shuffle([...ens.servers]);
  }

  get timeoutMs(): number {
    return this.session?.timeoutMs ?? this.ens.negotiate(this.requestedMs);
  }

  private get clock() {
    return this.world.ctx.clock;
  }

  /** Start connected to `server` with an existing session (the run starts settled). */
  seed(server: ZkServer, session: Session): void {
    this.session = session;
    this.attach(server);
    // Its ping loop runs at a phase of its own (FIDELITY.md §1), drawn from the seeded stream.
    const phase = this.world.rng(`mesos/zk-client/${this.owner}`).uniform(0, this.timeoutMs / 3);
    this.armPing(Math.floor(phase));
  }

  start(): void {
    this.tryConnect();
  }

  private tryConnect(): void {
    if (this.state === 'EXPIRED' || this.state === 'CLOSED') return;
    const server = this.order[this.next++ % this.order.length]!;
    this.world.ctx.network.send('ConnectRequest', this.owner, server.addr, () =>
      this.connectAt(server),
    );
    // ClientCnxn: connectTimeout = sessionTimeout / number of servers.
    this.connectTimer = this.clock.setTimeout(
      () => this.tryConnect(),
      this.timeoutMs / this.order.length,
    );
  }

  private connectAt(server: ZkServer): void {
    if (!server.serving || this.state === 'CONNECTED') return;
    if (this.state === 'EXPIRED' || this.state === 'CLOSED') return;
    let expired = false;
    let fresh = false;
    if (this.session === null) {
      this.session = this.ens.createSession(this.owner, this.host, this.requestedMs);
      if (this.session === null) return;
      fresh = true;
    } else if (!this.session.alive) expired = true;
    else this.ens.touch(this.session.id);
    this.world.ctx.network.send('ConnectResponse', server.addr, this.owner, () => {
      if (this.state === 'EXPIRED' || this.state === 'CLOSED' || this.state === 'CONNECTED') return;
      if (expired) {
        this.expire();
        return;
      }
      this.attach(server);
      this.listener.connected(fresh);
    });
  }

  private attach(server: ZkServer): void {
    this.clock.clearTimeout(this.connectTimer);
    this.clock.clearTimeout(this.lostTimer);
    this.connectTimer = this.lostTimer = null;
    this.state = 'CONNECTED';
    this.server = server;
    let set = this.ens.clientsOf.get(server);
    if (!set) this.ens.clientsOf.set(server, (set = new Set()));
    set.add(this);
    this.heard();
    this.armPing();
  }

  private armPing(inMs = this.timeoutMs / 3): void {
    this.clock.clearTimeout(this.pingTimer);
    this.pingTimer = this.clock.setTimeout(this.pingDue, inMs);
  }

  // The ping loop's timer and the ping's round trip: one function each for every ping, the
  // server passed along with the message, rather than new closures each time.
  private readonly pingDue = (): void => {
    this.pingTimer = null;
    this.ping();
    this.armPing();
  };

  private ping(): void {
    const server = this.server;
    if (!server || this.state !== 'CONNECTED') return;
    this.world.ctx.network.send('zk.ping', this.owner, server.addr, this.pingArrives, server);
  }

  private readonly pingArrives = (_message: Message, server: ZkServer): void => {
    if (!server.serving || this.server !== server || !this.session) return;
    this.ens.touch(this.session.id);
    this.world.ctx.network.send('zk.pong', server.addr, this.owner, this.pongArrives, server);
  };

  private readonly pongArrives = (_message: Message, server: ZkServer): void => {
    if (this.server === server) this.heard();
  };

  private heard(): void {
    this.clock.clearTimeout(this.readTimer);
    // ClientCnxn readTimeout = 2/3 of the session timeout.
    this.readTimer = this.clock.setTimeout(() => this.disconnected(), (this.timeoutMs * 2) / 3);
  }

  /** The server dropped us (it stopped serving); we hear it if its host can reach ours. */
  serverDropped(server: ZkServer): void {
    if (this.server !== server) return;
    if (!this.world.ctx.network.canReach(server.host, this.host)) return;
    this.world.ctx.network.send('zk.closed', server.addr, this.owner, () => {
      if (this.server === server) this.disconnected();
    });
  }

  private disconnected(): void {
    if (this.state !== 'CONNECTED') return;
    this.detach();
    this.state = 'DISCONNECTED';
    this.lostTimer = this.clock.setTimeout(() => this.expire(), this.timeoutMs);
    this.listener.suspended();
    if (this.state === 'DISCONNECTED') this.tryConnect();
  }

  private detach(): void {
    if (this.server) this.ens.clientsOf.get(this.server)?.delete(this);
    this.server = null;
    for (const t of [this.pingTimer, this.readTimer, this.connectTimer]) this.clock.clearTimeout(t);
    this.pingTimer = this.readTimer = this.connectTimer = null;
  }

  private expire(): void {
    if (this.state === 'EXPIRED' || this.state === 'CLOSED') return;
    this.detach();
    this.clock.clearTimeout(this.lostTimer);
    this.lostTimer = null;
    this.state = 'EXPIRED';
    this.ens.unwatch(this);
    this.listener.expired();
  }

  watchFired(parent: string): void {
    const server = this.server;
    if (!server || this.state !== 'CONNECTED' || !server.serving) return;
    this.world.ctx.network.send('WatchedEvent', server.addr, this.owner, () => {
      if (this.state === 'CONNECTED') this.listener.groupChanged(parent);
    });
  }

  /** A clean close: the session and its ephemerals end now, if the ensemble can commit. */
  close(): void {
    if (this.state === 'CONNECTED' && this.session) this.ens.closeSession(this.session.id);
    this.kill();
  }

  /** The process died: everything stops, and the session lingers until the server expires it. */
  kill(): void {
    this.detach();
    this.clock.clearTimeout(this.lostTimer);
    this.lostTimer = null;
    this.state = 'CLOSED';
    this.ens.unwatch(this);
  }
}
