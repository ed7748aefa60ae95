// One host box: frame, name, status, and for control-plane hosts its processes. Redrawn only
// when what it shows changes (STYLE.md §6: nothing idle moves).

import { CanvasTextMetrics, Container, Graphics, Rectangle, Text } from 'pixi.js';
import type { HostState } from '../../run/types';
import type { Rect } from '../layout';
import { FONT, ellipsize } from '../layout';
import { COLORS } from '../palette';

const STYLE = {
  fontFamily: 'DejaVu Sans, Arial, sans-serif',
  fontSize: FONT.label,
  fill: COLORS.ink,
};

/** Processes a control-plane host shows before the model reports any. */
export const CONTROL_PROCESSES: Record<string, string[]> = {
  kubernetes: ['kube-apiserver', 'etcd', 'kube-scheduler', 'kube-controller-manager'],
  mesos: ['zookeeper', 'mesos-master', 'marathon'],
};

/** Shortest forms, for narrow boxes (five or seven control-plane hosts). */
const TINY: Record<string, string> = {
  'kube-apiserver': 'api',
  'kube-scheduler': 'sched',
  'kube-controller-manager': 'ctrl',
  zookeeper: 'zk',
  'mesos-master': 'master',
  marathon: 'mara',
};

const SHORT: Record<string, string> = {
  'kube-apiserver': 'apiserver',
  'kube-scheduler': 'scheduler',
  'kube-controller-manager': 'ctrl-mgr',
  'mesos-master': 'master',
  'mesos-agent': 'agent',
};

export class HostView {
  readonly root = new Container();
  private readonly frame = new Graphics();
  private readonly name: Text;
  private readonly status: Text;
  private readonly processes: Text;
  private key = '';

  constructor(
    readonly host: string,
    private rect: Rect,
    private readonly side: 'kubernetes' | 'mesos',
  ) {
    this.name = new Text({ text: host, style: { ...STYLE, fontWeight: 'bold' } });
    this.status = new Text({ text: '', style: { ...STYLE, fill: COLORS.muted } });
    this.processes = new Text({ text: '', style: { ...STYLE, lineHeight: 22 } });
    this.root.addChild(this.frame, this.name, this.status, this.processes);
    this.root.eventMode = 'static';
    this.root.cursor = 'pointer';
  }

  place(rect: Rect): void {
    this.rect = rect;
    this.key = '';
  }

  /** Redraw if the host's shown state changed; `pulse` (0..1) rings it once after a change. */
  update(state: HostState | undefined, selected: boolean, pulse: number): void {
    const r = this.rect;
    const procs = state?.processes ?? [];
    const key = JSON.stringify([state, selected, Math.round(pulse * 10), r]);
    if (key === this.key) return;
    this.key = key;
    const off = state?.power === 'off';
    const lost = state ? /unknown|unreachable|notready/i.test(state.status) : false;
    const g = this.frame.clear();
    // A box is filled only when its host is off: white on the white pane would cost a software
    // rasterizer (SwiftShader) 3 to 4 ms a frame of pixels nobody sees. Clicks use the hit area.
    if (off) g.roundRect(r.x, r.y, r.w, r.h, 8).fill(COLORS.off);
    this.root.hitArea = new Rectangle(r.x, r.y, r.w, r.h);
    g.roundRect(r.x, r.y, r.w, r.h, 8).stroke({
      width: selected ? 4 : 2,
      color: selected ? COLORS.ink : lost ? COLORS.lost : COLORS.boxLine,
    });
    if (state?.partitioned) this.drawCut(g, r);
    if (pulse > 0) {
      g.roundRect(r.x - 4, r.y - 4, r.w + 8, r.h + 8, 10).stroke({
        width: 3,
        color: lost ? COLORS.lost : COLORS.message,
        alpha: pulse,
      });
    }
    // Narrow boxes (five or seven control-plane hosts) set their type smaller, down to 3/4 of
    // the page's, before any word is cut.
    const k = Math.max(0.75, Math.min(1, (r.w - 16) / 170));
    const size = Math.round(FONT.label * k);
    this.name.position.set(r.x + 8, r.y + 6);
    HostView.fit(this.name, this.host, r.w - 16, size, [1]);
    this.name.alpha = off ? 0.55 : 1;
    // Power and the network are facts; the status is what the orchestrator believes. A long
    // one ("cut off · ✕ Unknown") sets itself a little smaller before it is cut.
    const fact = off ? 'off · ' : state?.partitioned ? 'cut off · ' : '';
    const status = `${fact}${lost ? '✕ ' : ''}${state?.status ?? ''}`;
    HostView.fit(this.status, status, r.w - 16, size, [1, 0.9, 0.8]);
    this.status.style.fill = lost || off || state?.partitioned ? COLORS.lost : COLORS.muted;
    this.status.position.set(r.x + 8, r.y + 6 + Math.round(24 * k));
    const names =
      procs.length > 0
        ? procs
        : state?.processes === undefined || this.host.startsWith('control-')
          ? (CONTROL_PROCESSES[this.side] ?? []).map((name) => ({
              name,
              state: '',
              leader: false,
              term: null,
            }))
          : [];
    const isControl = this.host.startsWith('control-');
    // A long state ("pre-candidate") sets the lines a little smaller, or goes on a line of its
    // own under its process where the box has the rows (five narrow boxes), before it is cut.
    const shown = isControl ? names.filter((p) => p.name !== 'kubelet').slice(0, 5) : [];
    const cut = (line: string) => line.endsWith('…');
    let lines: string[] = [];
    for (const f of [1, 0.9, 0.8]) {
      this.processes.style.fontSize = Math.round(size * f);
      const lineHeight = Math.round(22 * k * Math.max(f, 0.9));
      this.processes.style.lineHeight = lineHeight;
      lines = shown.map((p) => this.processLine(p.leader, p.name, p.state, r.w - 16));
      if (!lines.some(cut)) break;
      const rows = Math.floor((r.h - 6 - Math.round(50 * k)) / lineHeight);
      const wrapped = shown.flatMap((p) => this.processLines(p.leader, p.name, p.state, r.w - 16));
      if (wrapped.length <= rows && !wrapped.some(cut)) {
        lines = wrapped;
        break;
      }
    }
    this.processes.text = lines.join('\n');
    this.processes.position.set(r.x + 8, r.y + 6 + Math.round(50 * k));
    this.processes.alpha = off ? 0.5 : 1;
    if (isControl && names.some((p) => p.leader)) {
      g.roundRect(r.x + 3, r.y + 3, r.w - 6, r.h - 6, 6).stroke({ width: 3, color: COLORS.leader });
    }
  }

