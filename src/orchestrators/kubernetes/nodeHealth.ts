// The node lifecycle controller's health bookkeeping (pkg/controller/nodelifecycle/
// node_lifecycle_controller.go, tryUpdateNodeHealth), as pure functions over plain records.

export type ReadyCondition = 'True' | 'False' | 'Unknown';

export interface NodeHealth {
  node: string;
  /** The Lease renewTime the controller saw last, on the API server's clock. */
  seenRenewTime: number;
  /** The controller's own clock when it last saw the Lease change. */
  probeTimestamp: number;
  ready: ReadyCondition;
  /** When Ready last changed (the condition's lastTransitionTime). */
  transitionTime: number;
}

export type HealthChange = { node: string; from: ReadyCondition; to: ReadyCondition };

/**
 * One monitor pass at `now`: a newer Lease renewTime refreshes probeTimestamp; silence past the
 * grace period turns Ready into Unknown ("Kubelet stopped posting node status."); a renewal from
 * an Unknown node brings it back to True (our kubelet posts Ready=True on reconnecting).
 */
export function monitorPass(
  nodes: Iterable<NodeHealth>,
  leaseRenewTime: (node: string) => number | undefined,
  now: number,
  gracePeriodMs: number,
): HealthChange[] {
  const changes: HealthChange[] = [];
  for (const health of nodes) {
    const renewTime = leaseRenewTime(health.node);
    const renewed = renewTime !== undefined && renewTime > health.seenRenewTime;
    if (renewed) {
      health.seenRenewTime = renewTime;
      health.probeTimestamp = now;
    }
    if (health.ready !== 'Unknown' && now > health.probeTimestamp + gracePeriodMs) {
      changes.push({ node: health.node, from: health.ready, to: 'Unknown' });
      health.ready = 'Unknown';
      health.transitionTime = now;
    } else if (health.ready === 'Unknown' && renewed) {
      changes.push({ node: health.node, from: 'Unknown', to: 'True' });
      health.ready = 'True';
      health.transitionTime = now;
    }
  }
  return changes;
}
