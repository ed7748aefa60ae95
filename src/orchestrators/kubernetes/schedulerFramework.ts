// kube-scheduler's filter and score plugins as pure functions over the API objects
// (pkg/scheduler/framework/plugins, FIDELITY.md §2.5). Filters run in the default profile's
// order and stop at the first that fails: NodeUnschedulable, TaintToleration, NodeResourcesFit.
// Scores: NodeResourcesFit (LeastAllocated) and BalancedAllocation, weight 1 each, computed by
// src/algorithms.ts. TaintToleration, NodeAffinity, InterPodAffinity and ImageLocality score
// every node alike here and drop out.
// SIMPLIFICATION: PodTopologySpread's system default constraints (hostname maxSkew 3, zone 5,
// ScheduleAnyway) are not scored, so replicas spread by resources only.

import { schedulerScores } from '../../algorithms';
import type { NodeObject, Pod } from './objects';
import { TAINT_NOT_READY, TAINT_UNREACHABLE } from './objects';

// kubelet --max-pods default (pkg/kubelet/apis/config/v1beta1/defaults.go): allocatable pods.
export const MAX_PODS = 110;

/** The API server's DefaultTolerationSeconds admission gives every pod these two. */
function tolerates(key: string, effect: string): boolean {
  return effect === 'NoExecute' && (key === TAINT_NOT_READY || key === TAINT_UNREACHABLE);
}

const FITS: readonly string[] = Object.freeze([]);

/** The reasons this node fails the pod, as FailedScheduling counts them; empty if it fits. */
export function filterNode(pod: Pod, node: NodeObject): readonly string[] {
  if (node.unschedulable) return ['node(s) were unschedulable'];
  for (const t of node.taints) {
    if (!tolerates(t.key, t.effect)) return [`node(s) had untolerated taint {${t.key}: }`];
  }
  const tooMany = node.pods.size + 1 > MAX_PODS;
  const noCpu = node.requestedCpu + pod.cpu > node.spec.cpuMilli;
  const noMemory = node.requestedMemory + pod.memory > node.spec.memoryBytes;
  if (!tooMany && !noCpu && !noMemory) return FITS;
  const reasons: string[] = [];
  if (node.pods.size + 1 > MAX_PODS) reasons.push('Too many pods');
  if (node.requestedCpu + pod.cpu > node.spec.cpuMilli) reasons.push('Insufficient cpu');
  if (node.requestedMemory + pod.memory > node.spec.memoryBytes)
    reasons.push('Insufficient memory');
  return reasons;
}

/** FitError.Error(): "0/9 nodes are available: " + reasons "N reason", sorted as strings. */
export function failedSchedulingMessage(total: number, reasons: Map<string, number>): string {
  const parts = [...reasons].map(([reason, n]) => `${n} ${reason}`).sort();
  return `0/${total} nodes are available: ${parts.join(', ')}.`;
}

/** numFeasibleNodesToFind with percentageOfNodesToScore (0 = adaptive). */
export function numFeasibleNodesToFind(all: number, percentage: number): number {
  const MIN = 100;
  if (all < MIN) return all;
  let pct = percentage;
  if (pct === 0) pct = Math.max(5, 50 - Math.trunc(all / 125));
  const n = Math.trunc((all * pct) / 100);
  return n < MIN ? MIN : n;
}

export interface NodeScore {
  node: string;
  leastAllocated: number;
  balancedAllocation: number;
  total: number;
}

export interface CachedScore {
  requestedCpu: number;
  requestedMemory: number;
  podCpu: number;
  podMemory: number;
  leastAllocated: number;
  balancedAllocation: number;
}

/**
 * Scores of the feasible nodes. A node's scores change only when its requests or the pod's do,
 * so they are remembered per node and only the changed ones go through schedulerScores again:
 * the same numbers, without rebuilding 500 inputs for every pod of a large scale-up.
 */
export function scoreNodes(
  pod: Pod,
  nodes: NodeObject[],
  cache: Map<NodeObject, CachedScore> = new Map(),
): CachedScore[] {
  const stale: NodeObject[] = [];
  for (const n of nodes) {
    const c = cache.get(n);
    if (
      !c ||
      c.requestedCpu !== n.requestedCpu ||
      c.requestedMemory !== n.requestedMemory ||
      c.podCpu !== pod.cpu ||
      c.podMemory !== pod.memory
    ) {
      stale.push(n);
    }
  }
  if (stale.length > 0) {
    const input = stale.map((n) => ({
      allocatable: { cpu: n.spec.cpuMilli, memory: n.spec.memoryBytes },
      requested: { cpu: n.requestedCpu, memory: n.requestedMemory },
    }));
    const request = { cpu: pod.cpu, memory: pod.memory };
    const least = schedulerScores('LeastAllocated', request, input);
    const balanced = schedulerScores('BalancedAllocation', request, input);
    stale.forEach((n, i) =>
      cache.set(n, {
        requestedCpu: n.requestedCpu,
        requestedMemory: n.requestedMemory,
        podCpu: pod.cpu,
        podMemory: pod.memory,
        leastAllocated: least[i]!,
        balancedAllocation: balanced[i]!,
      }),
    );
  }
  return nodes.map((n) => cache.get(n)!);
}
