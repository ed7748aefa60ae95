// Runs the simulation off the main thread so the page stays smooth (DESIGN.md rule 2).

import { simulate } from '../simulate';
import type { Scenario } from '../scenario/types';
import type { ResumeRequest, SimulateReply, SimulateRequest } from './protocol';
import { RESUME_ANYWAY_MS } from './protocol';

const both = (scenario: Scenario) => ({
  kubernetes: simulate(scenario, 'kubernetes'),
  mesos: simulate(scenario, 'mesos'),
});

const reply = (id: number, run: () => SimulateReply) => {
  let message: SimulateReply;
  try {
    message = run();
  } catch (error) {
    message = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(message);
  return message.ok;
};

/** A previewed request whose whole run waits for the page's go-ahead. */
let waiting: { id: number; scenario: Scenario; timer: ReturnType<typeof setTimeout> } | null = null;

const finish = (id: number) => {
  if (waiting?.id !== id) return;
  const { scenario, timer } = waiting;
  clearTimeout(timer);
  waiting = null;
  reply(id, () => ({ id, ok: true, runs: both(scenario) }));
};

self.onmessage = (message: MessageEvent<SimulateRequest | ResumeRequest>) => {
  if ('resume' in message.data) {
    finish(message.data.resume);
    return;
  }
  const { id, scenario, preview } = message.data;
  // A newer request supersedes a waiting one (the page has dropped it).
  if (waiting) clearTimeout(waiting.timer);
  waiting = null;
  if (!preview) {
    reply(id, () => ({ id, ok: true, runs: both(scenario) }));
    return;
  }
  const previewed = reply(id, () => ({
    id,
    ok: true,
    preview: true,
    runs: both({ ...scenario, durationMs: 0 }),
  }));
  if (!previewed) return;
  waiting = { id, scenario, timer: setTimeout(() => finish(id), RESUME_ANYWAY_MS) };
};
