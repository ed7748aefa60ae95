// Motion as a pure function of (run, playhead, speed): nothing is built up on the ticker.

import type { Message } from '../run/types';

/** A message stays on screen for at least this much wall time, so a 2 ms trip can be seen. */
export const MIN_VISIBLE_WALL_MS = 700;

export interface MessageDot {
  message: Message;
  /** 0 at the sender, 1 at the receiver; a dropped message stops at 0.5 (the cut). */
  progress: number;
  /** 1 while travelling; a dropped message fades out after reaching the cut. */
  alpha: number;
}

/** The visible duration of a message's trip, in simulated ms, at `speed`. */
export function visibleTrip(message: Message, speed: number): number {
  return Math.max(message.deliverAt - message.sentAt, MIN_VISIBLE_WALL_MS * speed);
}

/**
 * The messages in flight at `t`, at most one per (from, to, kind) edge (the newest), so a busy
 * edge draws one dot, not a blur. `messages` must be sorted by sentAt (the recorder's order).
 */
export function messagesInFlight(
  messages: readonly Message[],
  t: number,
  speed: number,
  limit = 400,
): MessageDot[] {
  const window = MIN_VISIBLE_WALL_MS * speed;
  // Binary search for the first message sent after t; walk back while it may still be visible.
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (messages[mid]!.sentAt <= t) lo = mid + 1;
    else hi = mid;
  }
  const seen = new Set<string>();
  const dots: MessageDot[] = [];
  for (let i = lo - 1; i >= 0 && dots.length < limit; i--) {
    const m = messages[i]!;
    const trip = visibleTrip(m, speed);
    if (t - m.sentAt > Math.max(trip, window) * 1.5) {
      if (m.sentAt < t - 60 * window) break;
      continue;
    }
    const key = `${m.from}>${m.to}>${m.kind}`;
    if (seen.has(key)) continue;
    const f = (t - m.sentAt) / trip;
    if (m.dropped) {
      if (f > 1.5) continue;
      seen.add(key);
      dots.push({
        message: m,
        progress: Math.min(f, 0.5),
        alpha: f <= 0.5 ? 1 : Math.max(0, 1 - (f - 0.5)),
      });
    } else {
      if (f > 1) continue;
      seen.add(key);
      dots.push({ message: m, progress: f, alpha: 1 });
    }
  }
  return dots;
}

/** A state change pulses once: 1 at the change, easing to 0 over `wallMs` of real time. */
export function pulse(
  changedAt: number | undefined,
  t: number,
  speed: number,
  wallMs = 900,
): number {
  if (changedAt === undefined || t < changedAt) return 0;
  const f = (t - changedAt) / (wallMs * speed);
  return f >= 1 ? 0 : 1 - f;
}
