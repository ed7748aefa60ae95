import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/run/summary';
import type { RunEvent, Sample } from '../../src/run/types';

let seq = 0;
const ev = (
  t: number,
  type: string,
  subject: string,
  data: Record<string, unknown> = {},
  host: string | null = null,
): RunEvent => ({
  seq: ++seq,
  t,
  type,
  subject,
  host,
  cause: null,
  native: null,
  text: '',
  data,
});
const sample = (t: number, desired: number, ready: number, demand = 1): Sample => ({
  t,
  apps: { web: { desired, ready, pending: 0, cpu: demand, demand, utilization: 0 } },
});

describe('summary figures', () => {
  it('measures detection, recovery and lost replica-seconds from the first fault', () => {
    const events = [
      ev(0, 'fault.injected', 'web', { do: 'set-load' }), // not a fault for the summary
      ev(10_000, 'fault.injected', 'node-2', { do: 'fail-node' }),
      ev(62_000, 'host.unreachable', 'node-2'),
    ];
    const samples = [
      sample(0, 4, 4),
      sample(10_000, 4, 3),
      sample(20_000, 4, 2),
      sample(30_000, 4, 4),
    ];
    const s = summarize({
      events,
      samples,
      durationMs: 40_000,
      leaderSubjects: [],
      autoscaleTargets: {},
    });
    expect(s.detectMs).toBe(52_000);
    expect(s.recoverMs).toBe(20_000);
    expect(s.replicaSecondsLost).toBe(10 * 1 + 10 * 2);
    expect(s.leaderlessMs).toBeNull();
    expect(s.scaleReactionMs).toBeNull();
  });

  it('gives null recovery when nothing was lost, and null detection without a fault', () => {
    const s = summarize({
      events: [],
      samples: [sample(0, 4, 4), sample(1000, 4, 4)],
      durationMs: 2000,
      leaderSubjects: ['etcd'],
      autoscaleTargets: {},
    });
    expect(s.detectMs).toBeNull();
    expect(s.recoverMs).toBeNull();
    expect(s.replicaSecondsLost).toBe(0);
    expect(s.leaderlessMs).toBe(2000); // etcd never had a leader
  });

  it('counts time while any needed leader is missing, overlapping losses once', () => {
    const events = [
      ev(0, 'leader.elected', 'etcd', {}, 'control-1'),
      ev(0, 'leader.elected', 'kube-scheduler', {}, 'control-1'),
      ev(10_000, 'leader.lost', 'etcd'),
      ev(12_000, 'leader.lost', 'kube-scheduler'),
      ev(11_500, 'leader.elected', 'etcd', {}, 'control-2'),
      ev(30_000, 'leader.elected', 'kube-scheduler', {}, 'control-2'),
    ].sort((a, b) => a.t - b.t);
    const s = summarize({
      events,
      samples: [],
      durationMs: 60_000,
      leaderSubjects: ['etcd', 'kube-scheduler'],
      autoscaleTargets: {},
    });
    expect(s.leaderlessMs).toBe(1_500 + 18_000);
  });

  it('measures the autoscaler from demand first passing the target to the first automatic scale', () => {
    // 4 replicas × 0.5 cores × 60 % = 1.2 cores: demand passes it at 20 s.
    const samples = [sample(0, 4, 4, 1.2), sample(10_000, 4, 4, 1.2), sample(20_000, 4, 4, 1.5)];
    const events = [
      ev(5_000, 'app.scaled', 'web', { by: 'user' }),
      ev(45_000, 'app.scaled', 'web', { by: 'hpa' }),
    ];
    const s = summarize({
      events,
      samples,
      durationMs: 60_000,
      leaderSubjects: [],
      autoscaleTargets: { web: { utilization: 0.6, requestCores: 0.5 } },
    });
    expect(s.scaleReactionMs).toBe(25_000);
  });
});
