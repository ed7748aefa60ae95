// Editing the past by clicking a message (contract 3): lose it, delay it, or lose every message of
// its kind on its path for a while. Each choice is a version 2 scenario event at the moment the
// message left, so the re-simulated branch catches exactly this message (the run up to that
// instant is the same, tests/behaviour/messages.test.ts).

import type { Message } from '../run/types';
import type { ScenarioEvent } from '../scenario/types';

/** Delays offered for one message: a late heartbeat, and one late enough to miss a deadline. */
export const DELAYS_MS = [5_000, 20_000] as const;
/** How long "lose every … on this path" lasts. */
export const WINDOW_MS = 30_000;

export function messageEdits(message: Message): { label: string; event: ScenarioEvent }[] {
  const match = {
    atMs: message.sentAt,
    say: null,
    pause: false,
    from: message.from,
    to: message.to,
    message: message.kind,
  };
  return [
    {
      label: `Lose this ${message.kind}`,
      event: { ...match, do: 'drop-message', windowMs: null },
    },
    ...DELAYS_MS.map((delayMs) => ({
      label: `Delay it by ${delayMs / 1000} s`,
      event: { ...match, do: 'delay-message' as const, windowMs: null, delayMs },
    })),
    {
      label: `Lose every ${message.kind} on this path for ${WINDOW_MS / 1000} s`,
      event: { ...match, do: 'drop-message', windowMs: WINDOW_MS },
    },
  ];
}
