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

/** Traffic between one control-plane host and the workers, over the last RATE_WINDOW_MS. */
export interface EdgeRate {
  /** The control-plane host. */
  host: string;
  /** Messages a second, both ways, that arrived or are on their way. */
  perSecond: number;
  /** Messages a second, both ways, that were lost. */
  lostPerSecond: number;
}

/** The window over which the summary form counts messages: one kubelet Lease period. */
export const RATE_WINDOW_MS = 10_000;

const hostOf = (address: string): string => address.split('/')[0]!;

/**
 * The summary form's bundled edges: per control-plane host, how many messages a second it has
 * exchanged with workers over the `windowMs` before `t` (sent in (t − windowMs, t]). Control
 * hosts are those `isControl` says; worker-to-worker traffic is not counted.
 */
export function workerTraffic(
  messages: readonly Message[],
  t: number,
  isControl: (host: string) => boolean,
  windowMs = RATE_WINDOW_MS,
): EdgeRate[] {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (messages[mid]!.sentAt <= t - windowMs) lo = mid + 1;
    else hi = mid;
  }
  const counts = new Map<string, { sent: number; lost: number }>();
  for (let i = lo; i < messages.length && messages[i]!.sentAt <= t; i++) {
    const m = messages[i]!;
    const from = hostOf(m.from);
    const to = hostOf(m.to);
    const fromControl = isControl(from);
    if (fromControl === isControl(to)) continue;
    const host = fromControl ? from : to;
    const c = counts.get(host) ?? { sent: 0, lost: 0 };
    if (m.dropped) c.lost++;
    else c.sent++;
    counts.set(host, c);
  }
  const seconds = windowMs / 1000;
  return [...counts]
    .map(([host, c]) => ({ host, perSecond: c.sent / seconds, lostPerSecond: c.lost / seconds }))
    .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
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
