// The page's side of the worker: each request has an id, and only the newest request's reply is
// used; a reply for an abandoned request is dropped (runway-browser's usefulWorkerId).

import type { Simulator } from '../store/actions';
import type { Runs } from '../store/types';
import type { ResumeRequest, SimulateReply, SimulateRequest } from './protocol';

/** A Simulator that can also hand over each request's preview (see SimulateRequest). */
export type PreviewingSimulator = Simulator & {
  /**
   * While set, requests ask for a preview, and it is called with the newest one's. The whole
   * run is simulated once the promise it returns settles (the preview is on screen).
   */
  onPreview: ((runs: Runs) => Promise<unknown> | void) | null;
};

export function workerSimulator(): PreviewingSimulator {
  const worker = new Worker(new URL('./simulate.worker.ts', import.meta.url), { type: 'module' });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (r: SimulateReply) => void }>();
  worker.onmessage = (message: MessageEvent<SimulateReply>) => {
    const reply = message.data;
    if (reply.ok && reply.preview) {
      const shown = waiting.has(reply.id) ? simulator.onPreview?.(reply.runs) : undefined;
      const resume: ResumeRequest = { resume: reply.id };
      void Promise.resolve(shown).finally(() => worker.postMessage(resume));
      return;
    }
    const entry = waiting.get(reply.id);
    waiting.delete(reply.id);
    entry?.resolve(reply);
  };
  const simulator: PreviewingSimulator = Object.assign(
    (scenario: SimulateRequest['scenario']) => {
      const id = nextId++;
      // Newer requests supersede older ones: an older reply never lands on the page.
      for (const [oldId, entry] of waiting) {
        if (oldId < id) {
          waiting.delete(oldId);
          entry.resolve({ id: oldId, ok: false, error: 'superseded' });
        }
      }
      const request: SimulateRequest = { id, scenario, preview: simulator.onPreview !== null };
      return new Promise<Runs>((resolve, reject) => {
        waiting.set(id, {
          resolve: (reply) => (reply.ok ? resolve(reply.runs) : reject(new Error(reply.error))),
        });
        worker.postMessage(request);
      });
    },
    { onPreview: null },
  );
  return simulator;
}
