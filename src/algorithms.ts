// Contract 4 (DESIGN.md): the real systems' decision arithmetic as pure functions over plain data,
// so that tests and teachers can check them against upstream without a run. CPU in millicores,
// memory in bytes, times in seconds. Upstream keeps these values as integers (int32/int64), so the
// integer steps below use floor division on the same integers; callers pass whole numbers.

/** floor(a / b) for a ≥ 0, b > 0, corrected so float rounding never lands on the wrong integer. */
function idiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q -= 1;
  else if ((q + 1) * b <= a) q += 1;
  return q;
}

// Kubernetes HorizontalPodAutoscaler

export type HpaPod = {
  request: number;
  usage: number | null;
  ready: boolean;
  phase: 'Running' | 'Pending' | 'Failed';
  deleting: boolean;
  cpuInitializing: boolean;
};
type Sample = { usage: number; request: number };

// metrics/utilization.go GetResourceUtilizationRatio: a ratio of sums, cut to a whole percent
// before it is compared, which is why 47.5 % counts as 47 %.
function utilizationOf(samples: Sample[]): { utilization: number; rawAverage: number } | null {
  let usage = 0;
  let request = 0;
  for (const s of samples) {
    usage += s.usage;
    request += s.request;
  }
  if (request <= 0 || samples.length === 0) return null;
  return {
    utilization: idiv(usage * 100, request),
    rawAverage: idiv(usage, samples.length),
  };
}

/**
 * kubernetes pkg/controller/podautoscaler/replica_calculator.go GetResourceReplicas (v1.33+
 * Tolerances.isWithin: hold when 1 − tol ≤ ratio ≤ 1 + tol, so exactly 110 % holds).
 * Upstream returns an error ("did not receive metrics …") when no ready pod has a sample; this
 * returns { replicas: currentReplicas, utilization: 0, rawAverage: 0 } instead, so the caller
 * keeps the count and can set ScalingActive False itself. A zero request total is treated alike.
 */
export function hpaReplicas(input: {
  currentReplicas: number;
  targetUtilization: number;
  tolerance?: number;
  pods: HpaPod[];
}): { replicas: number; utilization: number; rawAverage: number } {
  const { currentReplicas: current, targetUtilization: target, pods } = input;
  const tolerance = input.tolerance ?? 0.1;
  const within = (r: number) => 1 - tolerance <= r && r <= 1 + tolerance;

  // groupPods: the order of the checks matters (a Pending pod is unready even with a sample, and
  // a Running pod without a sample is missing even if it is not Ready).
  const ready: Sample[] = [];
  const unready: number[] = [];
  const missing: number[] = [];
  for (const pod of pods) {
    if (pod.deleting || pod.phase === 'Failed') continue;
    if (pod.phase === 'Pending') unready.push(pod.request);
    else if (pod.usage === null) missing.push(pod.request);
    else if (!pod.ready || pod.cpuInitializing) unready.push(pod.request);
    else ready.push({ usage: pod.usage, request: pod.request });
  }

  const first = utilizationOf(ready);
  if (!first) return { replicas: current, utilization: 0, rawAverage: 0 };
  const { utilization, rawAverage } = first;
  const hold = { replicas: current, utilization, rawAverage };
  const ratio = utilization / target;

  const scaleUpWithUnready = unready.length > 0 && ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (within(ratio)) return hold;
    return { replicas: Math.ceil(ratio * ready.length), utilization, rawAverage };
  }

  // Assume the worst for the direction of travel: missing pods use their request (or the target,
  // above 100 %) on the way down and nothing on the way up; unready pods use nothing on the way up.
  const samples = [...ready];
  if (ratio < 1) {
    const fallback = Math.max(100, target);
    for (const request of missing) samples.push({ usage: idiv(request * fallback, 100), request });
  } else if (ratio > 1) {
    for (const request of missing) samples.push({ usage: 0, request });
  }
  if (scaleUpWithUnready) for (const request of unready) samples.push({ usage: 0, request });

  const second = utilizationOf(samples);
  if (!second) return hold;
  const newRatio = second.utilization / target;
  if (within(newRatio) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return hold;

  const replicas = Math.ceil(newRatio * samples.length);
  if ((newRatio < 1 && replicas > current) || (newRatio > 1 && replicas < current)) return hold;
  return { replicas, utilization, rawAverage };
}

export type Rules = {
  policies: (({ pods: number } | { percent: number }) & { periodSeconds: number })[];
  select: 'Max' | 'Min' | 'Disabled';
  stabilizationWindowSeconds: number;
};
/** A past rescale; `change` is the number of pods added (up) or removed (down), positive. */
export type ScaleEvent = { secondsAgo: number; change: number };
export type ScaleLimitInput = {
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  scaleUp: Rules;
  scaleDown: Rules;
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
};

