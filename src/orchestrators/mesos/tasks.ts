// Tasks are plain records (DESIGN.md rule 4), held in one table with incremental indexes: by
// agent, by framework/app, and running counts for the samples. Nothing here scans every task.

import type { ReplicaState } from '../../run/types';
import type { Replica } from '../shared/replicas';

export type TaskState =
  | 'Scheduled' // a Marathon instance in the launch queue, no task yet
  | 'TASK_STAGING'
  | 'TASK_STARTING'
  | 'TASK_RUNNING'
  | 'TASK_KILLING'
  | 'TASK_KILLED'
  | 'TASK_FINISHED'
  | 'TASK_UNREACHABLE'
  | 'TASK_LOST'
  | 'TASK_GONE';

export interface Task extends Replica {
  state: TaskState;
  /** `marathon` or a batch framework's name. */
  framework: string;
  cpuMilli: number;
  memoryBytes: number;
  /** Marathon still tracks this instance (false once expunged or for other frameworks' tasks). */
  known: boolean;
  /** The framework asked for it to be killed (scale-down, unknown task). */
  killRequested: boolean;
  /** When Marathon last saw it TASK_UNREACHABLE (null while reachable): unreachableStrategy. */
  unreachableAt: number | null;
  /** UnreachableInactive: still tracked, but no longer counted toward the app's instances. */
  inactive: boolean;
  /** The last state its framework heard of (an update lost on the way leaves it behind). */
  reported: TaskState | null;
  /** When it was queued or launched: killSelection's tie-break. */
  since: number;
  /** Terminal: gone from every index but the record may still be drawn once. */
  done: boolean;
}

const TERMINAL = new Set<TaskState>(['TASK_KILLED', 'TASK_FINISHED', 'TASK_LOST', 'TASK_GONE']);

export function isTerminal(state: TaskState): boolean {
  return TERMINAL.has(state);
}

export function phaseOf(state: TaskState): ReplicaState['phase'] {
  switch (state) {
    case 'Scheduled':
      return 'pending';
    case 'TASK_STAGING':
    case 'TASK_STARTING':
      return 'starting';
    case 'TASK_RUNNING':
      return 'running';
    case 'TASK_KILLING':
      return 'stopping';
    default:
      return 'lost';
  }
}

export interface AgentUsage {
  cpuMilli: number;
  memoryBytes: number;
}

export class TaskTable {
  /** Live tasks (not terminal), in creation order. */
  readonly live = new Map<string, Task>();
  readonly byAgent = new Map<string, Set<Task>>();
  readonly byApp = new Map<string, Set<Task>>();
  /** Resources held on each agent by launched, non-terminal tasks. */
  readonly usage = new Map<string, AgentUsage>();
  /** Resources held by each framework's launched, non-terminal tasks (DRF shares). */
  readonly byFramework = new Map<string, AgentUsage>();
  /** Per app: serving replicas and replicas pending or starting (samples). */
  readonly serving = new Map<string, number>();
  readonly pending = new Map<string, number>();
  /** Per app: instances Marathon tracks and has not decided to kill (its scale check). */
  readonly known = new Map<string, number>();
  /** Placement changed since the sampler last looked (it caches per-host load). */
  version = 0;
  private nextId = 1;

  create(app: string, framework: string, cpuMilli: number, memoryBytes: number, now: number) {
    const task: Task = {
      id: `${app}.${framework === 'marathon' ? 'instance' : 'task'}-${this.nextId++}`,
      app,
      host: null,
      state: 'Scheduled',
      phase: 'pending',
      serving: false,
      framework,
      cpuMilli,
      memoryBytes,
      known: framework === 'marathon',
      killRequested: false,
      unreachableAt: null,
      inactive: false,
      reported: null,
      since: now,
      done: false,
    };
    this.live.set(task.id, task);
    let set = this.byApp.get(app);
    if (!set) this.byApp.set(app, (set = new Set()));
    set.add(task);
    this.count(task, 1);
    if (task.known) this.known.set(app, (this.known.get(app) ?? 0) + 1);
    return task;
  }

