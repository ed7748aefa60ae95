// The ZooKeeper ensemble: one server per control-plane host (sid N on control-N, zoo.cfg
// server.N), started settled with the highest sid LEADING epoch 1, plus the data its serving
// leader commits. A write commits only while the leader reaches a quorum of synced followers.

import { ZkData } from './zkData';
import { ZkServer } from './zookeeperServer';
import type { MesosWorld } from './world';

/** The ensemble: its servers plus the replicated data (sessions, znodes) the leader serves. */
export class ZkEnsemble extends ZkData {
  readonly servers: ZkServer[] = [];
  readonly quorum: number;

  constructor(
    world: MesosWorld,
    readonly size: number,
  ) {
    super(world);
    this.quorum = Math.floor(size / 2) + 1;
    const zxid = 2 ** 32 + 2 * size; // epoch 1: the masters' and Marathons' znodes were created
    for (let sid = 1; sid <= size; sid++) {
      const initial = sid === size ? 'LEADING' : 'FOLLOWING';
      this.servers.push(new ZkServer(world, this, sid, `control-${sid}`, initial, zxid));
    }
  }

  start(): void {
    for (const s of this.servers) s.start();
  }

  /** The leader that serves, if any. */
  leader(): ZkServer | null {
    for (const s of this.servers) if (s.serving && s.state === 'LEADING') return s;
    return null;
  }

  anyServing(): boolean {
    return this.servers.some((s) => s.serving);
  }

  serverOn(host: string): ZkServer | undefined {
    return this.servers.find((s) => s.host === host);
  }

  /** A write commits when the serving leader reaches a quorum of synced followers now. */
  canCommit(): boolean {
    const leader = this.leader();
    if (!leader) return false;
    let n = 1;
    const net = this.world.ctx.network;
    for (const sid of leader.synced) {
      const f = this.servers[sid - 1]!;
      if (f.up && f.serving && net.canReach(leader.host, f.host)) n++;
    }
    return n >= this.quorum;
  }

  protected committed(): void {
    const leader = this.leader();
    if (!leader) return;
    leader.lastZxid++;
    const net = this.world.ctx.network;
    for (const sid of leader.synced) {
      const f = this.servers[sid - 1]!;
      if (f.up && f.serving && net.canReach(leader.host, f.host)) f.lastZxid = leader.lastZxid;
    }
  }
}
