// Builds the Run of contract 2 as the simulation goes: events numbered by our own `seq` (never
// xstate's ids), messages, samples and keyframes, all stamped with the virtual clock's time.

import type { Keyframe, Message, RunEvent, Sample } from '../run/types';
import type { VirtualClock } from './clock';

export type EventInput = Omit<RunEvent, 'seq' | 't' | 'host' | 'cause' | 'native' | 'data'> &
  Partial<Pick<RunEvent, 'host' | 'cause' | 'native' | 'data'>>;

export class Recorder {
  readonly events: RunEvent[] = [];
  readonly messages: Message[] = [];
  readonly samples: Sample[] = [];
  readonly keyframes: Keyframe[] = [];
  private nextMessageId = 1;
  /** Narration sentences already said once (simplifications are narrated the first time only). */
  private readonly said = new Set<string>();

  constructor(
    private readonly clock: VirtualClock,
    /** Keep every message for the renderer; off for very large clusters (bench). */
    readonly keepMessages = true,
  ) {}

  /** Record an event now; its `seq` is what later events name as their `cause`. */
  emit(input: EventInput): RunEvent {
    const event: RunEvent = {
      seq: this.events.length + 1,
      t: this.clock.now,
      type: input.type,
      subject: input.subject,
      host: input.host ?? null,
      cause: input.cause ?? null,
      native: input.native ?? null,
      text: input.text,
      data: input.data ?? {},
    };
    this.events.push(event);
    return event;
  }

  /** True the first time `key` is asked about: for narrating a simplification once per run. */
  firstTime(key: string): boolean {
    if (this.said.has(key)) return false;
    this.said.add(key);
    return true;
  }

  message(kind: string, from: string, to: string, deliverAt: number): Message {
    const message = newMessage(this.nextMessageId++, kind, from, to, this.clock.now, deliverAt);
    if (this.keepMessages) this.messages.push(message);
    return message;
  }
}

function newMessage(
  id: number,
  kind: string,
  from: string,
  to: string,
  sentAt: number,
  deliverAt: number,
): Message {
  return { id, kind, from, to, sentAt, deliverAt, dropped: false };
}

// V8 stores a field that has only ever held numbers as a number, and once one message carries a
// fraction of a millisecond (a ZooKeeper client pings every timeout / 3), it keeps that field of
// every message in a heap box of its own: three objects a message instead of one, for the tens of
// thousands a run keeps and the garbage collector copies. One message whose times are not
// numbers, made here and dropped, keeps the fields generic: whole milliseconds, nearly all of
// them, then sit in the message itself. It changes no value.
newMessage(0, '', '', '', null as unknown as number, null as unknown as number);
