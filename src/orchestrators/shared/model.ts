// What simulate() needs of each side, and what each side is given. The two orchestrators never
// import each other; both import this.

import type { Scenario, ScenarioEvent } from '../../scenario/types';
import type { VirtualClock } from '../../engine/clock';
import type { Network } from '../../engine/network';
import type { Recorder } from '../../engine/recorder';
import type { RngStreams } from '../../engine/rng';
import type { AppSample, Keyframe, RunEvent, Side } from '../../run/types';
import type { FlagValue } from '../../scenario/types';
import type { HostSpec } from './cluster';

export interface SimContext<Flags> {
  scenario: Scenario;
  flags: Flags;
  clock: VirtualClock;
  rng: RngStreams;
  network: Network;
  recorder: Recorder;
  hosts: readonly HostSpec[];
}

export interface SideModel {
  /** The host that holds this side's scheduling leadership now: what `target: leader` means. */
  schedulingLeaderHost(): string | null;
  /** Carry out a scripted event on this side; `fault` is its `fault.injected` record. */
  apply(event: Exclude<ScenarioEvent, { do: null }>, host: string | null, fault: RunEvent): void;
  sample(): Record<string, AppSample>;
  snapshot(): Omit<Keyframe, 't'>;
}

export interface SideDefinition<Flags extends Record<string, FlagValue>> {
  side: Side;
  defaults: Flags;
  /** Components whose leader the side needs in order to schedule (summary.leaderlessMs). */
  leaderSubjects: readonly string[];
  create(context: SimContext<Flags>): SideModel;
}
