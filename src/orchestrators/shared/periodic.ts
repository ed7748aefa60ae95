// Periodic loops with a phase drawn once per run from the seeded generator, uniform in
// [0, period) (FIDELITY.md §1): real loops do not tick in step with the fault.

import type { VirtualClock } from '../../engine/clock';
import type { Rng } from '../../engine/rng';

export function phaseOf(rng: Rng, periodMs: number): number {
  return Math.floor(rng.uniform(0, periodMs));
}

/** Run `tick` every `periodMs`, first at the drawn phase. Returns a function that stops it. */
export function every(
  clock: VirtualClock,
  rng: Rng,
  periodMs: number,
  tick: () => void,
): () => void {
  let timer = clock.at(clock.now + phaseOf(rng, periodMs), function loop() {
    timer = clock.setTimeout(loop, periodMs);
    tick();
  });
  return () => clock.clearTimeout(timer);
}
