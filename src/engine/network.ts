// Messages between processes, addressed `host/process`. Each has a send and a delivery time
// (latency plus seeded jitter) and is recorded, so the renderer can draw it at the fraction of its
// trip. A message is dropped when its sender's or receiver's host is powered off or partitioned at
// either end of the trip, or when a scripted rule drops it. Processes on one host talk without
// crossing the network, so a partition does not cut them apart.

import type { Message } from '../run/types';
import type { VirtualClock } from './clock';
import type { Recorder } from './recorder';
import type { Rng } from './rng';

export type DropRule = (message: Message) => boolean;
export type DelayRule = (message: Message) => number;

/** A scripted drop-message or delay-message: which messages it catches and what it does to them. */
export interface MessageRule {
  /** null: a caught message is lost; otherwise it arrives this much later. */
  delayMs: number | null;
  matches(message: Message): boolean;
  /** Told of each message caught; returns whether the rule goes on catching. */
  caught(message: Message): boolean;
}

export function hostOf(address: string): string {
  const slash = address.indexOf('/');
  return slash < 0 ? address : address.slice(0, slash);
}

export class Network {
  private readonly down = new Set<string>();
  private readonly partitioned = new Set<string>();
  private dropRules: DropRule[] = [];
  private delayRules: DelayRule[] = [];
  private messageRules: MessageRule[] = [];
  /**
   * Per connection (`from>to`) that a scripted delay held up, when its held-up message arrives:
   * like on a TCP stream, later messages on that connection do not overtake it.
   */
  private readonly heldUntil = new Map<string, number>();
  /** The host of each address seen, cut once (see `host`). */
  private readonly hosts = new Map<string, string>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly recorder: Recorder,
    private readonly rng: Rng,
    /** One-way latency between hosts; up to half of it again is added as jitter. */
    private readonly latencyMs: number,
  ) {}

  setPowered(host: string, on: boolean): void {
    if (on) this.down.delete(host);
    else this.down.add(host);
  }

  setPartitioned(host: string, cut: boolean): void {
    if (cut) this.partitioned.add(host);
    else this.partitioned.delete(host);
  }

  isPowered(host: string): boolean {
    return !this.down.has(host);
  }

  isPartitioned(host: string): boolean {
    return this.partitioned.has(host);
  }

  /** Whether a message from `fromHost` to `toHost` would cross right now. */
  canReach(fromHost: string, toHost: string): boolean {
    if (this.down.has(fromHost) || this.down.has(toHost)) return false;
    if (fromHost === toHost) return true;
    return !this.partitioned.has(fromHost) && !this.partitioned.has(toHost);
  }

  addDropRule(rule: DropRule): () => void {
    this.dropRules.push(rule);
    return () => (this.dropRules = this.dropRules.filter((r) => r !== rule));
  }

  addDelayRule(rule: DelayRule): () => void {
    this.delayRules.push(rule);
    return () => (this.delayRules = this.delayRules.filter((r) => r !== rule));
  }

  addMessageRule(rule: MessageRule): () => void {
    this.messageRules.push(rule);
    return () => (this.messageRules = this.messageRules.filter((r) => r !== rule));
  }

  /** Apply scripted message rules; true when the message is lost. */
  private catchMessage(message: Message): boolean {
    for (const rule of this.messageRules) {
      if (!rule.matches(message)) continue;
      if (rule.delayMs === null) message.dropped = true;
      else message.deliverAt += rule.delayMs;
      if (!rule.caught(message)) this.messageRules = this.messageRules.filter((r) => r !== rule);
      if (message.dropped) return true;
      this.heldUntil.set(`${message.from}>${message.to}`, message.deliverAt);
    }
    return false;
  }

  /** The host of an address, cut once per address: no new string (and hash) per message. */
  private host(address: string): string {
    let host = this.hosts.get(address);
    if (host === undefined) {
      host = hostOf(address);
      this.hosts.set(address, host);
    }
    return host;
  }

  /**
   * Send `kind` from one process to another; `deliver` runs at the delivery time, given the
   * message and `payload`, unless the message is dropped on the way. Returns the recorded message.
   * A sender that sends often passes one `deliver` and its data as `payload`, not a new closure.
   */
  send(kind: string, from: string, to: string, deliver: (message: Message) => void): Message;
  send<P>(
    kind: string,
    from: string,
    to: string,
    deliver: (message: Message, payload: P) => void,
    payload: P,
  ): Message;
  send<P>(
    kind: string,
    from: string,
    to: string,
    deliver: (message: Message, payload: P | undefined) => void,
    payload?: P,
  ): Message {
    const fromHost = this.host(from);
    const toHost = this.host(to);
    const local = fromHost === toHost;
    const latency = local ? 0 : this.latencyMs + this.rng.uniform(0, this.latencyMs / 2);
    const message = this.recorder.message(kind, from, to, this.clock.now + Math.round(latency));
    for (const rule of this.delayRules) message.deliverAt += Math.max(0, rule(message));
    if (!this.canReach(fromHost, toHost) || this.dropped(message)) {
      message.dropped = true;
      return message;
    }
    if (this.messageRules.length > 0 && this.catchMessage(message)) return message;
    if (this.heldUntil.size > 0) {
      const held = this.heldUntil.get(`${from}>${to}`);
      if (held !== undefined && message.deliverAt < held) message.deliverAt = held;
    }
    this.clock.call(message.deliverAt, this.arrive, message, deliver, payload);
    return message;
  }

  private dropped(message: Message): boolean {
    for (const rule of this.dropRules) if (rule(message)) return true;
    return false;
  }

  /** A message's arrival (one function for all of them): lost if either end is cut off now. */
  private readonly arrive = <P>(
    message: Message,
    deliver: (message: Message, payload: P) => void,
    payload: P,
  ): void => {
    // With every host up and connected (most of a run), there is nothing to look up.
    const faults = this.down.size > 0 || this.partitioned.size > 0;
    if (faults && !this.canReach(this.host(message.from), this.host(message.to))) {
      message.dropped = true;
      return;
    }
    deliver(message, payload);
  };
}
