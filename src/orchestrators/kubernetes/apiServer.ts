// kube-apiserver, one per control-plane host, in front of etcd. Every write from a kubelet or a
// controller travels as a message to an API server and commits only if that server's etcd
// member reaches a Raft leader with quorum (FIDELITY.md §2.8): without quorum nothing is written.
// Kubelets reach the API servers through a load balancer that only sends to a ready one
// (/readyz includes etcd); the controllers on a control-plane host talk to their local server,
// as kubeadm configures them.

import type { SimContext } from '../shared/model';
import type { KubernetesFlags } from './defaults';
import type { EtcdCluster } from './etcdCluster';

export const API = 'kube-apiserver';

export class ApiServers {
  /** kube-apiserver processes that run (stopped by `stop`, or with their host). */
  private readonly running = new Map<string, boolean>();
  private readonly hosts: string[];
  /** `host/kube-apiserver` per host, built once: every request names one. */
  private readonly addresses = new Map<string, string>();
  /** The host of each sender's address (`node-2/kubelet` → `node-2`), cut once per sender. */
  private readonly senderHosts = new Map<string, string>();
  private roundRobin = 0;

  constructor(
    private readonly ctx: SimContext<KubernetesFlags>,
    private readonly etcd: EtcdCluster,
    hosts: readonly string[],
  ) {
    this.hosts = [...hosts];
    for (const h of hosts) {
      this.running.set(h, true);
      this.addresses.set(h, `${h}/${API}`);
    }
  }

  setRunning(host: string, on: boolean): void {
    if (this.running.has(host)) this.running.set(host, on);
  }

  isRunning(host: string): boolean {
    return (this.running.get(host) ?? false) && this.ctx.network.isPowered(host);
  }

  /** serving (ready: its etcd has a leader with quorum) or unavailable. */
  state(host: string): 'serving' | 'unavailable' | 'stopped' {
    if (!this.isRunning(host)) return 'stopped';
    return this.etcd.writable(host) ? 'serving' : 'unavailable';
  }

  /** Can a request handled by the API server on `host` commit now? */
  canCommit(host: string): boolean {
    return this.isRunning(host) && this.etcd.writable(host);
  }

  /** The API server the load balancer sends `fromHost`'s request to, or null. */
  private balance(fromHost: string): string | null {
    const { network } = this.ctx;
    const n = this.hosts.length;
    for (let i = 0; i < n; i++) {
      const host = this.hosts[(this.roundRobin + i) % n]!;
      if (this.canCommit(host) && network.canReach(fromHost, host)) {
        this.roundRobin = (this.roundRobin + i + 1) % n;
        return host;
      }
    }
    return null;
  }

  /**
   * Send a request `kind` from process address `from` (host/process) to the API server on `via`
   * (null: through the load balancer). At delivery `op` runs if the write can commit; `done`
   * learns the outcome (at once when the request cannot leave). The answer's trip back is not
   * drawn: one message per request keeps large clusters cheap.
   */
  request(
    kind: string,
    from: string,
    via: string | null,
    op: () => void,
    done?: (ok: boolean) => void,
  ): void {
    let fromHost = this.senderHosts.get(from);
    if (fromHost === undefined) {
      fromHost = from.slice(0, from.indexOf('/'));
      this.senderHosts.set(from, fromHost);
    }
    const host = via ?? this.balance(fromHost);
    if (host === null) {
      done?.(false);
      return;
    }
    const to = this.addresses.get(host) ?? `${host}/${API}`;
    const message = this.ctx.network.send(kind, from, to, () => {
      if (!this.canCommit(host)) {
        done?.(false);
        return;
      }
      this.etcd.committed();
      op();
      done?.(true);
    });
    if (message.dropped) done?.(false);
  }
}
