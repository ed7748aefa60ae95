// The typed Scenario of DESIGN.md contract 1. Every time is in simulated milliseconds, CPU in
// millicores and memory in bytes; the file's units are gone by here.
//
// Version 2 is version 1 plus two events, drop-message and delay-message (contract 3's "drop and
// delay messages by clicking on them" needs them to be scenario events). Every version 1 file
// reads the same as before; a file that uses the message events says `version: 2`.

export const SCENARIO_VERSIONS = [1, 2] as const;
export type ScenarioVersion = (typeof SCENARIO_VERSIONS)[number];
/** The newest version this build reads and writes. */
export const SCENARIO_VERSION: ScenarioVersion = 2;

/** `do` values of contract 1. */
export const ACTIONS = [
  'fail-node',
  'recover-node',
  'partition-node',
  'heal-node',
  'stop',
  'start',
  'scale',
  'set-load',
  'cordon',
  'uncordon',
  'drain',
  'drop-message',
  'delay-message',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The actions version 2 added: a file that uses one must say `version: 2`. */
export const MESSAGE_ACTIONS = ['drop-message', 'delay-message'] as const;
export type MessageAction = (typeof MESSAGE_ACTIONS)[number];

/** The oldest version that can hold these events. */
export function versionFor(events: readonly ScenarioEvent[]): ScenarioVersion {
  return events.some((e) => e.do === 'drop-message' || e.do === 'delay-message') ? 2 : 1;
}

/** Processes a scenario may `stop` or `start`; each side ignores the ones it does not have. */
export const COMPONENTS = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'kubelet',
  'zookeeper',
  'mesos-master',
  'marathon',
  'mesos-agent',
] as const;
export type Component = (typeof COMPONENTS)[number];

/** Components that run on control-plane hosts (Kubernetes control hosts also run a kubelet). */
export const CONTROL_COMPONENTS: readonly Component[] = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'kubelet',
  'zookeeper',
  'mesos-master',
  'marathon',
];
/** Components that run on workers. */
export const WORKER_COMPONENTS: readonly Component[] = ['kubelet', 'mesos-agent'];

export interface WorkerSpec {
  name: string;
  cpuMilli: number;
  memoryBytes: number;
  zone: string | null;
}

export interface AutoscaleSpec {
  min: number;
  max: number;
  /** Percent of the per-replica CPU request. */
  targetCPU: number;
}

export interface AppSpec {
  name: string;
  replicas: number;
  cpuMilli: number;
  memoryBytes: number;
  autoscale: AutoscaleSpec | null;
}

/** A batch framework on the Mesos side: it keeps `tasks` tasks queued, each running `taskDurationMs`. */
export interface FrameworkSpec {
  name: string;
  /** DRF weight of its role (default 1). */
  weight: number;
  cpuMilli: number;
  memoryBytes: number;
  /** How many tasks it wants running at once. */
  tasks: number;
  /** How long each task runs before it finishes and is replaced by the next in its queue. */
  taskDurationMs: number;
}

export interface LoadPoint {
  atMs: number;
  /** Total CPU demand of the app, in millicores. */
  cpuMilli: number;
}

/** A flag override's value, already in model units (ms for durations). */
export type FlagValue = number | boolean | string | null;

interface EventBase {
  atMs: number;
  /** Narration shown at this moment, as plain text. */
  say: string | null;
  /** Playback stops here: a chapter mark for presenters. */
  pause: boolean;
}

export type HostAction = 'fail-node' | 'recover-node' | 'partition-node' | 'heal-node';
export type WorkerAction = 'cordon' | 'uncordon' | 'drain';

/**
 * Which messages a drop-message or delay-message event catches: those sent from `from` (a host,
 * or `host/process`) to `to` (the same; null: anywhere), of kind `message` (null: any kind), at
 * or after the event's time. With `windowMs` null only the first such message is caught; with a
 * window, every one sent before `atMs + windowMs`.
 */
export interface MessageMatch {
  from: string;
  to: string | null;
  message: string | null;
  windowMs: number | null;
}

export type ScenarioEvent =
  | (EventBase & { do: null })
  /** `target` is a host name or, for fail-node and partition-node, `leader`. */
  | (EventBase & { do: HostAction; target: string })
  | (EventBase & { do: 'stop' | 'start'; target: string; component: Component })
  | (EventBase & { do: 'scale'; target: string; replicas: number })
  | (EventBase & { do: 'set-load'; target: string; cpuMilli: number })
  | (EventBase & { do: WorkerAction; target: string })
  | (EventBase & MessageMatch & { do: 'drop-message' })
  /** `delayMs`: how much later than its trip would take each caught message arrives. */
  | (EventBase & MessageMatch & { do: 'delay-message'; delayMs: number });

export interface Scenario {
  /** 1 unless an event needs 2 (see `versionFor`). */
  version: ScenarioVersion;
  title: string;
  summary: string | null;
  seed: number;
  durationMs: number;
  cluster: {
    /** control-1..control-N; odd, 1..7. */
    controlPlane: number;
    workers: WorkerSpec[];
  };
  /** Overrides of `src/orchestrators/kubernetes/defaults.ts`, keyed by scenario key. */
  kubernetes: Record<string, FlagValue>;
  mesos: {
    /** Overrides of `src/orchestrators/mesos/defaults.ts`, keyed by scenario key. */
    flags: Record<string, FlagValue>;
    /** null: marathon-autoscale is not running; otherwise its setting overrides ({} for `true`). */
    autoscaler: Record<string, FlagValue> | null;
    /**
     * Other Mesos frameworks competing with Marathon for offers under DRF (`mesos.frameworks`,
     * optional, default []): batch schedulers in the spirit of Chronos or Spark.
     */
    frameworks: FrameworkSpec[];
  };
  apps: AppSpec[];
  /** Per app name, points sorted by time; piecewise linear, flat before the first and after the last. */
  load: Record<string, LoadPoint[]>;
  /** Sorted by time; ties keep file order. */
  events: ScenarioEvent[];
}

/** One problem found in a scenario file: contract 1's `FILE:LINE:COL PATH: MESSAGE`. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** Field path such as `apps[0].cpu`, or `` for the whole document. */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

export function controlHostNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `control-${i + 1}`);
}
