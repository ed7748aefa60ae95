// Entry point of the page.

import { startPlayground } from './app/playground';
import { workerSimulator } from './worker/client';

void startPlayground(workerSimulator());
