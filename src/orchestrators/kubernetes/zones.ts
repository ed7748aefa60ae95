// Zone disruption states and the per-zone token bucket of the node lifecycle controller
// (node_lifecycle_controller.go ComputeZoneState; client-go util/flowcontrol TokenBucketRateLimiter).

import type { KubernetesFlags } from './defaults';

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** ComputeZoneState: a node without a Ready=True condition counts as not Ready. */
export function computeZoneState(ready: number, notReady: number, threshold: number): ZoneState {
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  // Upstream compares float32(notReady)/float32(notReady+ready) >= threshold.
  if (notReady > 2 && Math.fround(notReady / (notReady + ready)) >= Math.fround(threshold)) {
    return 'PartialDisruption';
  }
  return 'Normal';
}

export function zoneLabel(zone: string): string {
  return zone === '' ? '(no zone)' : zone;
}

/** A token bucket that starts full (golang.org/x/time/rate); qps 0 never accepts. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  tryAccept(now: number): boolean {
    if (this.qps <= 0) return false;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    if (this.tokens >= 1 - 1e-9) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

type RateFlags = Pick<
  KubernetesFlags,
  | 'nodeEvictionRate'
  | 'secondaryNodeEvictionRate'
  | 'largeClusterSizeThreshold'
  | 'unhealthyZoneThreshold'
>;

/**
 * setLimiterInZone: Normal and FullDisruption taint at --node-eviction-rate; a partially
 * disrupted zone at the secondary rate if it is large, else not at all.
 */
export function zoneRate(state: ZoneState, size: number, flags: RateFlags): number {
  if (state !== 'PartialDisruption') return flags.nodeEvictionRate;
  return size > flags.largeClusterSizeThreshold ? flags.secondaryNodeEvictionRate : 0;
}

export function zoneStateText(
  zone: string,
  state: ZoneState,
  notReady: number,
  size: number,
  qps: number,
  flags: RateFlags,
): string {
  if (state === 'PartialDisruption') {
    return `Zone ${zoneLabel(zone)} is in PartialDisruption: ${notReady} of ${size} nodes are not Ready (over 2 and at least ${flags.unhealthyZoneThreshold * 100} %, --unhealthy-zone-threshold). Tainting there ${qps === 0 ? 'stops' : `slows to ${qps}/s`} (--secondary-node-eviction-rate, zones of over ${flags.largeClusterSizeThreshold} nodes).`;
  }
  const what = state === 'Normal' ? 'back to Normal' : 'in FullDisruption (no node Ready)';
  return `Zone ${zoneLabel(zone)} is ${what}: tainting at ${qps}/s (--node-eviction-rate).`;
}
