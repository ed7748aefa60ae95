// Playback and UI state (zustand vanilla). Runs are recorded once and only read here; an edit of
// the past makes a new branch with its own runs (DESIGN.md rule 2).

import type { Run, Side } from '../run/types';
import type { Scenario, ScenarioEvent } from '../scenario/types';

export type Runs = Record<Side, Run>;

export interface Branch {
  id: number;
  /** The branch it was forked from; null for the scenario as written. */
  parent: number | null;
  label: string;
  scenario: Scenario;
  /** Events added by editing the past, in the order they were made. */
  edits: ScenarioEvent[];
  runs: Runs | null;
}

export type Selection =
  | { kind: 'host'; side: Side; host: string }
  | { kind: 'replica'; side: Side; id: string }
  | { kind: 'event'; side: Side; seq: number }
  | { kind: 'message'; side: Side; id: number };

export interface ClusterplayState {
  /** Name of the bundled scenario, or the dropped file's name. */
  scenarioName: string;
  /** The scenario text as loaded (kept for permalinks). */
  scenarioText: string;
  branches: Branch[];
  activeBranch: number;
  /** Problems with the last scenario the user tried to load, as the CLI prints them. */
  error: string | null;
  simulating: boolean;

  playheadMs: number;
  playing: boolean;
  speed: number;

  selection: Selection | null;
  /** Host whose edit menu is open. */
  hostMenu: { side: Side; host: string } | null;
  presenter: boolean;
  blank: boolean;
  help: boolean;
}

export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100] as const;
export const DEFAULT_SPEED = 5;
