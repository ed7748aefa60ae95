// The Run of DESIGN.md contract 2: the one thing the UI, the CLI and the tests read.

export const REPORT_VERSION = 1;

export const SIDES = ['kubernetes', 'mesos'] as const;
export type Side = (typeof SIDES)[number];

/** Event types both sides share; a side may add its own, dotted (`offer.sent`). */
export type SharedEventType =
  | 'fault.injected'
  | 'host.unreachable'
  | 'host.reachable'
  | 'replica.created'
  | 'replica.placed'
  | 'replica.running'
  | 'replica.lost'
  | 'replica.stopped'
  | 'leader.elected'
  | 'leader.lost'
  | 'app.scaled';

export interface RunEvent {
  seq: number;
  /** Simulated ms from the start. */
  t: number;
  type: SharedEventType | (string & {});
  /** What the event is about: a host, a component, a replica id, an app. */
  subject: string;
  host: string | null;
  /** The `seq` of the event that made this one happen; null for scripted ones. */
  cause: number | null;
  /** The real system's own word for it (`NodeStatusUnknown`, `TASK_UNREACHABLE`, `LOOKING`). */
  native: string | null;
  /** One plain sentence for the narration panel. */
  text: string;
  data: Record<string, unknown>;
}

/** A message between two processes, addressed `host/process` (`node-2/kubelet`). */
export interface Message {
  id: number;
  kind: string;
  from: string;
  to: string;
  sentAt: number;
  /** When it arrived, or for a dropped one when it would have. */
  deliverAt: number;
  dropped: boolean;
}

export interface AppSample {
  desired: number;
  /** Replicas that run and receive traffic. */
  ready: number;
  /** Replicas asked for but not yet running. */
  pending: number;
  /** CPU in use by the app, in cores (demand, capped by what serving replicas can get). */
  cpu: number;
  /** CPU the load curve asks of the app, in cores. */
  demand: number;
  /** CPU in use over the CPU requested by serving replicas (1 = 100 %); 0 with none serving. */
  utilization: number;
}

export interface Sample {
  t: number;
  apps: Record<string, AppSample>;
}

/** A process as the renderer and the inspector show it. */
export interface ProcessState {
  name: string;
  /** The real state name (`LEADING`, `follower`, `Ready`, `contender`), or `stopped`. */
  state: string;
  leader: boolean;
  /** Raft term, ZooKeeper epoch, Lease transitions: whatever orders this process's leadership. */
  term: number | null;
}

export interface HostState {
  name: string;
  role: 'control' | 'worker';
  zone: string | null;
  power: 'on' | 'off';
  partitioned: boolean;
  /** What the orchestrator believes: `Ready`, `Unknown`, `REACHABLE`, `UNREACHABLE`, … */
  status: string;
  schedulable: boolean;
  processes: ProcessState[];
}

export interface ReplicaState {
  id: string;
  app: string;
  host: string | null;
  /** The real state name (`Pending`, `Running`, `Terminating`, `TASK_RUNNING`, `TASK_STAGING`). */
  state: string;
  phase: 'pending' | 'starting' | 'running' | 'stopping' | 'lost';
}

/** Every component's state at one instant, so any moment can be drawn without re-simulating. */
export interface Keyframe {
  t: number;
  hosts: HostState[];
  replicas: ReplicaState[];
}

export interface Summary {
  /** From the first fault to the first `host.unreachable` after it. */
  detectMs: number | null;
  /** From the first fault until every app is back to its desired ready count. */
  recoverMs: number | null;
  /** Integral of (desired − ready) where positive, in replica-seconds. */
  replicaSecondsLost: number;
  /** Time with no scheduling leader. */
  leaderlessMs: number | null;
  /** From demand first exceeding the autoscale target to the first `app.scaled`. */
  scaleReactionMs: number | null;
}

export interface Run {
  side: Side;
  events: RunEvent[];
  messages: Message[];
  keyframes: Keyframe[];
  samples: Sample[];
  summary: Summary;
}

export interface ReportRun {
  events: RunEvent[];
  samples: Sample[];
  summary: Summary;
  messages?: Message[];
  keyframes?: Keyframe[];
}

export interface Report {
  version: 1;
  scenario: { file: string; title: string; seed: number; durationMs: number };
  runs: Partial<Record<Side, ReportRun>>;
}
