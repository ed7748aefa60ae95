// The virtual clock of DESIGN.md rule 1: a binary heap of (time, seq) timers. It implements
// xstate's `Clock` (setTimeout/clearTimeout), so every actor's `after` delay runs on simulated
// time. Ties in time run in the order they were set, so a timer set inside a callback for the
// same instant runs after that callback, and after every timer set before it.

/** xstate's Clock interface (ActorOptions.clock), which xstate does not export by name. */
export interface Clock {
  setTimeout(fn: () => void, timeout: number): unknown;
  clearTimeout(id: never): void;
}

export interface Timer {
  readonly at: number;
  readonly seq: number;
  fn: (() => void) | null;
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export class VirtualClock implements Clock {
  /** Simulated ms since the start of the run. */
  now = 0;
  private heap: Timer[] = [];
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
    if (this.cancelled > 1024 && this.cancelled > this.heap.length / 2) this.compact();
  }

  /** Run `fn` at an absolute simulated time (never earlier than now). */
  at(time: number, fn: () => void): Timer {
    const timer: Timer = { at: Math.max(time, this.now), seq: this.seq++, fn };
    this.push(timer);
    return timer;
  }

  /** Timers still due. */
  get pending(): number {
    return this.heap.length - this.cancelled;
  }

  /** The time of the next live timer, or Infinity. */
  peek(): number {
    while (this.heap.length > 0 && this.heap[0]!.fn === null) {
      this.pop();
      this.cancelled--;
    }
    return this.heap.length > 0 ? this.heap[0]!.at : Infinity;
  }

  /** Run every timer due at or before `end`, then leave `now` at `end`. */
  runUntil(end: number): void {
    for (let next = this.peek(); next <= end && next !== Infinity; next = this.peek()) this.step();
    if (end > this.now && end !== Infinity) this.now = end;
  }

  /** Run the next live timer; false when none is left. */
  step(): boolean {
    if (this.peek() === Infinity) return false;
    const timer = this.pop()!;
    const fn = timer.fn!;
    timer.fn = null;
    this.now = timer.at;
    this.fired++;
    fn();
    return true;
  }

  private compact(): void {
    const live = this.heap.filter((t) => t.fn !== null);
    this.heap = [];
    this.cancelled = 0;
    for (const t of live) this.push(t);
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(timer);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  private pop(): Timer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[c]!, last)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
    return top;
  }
}
