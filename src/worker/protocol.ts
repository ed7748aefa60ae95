// The typed messages between the page and the simulation worker.

import type { Runs } from '../store/types';
import type { Scenario } from '../scenario/types';

export interface SimulateRequest {
  id: number;
  scenario: Scenario;
  /**
   * Reply first with a preview, both sides simulated to t = 0 only: its one keyframe is the
   * run's first (the simulation is a pure function of the scenario), so a page with nothing on
   * it yet can draw the scenario's clusters at once. The whole run is simulated after the page
   * sends `{ resume: id }` (once the preview is on screen: both would share the CPU otherwise),
   * or after RESUME_ANYWAY_MS.
   */
  preview?: boolean;
}

/** Go on with a previewed request's whole run. */
export interface ResumeRequest {
  resume: number;
}

export const RESUME_ANYWAY_MS = 2000;

export type SimulateReply =
  | { id: number; ok: true; preview?: false; runs: Runs }
  | { id: number; ok: true; preview: true; runs: Runs }
  | { id: number; ok: false; error: string };
