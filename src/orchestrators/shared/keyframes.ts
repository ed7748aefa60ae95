// Keyframes share what did not change: a host or a replica whose state is the same as in the
// previous keyframe is the previous record, and an unchanged list is the previous list. Every
// record of a run stays alive as long as the run, and the garbage collector copies each young one
// it finds, so a run that repeats records pays for them many times. A run's JSON (and structured
// clone) is the same either way; nothing mutates a keyframe once it is recorded.

import type { HostState, ProcessState, ReplicaState } from '../../run/types';

function sameProcesses(a: readonly ProcessState[], b: readonly ProcessState[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p.name !== q.name || p.state !== q.state || p.leader !== q.leader || p.term !== q.term) {
      return false;
    }
  }
  return true;
}

function sameHost(a: HostState, b: HostState): boolean {
  return (
    a.name === b.name &&
    a.role === b.role &&
    a.zone === b.zone &&
    a.power === b.power &&
    a.partitioned === b.partitioned &&
    a.status === b.status &&
    a.schedulable === b.schedulable &&
    sameProcesses(a.processes, b.processes)
  );
}

/** One per run and side: what the previous keyframe recorded. */
export class KeyframeRecords {
  private readonly hostByName = new Map<string, HostState>();
  private readonly replicaById = new Map<string, ReplicaState>();
  private lastHosts: HostState[] = [];
  private lastReplicas: ReplicaState[] = [];

  /** The keyframe's hosts, built fresh: each unchanged one becomes the previous record. */
  hosts(fresh: HostState[]): HostState[] {
    for (let i = 0; i < fresh.length; i++) {
      const h = fresh[i]!;
      const prev = this.hostByName.get(h.name);
      if (prev !== undefined && sameHost(prev, h)) fresh[i] = prev;
      else this.hostByName.set(h.name, h);
    }
    return (this.lastHosts = sameList(this.lastHosts, fresh));
  }

  /** A replica's record: the previous one when nothing in it changed. */
  replica(
    id: string,
    app: string,
    host: string | null,
    state: string,
    phase: ReplicaState['phase'],
  ): ReplicaState {
    const prev = this.replicaById.get(id);
    if (
      prev !== undefined &&
      prev.app === app &&
      prev.host === host &&
      prev.state === state &&
      prev.phase === phase
    ) {
      return prev;
    }
    const record: ReplicaState = { id, app, host, state, phase };
    this.replicaById.set(id, record);
    return record;
  }

  /** The keyframe's replicas (records from `replica`): the previous list when the same. */
  replicas(list: ReplicaState[]): ReplicaState[] {
    return (this.lastReplicas = sameList(this.lastReplicas, list));
  }
}

function sameList<T>(last: T[], list: T[]): T[] {
  if (last.length !== list.length) return list;
  for (let i = 0; i < list.length; i++) if (last[i] !== list[i]) return list;
  return last;
}
