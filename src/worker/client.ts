// The page's side of the worker: each request has an id, and only the newest request's reply is
// used; a reply for an abandoned request is dropped (runway-browser's usefulWorkerId).

import type { Simulator } from '../store/actions';
import type { SimulateReply, SimulateRequest } from './protocol';

export function workerSimulator(): Simulator {
  const worker = new Worker(new URL('./simulate.worker.ts', import.meta.url), { type: 'module' });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (r: SimulateReply) => void }>();
  worker.onmessage = (message: MessageEvent<SimulateReply>) => {
    const entry = waiting.get(message.data.id);
    waiting.delete(message.data.id);
    entry?.resolve(message.data);
  };
  return (scenario) => {
    const id = nextId++;
    // Newer requests supersede older ones: an older reply never lands on the page.
    for (const [oldId, entry] of waiting) {
      if (oldId < id) {
        waiting.delete(oldId);
        entry.resolve({ id: oldId, ok: false, error: 'superseded' });
      }
    }
    const request: SimulateRequest = { id, scenario };
    return new Promise((resolve, reject) => {
      waiting.set(id, {
        resolve: (reply) => (reply.ok ? resolve(reply.runs) : reject(new Error(reply.error))),
      });
      worker.postMessage(request);
    });
  };
}
