// The layout is pure: same host, same spot on both panes, and no label overlaps another.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  glyphSlot,
  intersects,
  layoutPane,
  messagePath,
  pointAlong,
  usesSummary,
} from '../../src/render/layout';
import { messagesInFlight, MIN_VISIBLE_WALL_MS, workerTraffic } from '../../src/render/motion';
import type { Message } from '../../src/run/types';

const hosts = (control: number, workers: number) => [
  ...Array.from({ length: control }, (_, i) => ({
    name: `control-${i + 1}`,
    role: 'control' as const,
  })),
  ...Array.from({ length: workers }, (_, i) => ({
    name: `node-${i + 1}`,
    role: 'worker' as const,
  })),
];

describe('pane layout', () => {
  it('never lets host boxes or labels overlap, at projector and laptop sizes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 3, 5, 7),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom({ w: 620, h: 560 }, { w: 940, h: 800 }, { w: 500, h: 420 }),
        (control, workers, size) => {
          const layout = layoutPane(hosts(control, workers), workers * 3, size);
          const boxes = [...layout.hosts.values()];
          const labels = [...layout.labels.values()];
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++)
              expect(intersects(boxes[i]!, boxes[j]!)).toBe(false);
          for (let i = 0; i < labels.length; i++)
            for (let j = i + 1; j < labels.length; j++)
              expect(intersects(labels[i]!, labels[j]!)).toBe(false);
          for (const b of boxes) {
            expect(b.x).toBeGreaterThanOrEqual(0);
            expect(b.x + b.w).toBeLessThanOrEqual(size.w);
          }
        },
      ),
      { seed: 21, numRuns: 120 },
    );
  });

  it('puts the same host on the same spot whichever side draws it', () => {
    const a = layoutPane(hosts(3, 6), 9, { w: 620, h: 540 });
    const b = layoutPane(hosts(3, 6), 9, { w: 620, h: 540 });
    expect([...a.hosts.entries()]).toEqual([...b.hosts.entries()]);
  });

  it('keeps replica glyphs inside their worker box and clear of its label', () => {
    const layout = layoutPane(hosts(3, 6), 18, { w: 620, h: 540 });
    const box = layout.hosts.get('node-1')!;
    const label = layout.labels.get('node-1')!;
    for (let i = 0; i < 3; i++) {
      const { x, y } = glyphSlot(box, layout, i);
      const glyph = { x, y, w: layout.glyph.size, h: layout.glyph.size };
      expect(intersects(glyph, label)).toBe(false);
      expect(x + glyph.w).toBeLessThanOrEqual(box.x + box.w);
      expect(y + glyph.h).toBeLessThanOrEqual(box.y + box.h);
    }
  });

  it('switches to the summary form above 60 nodes or 1,000 replicas', () => {
    expect(usesSummary(60, 1000)).toBe(false);
    expect(usesSummary(61, 10)).toBe(true);
    expect(usesSummary(10, 1001)).toBe(true);
    expect(layoutPane(hosts(3, 200), 2000, { w: 620, h: 540 }).summary).toBe(true);
  });
});

describe('messages in flight', () => {
  const msg = (
    id: number,
    sentAt: number,
    deliverAt: number,
    dropped = false,
    kind = 'PING',
  ): Message => ({
    id,
    kind,
    from: 'control-1/mesos-master',
    to: `node-${id}/mesos-agent`,
    sentAt,
    deliverAt,
    dropped,
  });

  it('draws a message at the fraction of its (visible) trip, and not after it arrived', () => {
    const m = msg(1, 1000, 1002);
    const trip = MIN_VISIBLE_WALL_MS * 1; // a 2 ms trip is shown for 700 ms at 1×
    expect(messagesInFlight([m], 1000 + trip / 2, 1)[0]!.progress).toBeCloseTo(0.5);
    expect(messagesInFlight([m], 1000 + trip + 1, 1)).toEqual([]);
    expect(messagesInFlight([m], 999, 1)).toEqual([]);
  });

  it('stops a dropped message at the cut and fades it', () => {
    const m = msg(1, 0, 2, true);
    const late = messagesInFlight([m], MIN_VISIBLE_WALL_MS, 1)[0]!;
    expect(late.progress).toBe(0.5);
    expect(late.alpha).toBeLessThan(1);
  });

  it('draws one dot per edge and kind, the newest', () => {
    const ms = [msg(1, 0, 2), { ...msg(1, 100, 102), id: 2 }];
    const dots = messagesInFlight(ms, 150, 1);
    expect(dots.map((d) => d.message.id)).toEqual([2]);
  });
});

