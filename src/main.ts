// Entry point of the page. The worker starts first, then (in a task of its own, so as not to
// hold the worker up) the WebGL context, while the rest of the page (index.html preloads it)
// downloads.

import type { EarlyContext } from './app/gpuContext';
import { startContext } from './app/gpuContext';
import { workerSimulator } from './worker/client';

const simulator = workerSimulator();
const app = import('./app/playground');
const gpu = new Promise<EarlyContext>((resolve) =>
  setTimeout(() => resolve(startContext(document.querySelector<HTMLElement>('.panes')!))),
);
void app.then(({ startPlayground }) => startPlayground(simulator, gpu));