  /**
   * One process line that fits: the state name is what the class reads, so a long process name
   * gives way to its short form first (`zookeeper` → `zk`), and only then is the line cut.
   */
  private processLine(leader: boolean, name: string, state: string, maxWidth: number): string {
    const mark = leader ? '★ ' : '· ';
    const style = this.processes.style;
    for (const label of [SHORT[name] ?? name, TINY[name] ?? SHORT[name] ?? name]) {
      const line = `${mark}${label} ${state}`;
      if (CanvasTextMetrics.measureText(line, style).width <= maxWidth) return line;
    }
    const line = `${mark}${TINY[name] ?? SHORT[name] ?? name} ${state}`;
    for (let n = line.length - 1; n > 2; n--) {
      const cut = ellipsize(line, n);
      if (CanvasTextMetrics.measureText(cut, style).width <= maxWidth) return cut;
    }
    return ellipsize(line, 3);
  }

  /** The box's text as drawn: name, status and process lines (for tests). */
  shownText(): string {
    return [this.name.text, this.status.text, this.processes.text].join('\n');
  }

  /** A process line, or when it does not fit, its name and its state on a line of its own. */
  private processLines(leader: boolean, name: string, state: string, maxWidth: number): string[] {
    const line = this.processLine(leader, name, state, maxWidth);
    if (!line.endsWith('…') || !state) return [line];
    const fits = (text: string) =>
      CanvasTextMetrics.measureText(text, this.processes.style).width <= maxWidth;
    const head = `${leader ? '★ ' : '· '}${TINY[name] ?? SHORT[name] ?? name}`;
    const tail = `   ${state}`;
    return fits(head) && fits(tail) ? [head, tail] : [line];
  }

  /** Shorten `text` until it is at most `maxWidth` pixels wide, ending in "…". */
  private static fit(
    text: Text,
    full: string,
    maxWidth: number,
    size: number,
    shrink: readonly number[],
  ): void {
    const width = (line: string) => CanvasTextMetrics.measureText(line, text.style).width;
    for (const f of shrink) {
      text.style.fontSize = Math.round(size * f);
      if (width(full) <= maxWidth) {
        text.text = full;
        return;
      }
    }
    for (let n = full.length - 1; n > 2; n--) {
      const cut = ellipsize(full, n);
      if (width(cut) <= maxWidth) {
        text.text = cut;
        return;
      }
    }
    text.text = ellipsize(full, 3);
  }

  private drawCut(g: Graphics, r: Rect): void {
    // Scissor marks on every side: no message crosses.
    const dash = 12;
    for (let x = r.x; x < r.x + r.w; x += dash * 2) {
      g.moveTo(x, r.y - 5).lineTo(Math.min(x + dash, r.x + r.w), r.y - 5);
      g.moveTo(x, r.y + r.h + 5).lineTo(Math.min(x + dash, r.x + r.w), r.y + r.h + 5);
    }
    for (let y = r.y; y < r.y + r.h; y += dash * 2) {
      g.moveTo(r.x - 5, y).lineTo(r.x - 5, Math.min(y + dash, r.y + r.h));
      g.moveTo(r.x + r.w + 5, y).lineTo(r.x + r.w + 5, Math.min(y + dash, r.y + r.h));
    }
    g.stroke({ width: 3, color: COLORS.lost });
  }
}
