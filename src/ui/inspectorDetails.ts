// Inspector details beside a host's state and a replica's placement: the real flags that govern
// what happens to this host, with this scenario's values, and on Mesos the offer a task came in
// with and what was declined in the same round.

import { kubernetesDefaults } from '../orchestrators/kubernetes/defaults';
import { mesosDefaults } from '../orchestrators/mesos/defaults';
import { resolveFlags } from '../orchestrators/shared/flags';
import type { HostState, Run, RunEvent, Side } from '../run/types';
import type { FlagKind } from '../scenario/flags';
import { kubernetesFlagKinds, mesosFlagKinds } from '../scenario/flags';
import { formatFlagValue } from '../scenario/flagValues';
import type { FlagValue, Scenario } from '../scenario/types';

/** A flag as its real system spells it, with the scenario key that overrides it. */
interface FlagRow {
  key: string;
  /** The real flag or field, as an operator would write it. */
  flag: string;
}

type Role = HostState['role'];

const KUBERNETES_FLAGS: Record<Role, FlagRow[]> = {
  worker: [
    { key: 'nodeLeaseDurationSeconds', flag: 'kubelet --node-lease-duration-seconds' },
    { key: 'nodeStatusUpdateFrequency', flag: 'kubelet --node-status-update-frequency' },
    { key: 'nodeMonitorPeriod', flag: 'controller-manager --node-monitor-period' },
    { key: 'nodeMonitorGracePeriod', flag: 'controller-manager --node-monitor-grace-period' },
    { key: 'nodeEvictionRate', flag: 'controller-manager --node-eviction-rate' },
    {
      key: 'defaultUnreachableTolerationSeconds',
      flag: 'apiserver --default-unreachable-toleration-seconds',
    },
  ],
  control: [
    { key: 'heartbeatInterval', flag: 'etcd --heartbeat-interval' },
    { key: 'electionTimeout', flag: 'etcd --election-timeout' },
    { key: 'preVote', flag: 'etcd --pre-vote' },
    { key: 'leaderElectLeaseDuration', flag: '--leader-elect-lease-duration' },
    { key: 'leaderElectRenewDeadline', flag: '--leader-elect-renew-deadline' },
    { key: 'leaderElectRetryPeriod', flag: '--leader-elect-retry-period' },
  ],
};

const MESOS_FLAGS: Record<Role, FlagRow[]> = {
  worker: [
    { key: 'agentPingTimeout', flag: 'mesos-master --agent_ping_timeout' },
    { key: 'maxAgentPingTimeouts', flag: 'mesos-master --max_agent_ping_timeouts' },
    { key: 'registrationBackoffFactor', flag: 'mesos-agent --registration_backoff_factor' },
    { key: 'inactiveAfterSeconds', flag: 'Marathon unreachableStrategy.inactiveAfterSeconds' },
    { key: 'expungeAfterSeconds', flag: 'Marathon unreachableStrategy.expungeAfterSeconds' },
  ],
  control: [
    { key: 'tickTime', flag: 'ZooKeeper tickTime' },
    { key: 'zkSessionTimeout', flag: 'mesos-master --zk_session_timeout' },
    { key: 'allocationInterval', flag: 'mesos-master --allocation_interval' },
    { key: 'marathonZkSessionTimeout', flag: 'marathon --zk_session_timeout' },
    { key: 'declineOfferDuration', flag: 'marathon --decline_offer_duration' },
  ],
};

export interface FlagValueRow {
  flag: string;
  value: string;
  /** Set by this scenario rather than the upstream default. */
  overridden: boolean;
}

/** The flags that decide this host's fate on `side`, with the scenario's values. */
export function hostFlags(scenario: Scenario, side: Side, role: Role): FlagValueRow[] {
  const overrides = side === 'kubernetes' ? scenario.kubernetes : scenario.mesos.flags;
  const defaults: Record<string, FlagValue> =
    side === 'kubernetes' ? kubernetesDefaults : mesosDefaults;
  const kinds: Record<string, FlagKind> =
    side === 'kubernetes' ? kubernetesFlagKinds : mesosFlagKinds;
  const flags = resolveFlags(defaults, overrides);
  return (side === 'kubernetes' ? KUBERNETES_FLAGS : MESOS_FLAGS)[role].map(({ key, flag }) => ({
    flag,
    value: String(formatFlagValue(kinds[key]!, flags[key] ?? null)),
    overridden: key in overrides,
  }));
}

/** On Mesos: the offer a task was launched with, and the offers declined in the same round. */
export function offerStory(run: Run, placed: RunEvent): { accepted: string[]; declined: string[] } {
  const byseq = (seq: number | null) => (seq === null ? undefined : run.events[seq - 1]);
  const accepted = byseq(placed.cause);
  if (!accepted || accepted.type !== 'offer.accepted') return { accepted: [], declined: [] };
  const sent = byseq(accepted.cause);
  const declined = run.events
    .filter((e) => e.t === accepted.t && e.type === 'offer.declined')
    .map((e) => e.text);
  return { accepted: [sent?.text, accepted.text].filter((x): x is string => !!x), declined };
}
