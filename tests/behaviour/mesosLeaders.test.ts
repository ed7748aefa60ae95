// Teaching claims, FIDELITY.md §7 (c) and (d), Mesos columns: Mesos judges ZooKeeper sessions,
// not master hosts, and ZooKeeper without quorum serves nothing.

import { describe, expect, it } from 'vitest';
import { HOPS, SEEDS, events, fault, first, mesosRun } from '../orchestrators/mesos/support';

describe('the scheduling leader’s host dies (leader-failure.yaml)', () => {
  it('resolves `leader` to control-1, the leading master’s host', () => {
    const run = mesosRun('leader-failure', 11);
    expect(fault(run).host).toBe('control-1');
    expect(fault(run).data.target).toBe('leader');
  });

  it('loses the master and Marathon leaders when their sessions expire, (6.7 s, 12 s] after the fault', () => {
    for (const seed of SEEDS) {
      const run = mesosRun('leader-failure', seed);
      const t0 = fault(run).t;
      for (const subject of ['mesos-master', 'marathon']) {
        const lost = first(run, 'leader.lost', subject, t0);
        expect(lost.host).toBe('control-1');
        expect(lost.t - t0).toBeGreaterThan(6_667);
        expect(lost.t - t0).toBeLessThanOrEqual(12_000);
      }
      // ZooKeeper keeps its quorum (leader control-3, two of three alive): no election there.
      expect(events(run, 'leader.lost', 'zookeeper')).toEqual([]);
    }
  });

  it('elects the next master within 1 s of the expiry, and Marathon’s standby loads and registers', () => {
    for (const seed of SEEDS) {
      const run = mesosRun('leader-failure', seed);
      const t0 = fault(run).t;
      const lost = first(run, 'leader.lost', 'mesos-master', t0);
      const elected = first(run, 'leader.elected', 'mesos-master', t0);
      expect(elected.native).toBe('Elected as the leading master!');
      expect(elected.host).not.toBe('control-1');
      expect(elected.t - lost.t).toBeGreaterThanOrEqual(0);
      expect(elected.t - lost.t).toBeLessThanOrEqual(1_000);
      const latch = first(run, 'marathon.elected', 'marathon', t0);
      const registered = first(run, 'leader.elected', 'marathon', t0);
      expect(latch.host).toBe(registered.host);
      expect(registered.t).toBeGreaterThan(latch.t); // loads its state first
      const reconciled = first(run, 'marathon.reconciled', 'marathon', t0);
      expect(reconciled.t - registered.t).toBe(15_000);
    }
  });

  it('marks no host unreachable and loses no replica: detectMs is null', () => {
    for (const seed of SEEDS.slice(0, 4)) {
      const run = mesosRun('leader-failure', seed);
      expect(events(run, 'host.unreachable')).toEqual([]);
      expect(events(run, 'replica.lost')).toEqual([]);
      expect(run.summary.detectMs).toBeNull();
      expect(run.summary.leaderlessMs).toBeGreaterThan(0);
    }
  });
});

describe('control-1 and control-2 die at 60 s and return at 3:00 (control-plane-quorum.yaml)', () => {
  it('has the ZooKeeper survivor step down and go LOOKING about 10 s in; no master leads', () => {
    for (const seed of SEEDS.slice(0, 4)) {
      const run = mesosRun('control-plane-quorum', seed);
      const looking = first(run, 'zk.state', 'zookeeper', 60_000);
      expect(looking.host).toBe('control-3');
      expect(looking.native).toBe('Not sufficient followers synced');
      expect(looking.t - 60_000).toBeGreaterThan(9_000);
      expect(looking.t - 60_000).toBeLessThanOrEqual(11_000);
      const during = run.events.filter(
        (e) => e.type === 'leader.elected' && e.t > 60_000 && e.t < 180_000,
      );
      expect(during).toEqual([]);
      expect(first(run, 'leader.lost', 'mesos-master', 60_000).t).toBeLessThan(180_000);
    }
  });

  it('elects control-3 within 0.2–0.5 s of the return, then a master in (t_zk + 10 s, t_zk + 12 s]', () => {
    for (const seed of SEEDS) {
      const run = mesosRun('control-plane-quorum', seed);
      const zk = first(run, 'leader.elected', 'zookeeper', 180_000);
      expect(zk.host).toBe('control-3');
      expect(zk.native).toBe('LEADING');
      expect(zk.t - 180_000).toBeGreaterThanOrEqual(200);
      // finalizeWait 200 ms, then discovery and sync round trips; a follower that reaches the
      // leader before it leads retries after leaderConnectDelayDuringRetryMs (100 ms).
      expect(zk.t - 180_000).toBeLessThanOrEqual(600);
      // The dead leader's re-armed session lingers a full timeout, rounded up to a tick.
      const master = first(run, 'leader.elected', 'mesos-master', 180_000);
      expect(master.t - zk.t).toBeGreaterThan(10_000);
      expect(master.t - zk.t).toBeLessThanOrEqual(12_000 + HOPS);
      const marathon = first(run, 'leader.elected', 'marathon', 180_000);
      expect(marathon.t).toBeGreaterThan(master.t);
      expect(events(run, 'replica.lost')).toEqual([]);
    }
  });
});