// horizontal.go getReplicasChangePerPeriod: an event counts while timestamp > now − period.
function changeWithin(events: ScaleEvent[], periodSeconds: number): number {
  let sum = 0;
  for (const e of events) if (e.secondsAgo < periodSeconds) sum += e.change;
  return sum;
}

// horizontal.go calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors:
// each policy proposes a bound from the count at its period's start; Max/Min pick the policy
// allowing the biggest/smallest move. ±Infinity stands in for upstream's MinInt32/MaxInt32 seed.
function rateLimit(direction: 'up' | 'down', input: ScaleLimitInput): number {
  const { currentReplicas: current, scaleUpEvents: up, scaleDownEvents: down } = input;
  const rules = direction === 'up' ? input.scaleUp : input.scaleDown;
  if (rules.select === 'Disabled') return current;
  const biggestMove = rules.select === 'Max';
  const pickHigher = direction === 'up' ? biggestMove : !biggestMove;
  let result = pickHigher ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const start = current - changeWithin(up, p.periodSeconds) + changeWithin(down, p.periodSeconds);
    let proposed: number;
    if (direction === 'up') {
      // Rounded up so that a small percentage still adds a pod.
      proposed = 'pods' in p ? start + p.pods : Math.ceil(start * (1 + p.percent / 100));
    } else {
      // Go's int32(float64) conversion truncates toward zero.
      proposed = 'pods' in p ? start - p.pods : Math.trunc(start * (1 - p.percent / 100));
    }
    result = pickHigher ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/**
 * kubernetes horizontal.go convertDesiredReplicasWithBehaviorRate. Expects currentReplicas already
 * within [minReplicas, maxReplicas]: upstream's reconcileAutoscaler snaps it before getting here.
 */
export function hpaScaleLimit(input: ScaleLimitInput): { replicas: number; reason: string } {
  const { currentReplicas: current, desiredReplicas: desired } = input;
  if (desired > current) {
    // Events already in the window can push the limit below current: never scale down here.
    const limit = Math.max(rateLimit('up', input), current);
    const [allowed, reason] =
      input.maxReplicas > limit ? [limit, 'ScaleUpLimit'] : [input.maxReplicas, 'TooManyReplicas'];
    if (desired > allowed) return { replicas: allowed, reason };
  } else if (desired < current) {
    const limit = Math.min(rateLimit('down', input), current);
    const [allowed, reason] =
      input.minReplicas < limit ? [limit, 'ScaleDownLimit'] : [input.minReplicas, 'TooFewReplicas'];
    if (desired < allowed) return { replicas: allowed, reason };
  }
  return { replicas: desired, reason: 'DesiredWithinRange' };
}

/** kubernetes horizontal.go convertDesiredReplicasWithRules: the path without spec.behavior. */
export function hpaLegacyLimit(input: {
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
}): { replicas: number; reason: string } {
  // calculateScaleUpLimit: guards against bogus usage spikes (kubernetes issue #32304).
  const limit = Math.max(2 * input.currentReplicas, 4);
  const [allowed, reason] =
    input.maxReplicas > limit ? [limit, 'ScaleUpLimit'] : [input.maxReplicas, 'TooManyReplicas'];
  if (input.desiredReplicas < input.minReplicas) {
    return { replicas: input.minReplicas, reason: 'TooFewReplicas' };
  }
  if (input.desiredReplicas > allowed) return { replicas: allowed, reason };
  return { replicas: input.desiredReplicas, reason: 'DesiredWithinRange' };
}

/** kubernetes pkg/apis/autoscaling/v2/defaults.go, used only when an HPA has a behavior. */
export function hpaDefaultBehavior(): { scaleUp: Rules; scaleDown: Rules } {
  return {
    scaleUp: {
      policies: [
        { pods: 4, periodSeconds: 15 },
        { percent: 100, periodSeconds: 15 },
      ],
      select: 'Max',
      stabilizationWindowSeconds: 0,
    },
    scaleDown: {
      policies: [{ percent: 100, periodSeconds: 15 }],
      select: 'Max',
      stabilizationWindowSeconds: 300,
    },
  };
}

// kube-scheduler

type Resources = { cpu: number; memory: number };

// pkg/scheduler/util DefaultMilliCPURequest / DefaultMemoryRequest (GetNonzeroRequestForResource).
const DEFAULT_MILLI_CPU_REQUEST = 100;
const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/**
 * kubernetes pkg/scheduler/framework/plugins/noderesources: least_allocated.go
 * (leastResourceScorer, leastRequestedScore) and balanced_allocation.go (balancedResourceScorer).
 * Node `requested` is taken as given: upstream feeds LeastAllocated the nodes' non-zero request
 * sums and BalancedAllocation the real ones; only the pod's own defaults are applied here.
 * A pod with no requests at all makes BalancedAllocation's PreScore return Skip, so the plugin
 * adds nothing to any node: returned as 0 for every node (kubernetes issue #129138).
 */
export function schedulerScores(
  plugin: 'LeastAllocated' | 'BalancedAllocation',
  pod: Resources,
  nodes: { allocatable: Resources; requested: Resources }[],
  weights: Resources = { cpu: 1, memory: 1 },
): number[] {
  if (plugin === 'LeastAllocated') {
    // Only here does a pod without requests count as a small one, so it still spreads out.
    const podCpu = pod.cpu === 0 ? DEFAULT_MILLI_CPU_REQUEST : pod.cpu;
    const podMemory = pod.memory === 0 ? DEFAULT_MEMORY_REQUEST : pod.memory;
    return nodes.map(({ allocatable, requested }) => {
      let score = 0;
      let weightSum = 0;
      const resources: [number, number, number][] = [
        [allocatable.cpu, requested.cpu + podCpu, weights.cpu],
        [allocatable.memory, requested.memory + podMemory, weights.memory],
      ];
      for (const [cap, req, weight] of resources) {
        if (cap <= 0) continue; // skipped with its weight, not scored 0
        score += (req > cap ? 0 : idiv((cap - req) * 100, cap)) * weight;
        weightSum += weight;
      }
      return weightSum === 0 ? 0 : idiv(score, weightSum);
    });
  }
  if (pod.cpu === 0 && pod.memory === 0) return nodes.map(() => 0);
  return nodes.map(({ allocatable, requested }) => {
    const fractions: number[] = [];
    const pairs: [number, number][] = [
      [allocatable.cpu, requested.cpu + pod.cpu],
      [allocatable.memory, requested.memory + pod.memory],
    ];
    for (const [cap, req] of pairs) if (cap > 0) fractions.push(Math.min(1, req / cap));
    // Two resources (cpu, memory): the population std-dev is half their difference (v1.23+).
    const [a, b] = fractions;
    const std = a !== undefined && b !== undefined ? Math.abs((a - b) / 2) : 0;
    return Math.trunc((1 - std) * 100);
  });
}

// Apache Mesos

/**
 * apache/mesos src/master/allocator/sorter/drf/sorter.cpp calculateShare and sorter.hpp
 * Node::compareDRF; sort() lists active leaves only. Weights are positive (Mesos validates them).
 */
export function drfOrder(
  total: { cpus: number; mem: number },
  clients: {
    name: string;
    cpus: number;
    mem: number;
    weight: number;
    allocationCount: number;
    active: boolean;
  }[],
): string[] {
  const share = (c: { cpus: number; mem: number; weight: number }) => {
    let s = 0;
    if (total.cpus > 0) s = Math.max(s, c.cpus / total.cpus);
    if (total.mem > 0) s = Math.max(s, c.mem / total.mem);
    return s / c.weight;
  };
  return clients
    .filter((c) => c.active)
    .map((c) => ({ c, share: share(c) }))
    .sort((x, y) => {
      if (x.share !== y.share) return x.share < y.share ? -1 : 1;
      if (x.c.allocationCount !== y.c.allocationCount) {
        return x.c.allocationCount - y.c.allocationCount;
      }
      // Code-unit order, as std::string's operator< (bytes) gives for ASCII names; not locale.
      return x.c.name < y.c.name ? -1 : x.c.name > y.c.name ? 1 : 0;
    })
    .map((x) => x.c.name);
}

// Apache ZooKeeper

export type Vote = { sid: number; zxid: number; epoch: number };

/**
 * apache/zookeeper FastLeaderElection.java totalOrderPredicate (observers' zero weight is out of
 * scope: every vote here is a participant's). Strict, so a tie never displaces the current vote.
 */
export function zkVoteWins(next: Vote, current: Vote): boolean {
  if (next.epoch !== current.epoch) return next.epoch > current.epoch;
  if (next.zxid !== current.zxid) return next.zxid > current.zxid;
  return next.sid > current.sid;
}

/**
 * The leader a full exchange of the given (reachable, quorum-forming) servers' initial votes
 * settles on: the greatest vote under zkVoteWins. Returns -1 for no votes (no quorum, no leader).
 */
export function zkElectedLeader(votes: Vote[]): number {
  let best: Vote | undefined;
  for (const v of votes) if (best === undefined || zkVoteWins(v, best)) best = v;
  return best === undefined ? -1 : best.sid;
}
