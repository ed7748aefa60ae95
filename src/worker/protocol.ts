// The typed messages between the page and the simulation worker.

import type { Runs } from '../store/types';
import type { Scenario } from '../scenario/types';

export interface SimulateRequest {
  id: number;
  scenario: Scenario;
}

export type SimulateReply =
  { id: number; ok: true; runs: Runs } | { id: number; ok: false; error: string };
