// What every Mesos-side component can reach: the engine, the flags, the task table and the other
// components. index.ts builds one per run; the components never import index.ts.

import type { AppSample } from '../../run/types';
import type { AppSpec, FlagValue } from '../../scenario/types';
import type { Rng } from '../../engine/rng';
import type { SimContext } from '../shared/model';
import type { Allocator } from './allocator';
import type { BatchFramework } from './batchFramework';
import type { mesosDefaults } from './defaults';
import type { Marathon } from './marathon';
import type { MesosAgent } from './mesosAgent';
import type { MesosMaster } from './mesosMaster';
import type { Task, TaskState, TaskTable } from './tasks';
import type { ZkEnsemble } from './zkEnsemble';

export type Flags = typeof mesosDefaults & Record<string, FlagValue>;

export interface MesosWorld {
  ctx: SimContext<Flags>;
  flags: Flags;
  rng(name: string): Rng;
  tasks: TaskTable;
  zk: ZkEnsemble;
  masters: Map<string, MesosMaster>;
  agents: Map<string, MesosAgent>;
  marathons: Map<string, Marathon>;
  batch: Map<string, BatchFramework>;
  /** The allocator inside the leading master (null while no master leads). */
  allocator: Allocator | null;
  /** The host whose znode is lowest under /mesos: what every detector reports. */
  detectedMaster: string | null;
  /** The `seq` of the latest scripted event aimed at each host (cause chains). */
  lastFault: Map<string, number>;
  /** The latest scripted event of any kind (for causes that are not about one host). */
  lastScripted: number | null;
  /** Narrate a simplification the first time it shapes what the audience sees. */
  simplification(key: string, text: string, cause?: number | null): void;
  /** The leading master, once it leads (recovered or recovering), or null. */
  leadingMaster(): MesosMaster | null;
  /** The Marathon instance that leads and is registered with a master, or null. */
  activeMarathon(): Marathon | null;
  /** A master found itself lowest under /mesos: "Elected as the leading master!". */
  masterElected(master: MesosMaster): void;
  /** The leading master is gone (exited, or its znode went): leader.lost, once per term. */
  masterGone(master: MesosMaster | null, why: string): void;
  /** A task changed state on its agent; returns the `seq` of the event recorded (or null). */
  agentTaskChanged(
    task: Task,
    state: TaskState,
    reason: string | null,
    cause: number | null,
  ): number | null;
  /** The master changed a task's state itself (TASK_UNREACHABLE, TASK_LOST, TASK_GONE …). */
  masterTaskChanged(
    task: Task,
    state: TaskState,
    reason: string,
    cause: number | null,
  ): number | null;
  /** A Marathon leader registered with the leading master: leader.elected for marathon. */
  marathonRegistered(marathon: Marathon, master: string): void;
  /** The registered Marathon is gone: leader.lost for marathon, once per term. */
  marathonGone(marathon: Marathon | null, why: string): void;
  /** Marathon's persisted app definitions: instances per app, and each app's spec. */
  apps: Map<string, { spec: AppSpec; instances: number }>;
  /** The /mesos group changed: recompute what the detectors report. */
  detect(): void;
  /** The Marathon latch changed: a registered leader whose latch went is gone. */
  checkMarathonLatch(): void;
  /** The ensemble started (true) or stopped (false) serving. */
  zkServing(serving: boolean, cause: number | null): void;
  /** The leader events of a settled start. */
  initialEvents(): void;
  /** A task takes traffic: it runs, Marathon routes it, and its host can be reached. */
  servingNow(task: Task): boolean;
  /** Without marathon-autoscale: say once per app that nothing scales it on load. */
  narrateNoAutoscaler(samples: Record<string, AppSample>): void;
  /** The master launched a task on an agent (offer accepted): TASK_STAGING. */
  taskPlaced(task: Task, agent: string, cause: number | null): number | null;
}

export function causeFor(world: MesosWorld, host: string | null): number | null {
  return (host !== null ? world.lastFault.get(host) : undefined) ?? world.lastScripted;
}
