// Runs the simulation off the main thread so the page stays smooth (DESIGN.md rule 2).

import { simulate } from '../simulate';
import type { SimulateReply, SimulateRequest } from './protocol';

self.onmessage = (message: MessageEvent<SimulateRequest>) => {
  const { id, scenario } = message.data;
  let reply: SimulateReply;
  try {
    reply = {
      id,
      ok: true,
      runs: { kubernetes: simulate(scenario, 'kubernetes'), mesos: simulate(scenario, 'mesos') },
    };
  } catch (error) {
    reply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