describe('bundled edges in the summary form', () => {
  const isControl = (host: string) => host.startsWith('control-');
  const m = (id: number, from: string, to: string, sentAt: number, dropped = false): Message => ({
    id,
    kind: 'k',
    from,
    to,
    sentAt,
    deliverAt: sentAt + 2,
    dropped,
  });

  it("counts each control host's worker traffic, both ways, over the last 10 s", () => {
    const messages = [
      m(1, 'node-1/kubelet', 'control-1/kube-apiserver', 0), // before the window
      m(2, 'node-1/kubelet', 'control-1/kube-apiserver', 15_000),
      m(3, 'control-1/kube-apiserver', 'node-2/kubelet', 16_000),
      m(4, 'node-3/kubelet', 'control-2/kube-apiserver', 17_000, true),
      m(5, 'control-1/etcd', 'control-2/etcd', 18_000), // between control hosts: a dot, not a rate
      m(6, 'node-1/kubelet', 'control-1/kube-apiserver', 21_000), // after t
    ];
    expect(workerTraffic(messages, 20_000, isControl)).toEqual([
      { host: 'control-1', perSecond: 0.2, lostPerSecond: 0 },
      { host: 'control-2', perSecond: 0, lostPerSecond: 0.1 },
    ]);
  });

  it('agrees with a plain count for any message list and time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 60_000 }), fc.nat(3), fc.nat(3), fc.boolean())),
        fc.integer({ min: 0, max: 60_000 }),
        (raw, t) => {
          const messages = raw
            .map(([at, a, b, dropped], id) =>
              m(
                id,
                a < 2 ? `control-${a}/x` : `node-${a}/y`,
                b < 2 ? `control-${b}/x` : `node-${b}/y`,
                at,
                dropped,
              ),
            )
            .sort((x, y) => x.sentAt - y.sentAt);
          const rates = workerTraffic(messages, t, isControl);
          const total = rates.reduce((sum, r) => sum + (r.perSecond + r.lostPerSecond) * 10, 0);
          const expected = messages.filter(
            (x) =>
              x.sentAt > t - 10_000 &&
              x.sentAt <= t &&
              isControl(x.from.split('/')[0]!) !== isControl(x.to.split('/')[0]!),
          ).length;
          expect(Math.round(total)).toBe(expected);
        },
      ),
    );
  });
});

describe('message paths', () => {
  it('never cross a box or leave the grid: dots from lower rows go up gutters, then across', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 3, 5),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom({ w: 620, h: 540 }, { w: 400, h: 900 }),
        (controls, workers, size) => {
          const hosts = [
            ...Array.from({ length: controls }, (_, i) => ({
              name: `control-${i + 1}`,
              role: 'control' as const,
            })),
            ...Array.from({ length: workers }, (_, i) => ({
              name: `node-${i + 1}`,
              role: 'worker' as const,
            })),
          ];
          const layout = layoutPane(hosts, workers, size);
          if (layout.summary) return;
          const boxes = [...layout.hosts];
          for (const [c, cr] of boxes.filter(([n]) => n.startsWith('control-'))) {
            for (const [w, wr] of boxes.filter(([n]) => n.startsWith('node-'))) {
              const path = messagePath(wr, false, cr, true, layout.workers);
              for (let f = 0; f <= 1; f += 0.005) {
                const [x, y] = pointAlong(path, f);
                const { left, right } = layout.workers;
                if (x < left - layout.workers.gap / 2 || x > right + layout.workers.gap / 2)
                  throw new Error(`${w} → ${c} leaves the grid at (${x}, ${y})`);
                for (const [name, r] of boxes) {
                  const inside =
                    x > r.x + 1 && x < r.x + r.w - 1 && y > r.y + 1 && y < r.y + r.h - 1;
                  if (inside) throw new Error(`${w} → ${c} crosses ${name} at (${x}, ${y})`);
                }
              }
              expect(pointAlong(path, 0)).toEqual([wr.x + wr.w / 2, wr.y]);
              expect(pointAlong(path, 1)).toEqual([cr.x + cr.w / 2, cr.y + cr.h]);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
