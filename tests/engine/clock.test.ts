import { createActor, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/engine/clock';

describe('VirtualClock', () => {
  it('runs timers in time order and advances now to each deadline before its callback', () => {
    const clock = new VirtualClock();
    const seen: [string, number][] = [];
    clock.setTimeout(() => seen.push(['c', clock.now]), 300);
    clock.setTimeout(() => seen.push(['a', clock.now]), 100);
    clock.setTimeout(() => seen.push(['b', clock.now]), 200);
    clock.runUntil(1000);
    expect(seen).toEqual([
      ['a', 100],
      ['b', 200],
      ['c', 300],
    ]);
    expect(clock.now).toBe(1000);
  });

  it('breaks ties by the order timers were set, and runs same-time timers set inside a callback after it', () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    clock.setTimeout(() => {
      order.push('first');
      clock.setTimeout(() => order.push('nested, same instant'), 0);
    }, 50);
    clock.setTimeout(() => order.push('second'), 50);
    clock.setTimeout(() => order.push('third'), 50);
    clock.runUntil(50);
    expect(order).toEqual(['first', 'second', 'third', 'nested, same instant']);
  });

  it('never runs a cleared timer, and does not run timers past the end', () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    const t1 = clock.setTimeout(() => fired.push(1), 10);
    clock.setTimeout(() => fired.push(2), 20);
    clock.setTimeout(() => fired.push(3), 2000);
    clock.clearTimeout(t1);
    clock.runUntil(1000);
    expect(fired).toEqual([2]);
    expect(clock.pending).toBe(1);
  });

  it('keeps order through heavy cancellation (heap compaction)', () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    const timers = Array.from({ length: 5000 }, (_, i) =>
      clock.setTimeout(() => fired.push(i), 5000 - i),
    );
    timers.forEach((t, i) => i % 3 !== 0 && clock.clearTimeout(t));
    clock.runUntil(10_000);
    const expected = Array.from({ length: 5000 }, (_, i) => i)
      .filter((i) => i % 3 === 0)
      .reverse();
    expect(fired).toEqual(expected);
  });

  it("drives xstate's `after` delays on simulated time, firing exactly at the deadline", () => {
    const clock = new VirtualClock();
    const machine = setup({ delays: { grace: 50_000 } }).createMachine({
      initial: 'Ready',
      states: { Ready: { after: { grace: 'Unknown' } }, Unknown: {} },
    });
    const actor = createActor(machine, { clock }).start();
    clock.runUntil(49_999);
    expect(actor.getSnapshot().value).toBe('Ready');
    clock.runUntil(50_000);
    expect(actor.getSnapshot().value).toBe('Unknown');
  });
});
