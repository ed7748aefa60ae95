// The Kubernetes controllers' own arithmetic, checked against upstream without a run: zone
// states, the tainting token bucket, the FailedScheduling message, the adaptive number of nodes
// to score, and the ReplicaSet's scale-down order.

import { describe, expect, it } from 'vitest';
import type { NodeObject, Pod } from '../../../src/orchestrators/kubernetes/objects';
import { rankForDeletion } from '../../../src/orchestrators/kubernetes/replicaSetController';
import {
  failedSchedulingMessage,
  numFeasibleNodesToFind,
} from '../../../src/orchestrators/kubernetes/schedulerFramework';
import { TokenBucket, computeZoneState } from '../../../src/orchestrators/kubernetes/zones';

describe('node lifecycle controller: ComputeZoneState', () => {
  it('follows the FIDELITY.md §2.2 table with --unhealthy-zone-threshold 0.55', () => {
    expect(computeZoneState(0, 3, 0.55)).toBe('FullDisruption');
    expect(computeZoneState(3, 3, 0.55)).toBe('Normal'); // six workers, three down: one per 10 s
    expect(computeZoneState(2, 4, 0.55)).toBe('PartialDisruption'); // four down: nothing evicted
    expect(computeZoneState(1, 2, 0.55)).toBe('Normal'); // not more than 2 not Ready
    expect(computeZoneState(0, 0, 0.55)).toBe('Normal');
  });

  it('taints one node per 10 s at --node-eviction-rate 0.1 with burst 1, none at rate 0', () => {
    const bucket = new TokenBucket(0.1, 1, 0);
    expect(bucket.tryAccept(0)).toBe(true);
    expect(bucket.tryAccept(9_900)).toBe(false);
    expect(bucket.tryAccept(10_000)).toBe(true);
    expect(new TokenBucket(0, 1, 0).tryAccept(1e9)).toBe(false);
  });
});

describe('kube-scheduler', () => {
  it('writes FailedScheduling as FitError does: "N reason" strings sorted', () => {
    const reasons = new Map([
      ['Insufficient cpu', 5],
      ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', 3],
      ['node(s) had untolerated taint {node.kubernetes.io/unreachable: }', 1],
    ]);
    expect(failedSchedulingMessage(9, reasons)).toBe(
      '0/9 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, ' +
        '3 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 5 Insufficient cpu.',
    );
  });

  it('scores all nodes below 100, then 50 − n/125 percent, at least 5 % and 100 nodes', () => {
    expect(numFeasibleNodesToFind(99, 0)).toBe(99);
    expect(numFeasibleNodesToFind(1000, 0)).toBe(420);
    expect(numFeasibleNodesToFind(5003, 0)).toBe(500);
    expect(numFeasibleNodesToFind(200, 0)).toBe(100);
    expect(numFeasibleNodesToFind(10_000, 0)).toBe(500);
    expect(numFeasibleNodesToFind(1000, 50)).toBe(500);
  });
});

describe('ReplicaSet scale-down order (ActivePodsWithRanks, LogarithmicScaleDown)', () => {
  const node = (name: string) => ({ name }) as NodeObject;
  const pod = (id: string, over: Partial<Pod>): Pod =>
    ({
      id,
      node: node('node-1'),
      host: 'node-1',
      podPhase: 'Running',
      apiReady: true,
      readyTransitionTime: 0,
      createdAt: 0,
      ...over,
    }) as Pod;

  it('deletes unassigned, then Pending, then not Ready, then doubled-up, then the newest Ready', () => {
    const now = 1_000_000;
    const pods = [
      pod('old', { host: 'node-2', node: node('node-2'), readyTransitionTime: 0 }),
      pod('young', { host: 'node-3', node: node('node-3'), readyTransitionTime: now - 10_000 }),
      pod('doubled-a', { readyTransitionTime: 0 }),
      pod('doubled-b', { readyTransitionTime: 0 }),
      pod('notready', { host: 'node-4', node: node('node-4'), apiReady: false }),
      pod('pending', {
        host: 'node-5',
        node: node('node-5'),
        podPhase: 'Pending',
        apiReady: false,
      }),
      pod('unassigned', { host: null, node: null, podPhase: 'Pending', apiReady: false }),
    ];
    expect(rankForDeletion(pods, now).map((p) => p.id)).toEqual([
      'unassigned',
      'pending',
      'notready',
      'doubled-a',
      'doubled-b',
      'young',
      'old',
    ]);
  });
});