  /** Bind a queued task to an agent (the offer was accepted). */
  place(task: Task, agent: string, now: number): void {
    this.count(task, -1);
    task.host = agent;
    task.since = now;
    task.state = 'TASK_STAGING';
    task.phase = 'starting';
    let set = this.byAgent.get(agent);
    if (!set) this.byAgent.set(agent, (set = new Set()));
    set.add(task);
    for (const u of [this.usageOf(agent), this.frameworkUsage(task.framework)]) {
      u.cpuMilli += task.cpuMilli;
      u.memoryBytes += task.memoryBytes;
    }
    this.count(task, 1);
    this.version++;
  }

  setState(task: Task, state: TaskState): void {
    if (task.done) return;
    this.count(task, -1);
    task.state = state;
    task.phase = phaseOf(state);
    if (state !== 'TASK_RUNNING') task.serving = false;
    if (isTerminal(state)) this.finish(task);
    else this.count(task, 1);
  }

  setServing(task: Task, serving: boolean): void {
    if (task.done || task.serving === serving) return;
    this.count(task, -1);
    task.serving = serving;
    this.count(task, 1);
  }

  /** Marathon forgets the instance (expunged); the task itself may still run on its agent. */
  forget(task: Task): void {
    if (!task.known) return;
    this.uncountKnown(task);
    this.count(task, -1);
    task.known = false;
    this.count(task, 1);
    if (task.host === null) this.finish(task);
  }

  usageOf(agent: string): AgentUsage {
    let u = this.usage.get(agent);
    if (!u) this.usage.set(agent, (u = { cpuMilli: 0, memoryBytes: 0 }));
    return u;
  }

  frameworkUsage(framework: string): AgentUsage {
    let u = this.byFramework.get(framework);
    if (!u) this.byFramework.set(framework, (u = { cpuMilli: 0, memoryBytes: 0 }));
    return u;
  }

  /** Called when a launched task ends and frees its resources (the allocator listens). */
  onRelease: (task: Task) => void = () => {};

  onAgent(agent: string): Task[] {
    return [...(this.byAgent.get(agent) ?? [])];
  }

  ofApp(app: string): Task[] {
    return [...(this.byApp.get(app) ?? [])];
  }

  /** Marathon decided to kill it: it no longer counts toward the app's instances. */
  markKill(task: Task): void {
    this.uncountKnown(task);
    task.killRequested = true;
  }

  /** UnreachableInactive (or back from it): out of (or into) the app's instance count. */
  setInactive(task: Task, inactive: boolean): void {
    if (task.inactive === inactive || !task.known || task.killRequested || task.done) return;
    if (inactive) this.uncountKnown(task);
    task.inactive = inactive;
    if (!inactive) this.known.set(task.app, (this.known.get(task.app) ?? 0) + 1);
  }

  private uncountKnown(task: Task): void {
    if (task.known && !task.killRequested && !task.done && !task.inactive) {
      this.known.set(task.app, (this.known.get(task.app) ?? 0) - 1);
    }
  }

  private finish(task: Task): void {
    this.uncountKnown(task);
    task.done = true;
    this.live.delete(task.id);
    this.byApp.get(task.app)?.delete(task);
    if (task.host !== null) {
      this.byAgent.get(task.host)?.delete(task);
      for (const u of [this.usageOf(task.host), this.frameworkUsage(task.framework)]) {
        u.cpuMilli -= task.cpuMilli;
        u.memoryBytes -= task.memoryBytes;
      }
      this.version++;
      this.onRelease(task);
    }
  }

  /** Samples count Marathon's tasks only; an expunged task that still runs is not routed. */
  private count(task: Task, sign: 1 | -1): void {
    if (task.framework !== 'marathon') return;
    if (task.serving) {
      this.serving.set(task.app, (this.serving.get(task.app) ?? 0) + sign);
      this.version++;
    } else if (task.known && (task.phase === 'pending' || task.phase === 'starting')) {
      this.pending.set(task.app, (this.pending.get(task.app) ?? 0) + sign);
    }
  }
}
