// The hosts of a scenario as both sides see them: control-1..N, then the workers in file order.
// Same host, same index on both panes, so the eye compares timing, not layout.

import type { Scenario } from '../../scenario/types';
import { controlHostNames } from '../../scenario/types';

export interface HostSpec {
  name: string;
  role: 'control' | 'worker';
  zone: string | null;
  cpuMilli: number;
  memoryBytes: number;
}

export function buildHosts(scenario: Scenario): HostSpec[] {
  const control = controlHostNames(scenario.cluster.controlPlane).map((name): HostSpec => ({
    name,
    role: 'control',
    zone: null,
    cpuMilli: 0,
    memoryBytes: 0,
  }));
  const workers = scenario.cluster.workers.map((w): HostSpec => ({
    name: w.name,
    role: 'worker',
    zone: w.zone,
    cpuMilli: w.cpuMilli,
    memoryBytes: w.memoryBytes,
  }));
  return [...control, ...workers];
}
