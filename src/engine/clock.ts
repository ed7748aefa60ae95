// The virtual clock of DESIGN.md rule 1: a binary heap of (time, seq) timers. It implements
// xstate's `Clock` (setTimeout/clearTimeout), so every actor's `after` delay runs on simulated
// time. Ties in time run in the order they were set, so a timer set inside a callback for the
// same instant runs after that callback, and after every timer set before it.

/** xstate's Clock interface (ActorOptions.clock), which xstate does not export by name. */
export interface Clock {
  setTimeout(fn: () => void, timeout: number): unknown;
  clearTimeout(id: never): void;
}

/**
 * What a timer runs. A callback of up to three arguments gets them from the timer (`call`), so
 * that a caller with per-timer data, such as a message in flight, need not make a closure for it.
 */
export type TimerFn = (a: never, b: never, c: never) => void;

export interface Timer {
  readonly at: number;
  readonly seq: number;
  fn: TimerFn | null;
  /** The arguments `fn` is called with; undefined for `setTimeout` and `at`. */
  readonly a: unknown;
  readonly b: unknown;
  readonly c: unknown;
}

function newTimer(
  at: number,
  seq: number,
  fn: TimerFn | null,
  a: unknown,
  b: unknown,
  c: unknown,
): Timer {
  return { at, seq, fn, a, b, c };
}

// As for recorded messages (recorder.ts): once a timer is due at a fraction of a millisecond,
// V8 would box `at` in every timer; a timer whose `at` is not a number, made once and dropped,
// keeps the field generic, so whole-millisecond times stay inline.
newTimer(null as unknown as number, -1, null, undefined, undefined, undefined);

export class VirtualClock implements Clock {
  /** Simulated ms since the start of the run. */
  now = 0;
  /**
   * The heap holds slot numbers, and each slot its timer, time and sequence number: moving a
   * small integer costs no write barrier (a timer is young and the heap old, so storing the
   * timer itself in the heap at every step of a sift would), and comparisons read flat arrays.
   */
  private heap: number[] = [];
  private size = 0;
  private slotTimer: (Timer | null)[] = [];
  private slotAt: number[] = [];
  private slotSeq: number[] = [];
  private freeSlots: number[] = [];
  private seq = 0;
  private cancelled = 0;
  /** How many callbacks have run: a measure of the work done (bench). */
  fired = 0;

  /** xstate's Clock: run `fn` after `ms` simulated milliseconds. */
  setTimeout(fn: () => void, ms: number): Timer {
    return this.at(this.now + Math.max(0, ms || 0), fn);
  }

  /** xstate's Clock: a cancelled timer never runs. */
  clearTimeout(timer: Timer | undefined | null): void {
    if (!timer || timer.fn === null) return;
    timer.fn = null;
    this.cancelled++;
    // Cancelled timers stay in the heap until popped; compact when they dominate it.
    if (this.cancelled > 1024 && this.cancelled > this.size / 2) this.compact();
  }

  /** Run `fn` at an absolute simulated time (never earlier than now). */
  at(time: number, fn: () => void): Timer {
    return this.call(time, fn, undefined, undefined, undefined);
  }

  /** Like `at`, running `fn(a, b, c)`: one shared `fn` then serves many timers. */
  call<A, B, C>(time: number, fn: (a: A, b: B, c: C) => void, a: A, b: B, c: C): Timer {
    const timer = newTimer(Math.max(time, this.now), this.seq++, fn as TimerFn, a, b, c);
    this.push(timer);
    return timer;
  }

  /** Timers still due. */
  get pending(): number {
    return this.size - this.cancelled;
  }

  /** The time of the next live timer, or Infinity. */
  peek(): number {
    while (this.size > 0 && this.slotTimer[this.heap[0]!]!.fn === null) {
      this.pop();
      this.cancelled--;
    }
    return this.size > 0 ? this.slotAt[this.heap[0]!]! : Infinity;
  }

  /** Run every timer due at or before `end`, then leave `now` at `end`. */
  runUntil(end: number): void {
    for (let next = this.peek(); next <= end && next !== Infinity; next = this.peek()) {
      this.fire(this.pop());
    }
    if (end > this.now && end !== Infinity) this.now = end;
  }

  /** Run the next live timer; false when none is left. */
  step(): boolean {
    if (this.peek() === Infinity) return false;
    this.fire(this.pop());
    return true;
  }

  /** Run a live timer just taken off the heap. */
  private fire(timer: Timer): void {
    const fn = timer.fn!;
    timer.fn = null;
    this.now = timer.at;
    this.fired++;
    fn(timer.a as never, timer.b as never, timer.c as never);
  }

  private compact(): void {
    const live: Timer[] = [];
    while (this.size > 0) {
      const t = this.pop();
      if (t.fn !== null) live.push(t);
    }
    this.cancelled = 0;
    for (const t of live) this.push(t);
  }

  private push(timer: Timer): void {
    const { heap, slotAt, slotSeq } = this;
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slotTimer.length;
    const at = timer.at;
    const seq = timer.seq;
    this.slotTimer[slot] = timer;
    slotAt[slot] = at;
    slotSeq[slot] = seq;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      const pa = slotAt[p]!;
      if (pa < at || (pa === at && slotSeq[p]! < seq)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = slot;
  }

  /** Remove the top of the heap and return its timer. */
  private pop(): Timer {
    const { heap, slotAt, slotSeq } = this;
    const top = heap[0]!;
    const timer = this.slotTimer[top]!;
    this.slotTimer[top] = null;
    this.freeSlots.push(top);
    const n = --this.size;
    if (n === 0) return timer;
    const last = heap[n]!;
    const lastAt = slotAt[last]!;
    const lastSeq = slotSeq[last]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let ci = l;
      let c = heap[l]!;
      let ca = slotAt[c]!;
      if (l + 1 < n) {
        const r = heap[l + 1]!;
        const ra = slotAt[r]!;
        if (ra < ca || (ra === ca && slotSeq[r]! < slotSeq[c]!)) {
          ci = l + 1;
          c = r;
          ca = ra;
        }
      }
      if (lastAt < ca || (lastAt === ca && lastSeq < slotSeq[c]!)) break;
      heap[i] = c;
      i = ci;
    }
    heap[i] = last;
    return timer;
  }
}
