// Scenario keys a side accepts (they are real flags, FIDELITY.md names them) but whose mechanism
// its model does not run. A scenario that sets one is told so in the run, once, at the start:
// the key is never silently ignored.

import type { Recorder } from '../../engine/recorder';

/** Per scenario key, what the model does instead (one sentence, for the narration). */
export type UnmodelledKeys = Readonly<Record<string, string>>;

export function narrateUnmodelledKeys(
  recorder: Recorder,
  subject: string,
  overrides: Readonly<Record<string, unknown>>,
  keys: UnmodelledKeys,
): void {
  for (const [key, instead] of Object.entries(keys)) {
    if (!(key in overrides)) continue;
    recorder.emit({
      type: 'model.simplification',
      subject,
      cause: null,
      text: `The scenario sets ${key}, which this model does not use: ${instead}`,
      data: { key },
    });
  }
}
