// One side's half of the stage: hosts, replica glyphs and messages at the playhead, drawn from
// the recorded run only (keyframe at or before t, messages in flight at t). Draws only when asked.

import type { Renderer } from 'pixi.js';
import { BitmapText, Container, Graphics, Rectangle, Sprite, Text, Texture } from 'pixi.js';
import { Viewport } from 'pixi-viewport';
import { keyframeAt } from '../run/queries';
import type { HostState, Keyframe, Run, Side } from '../run/types';
import type { PaneLayout } from './layout';
import { FONT, glyphSlot, layoutPane, messagePath, pointAlong } from './layout';
import { messagesInFlight, pulse, workerTraffic } from './motion';
import { COLORS, phaseColor } from './palette';
import { clipToRect, type Stage } from './stage';
import { HostView } from './views/HostView';

const TITLES: Record<Side, string> = {
  kubernetes: 'Kubernetes',
  mesos: 'Mesos + Marathon',
};

/** On-screen cell sizes (px) from which a summary cell shows its replica count, and its name. */
const CELL_COUNT = 18;
const CELL_NAME = 72;
/** Drawn once into the bitmap font's texture at this size, scaled down to fit each cell. */
const CELL_LABEL_STYLE = {
  fontFamily: 'DejaVu Sans, Arial, sans-serif',
  fontSize: 13,
  fill: COLORS.ink,
  align: 'center',
} as const;

/** The bundled edges' rate labels, in screen px; white in the font, tinted per label. */
const EDGE_LABEL_PX = 14;
const EDGE_LABEL_STYLE = { ...CELL_LABEL_STYLE, fill: 0xffffff } as const;

/** A rate for a label: one decimal below 10 a second, whole numbers above. */
function formatRate(perSecond: number): string {
  return perSecond < 10 ? perSecond.toFixed(1) : String(Math.round(perSecond));
}

export interface PaneCallbacks {
  onHostClick(side: Side, host: string, at: { x: number; y: number }): void;
  onReplicaClick(side: Side, id: string): void;
  onMessageClick(side: Side, id: number): void;
}

export interface PaneRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The latest time in a sorted list at or before `t`. */
function lastAtOrBefore(times: readonly number[] | undefined, t: number): number | undefined {
  if (!times) return undefined;
  let found: number | undefined;
  for (const x of times) {
    if (x > t) break;
    found = x;
  }
  return found;
}

/** A message dot and a lost message's cross, side by side in one texture (see dotTextures). */
interface DotTextures {
  message: Texture;
  lost: Texture;
}
const dotTextureCache = new WeakMap<Renderer, DotTextures>();

/**
 * Message dots as sprites of one small texture, drawn once: as Graphics each dot was a circle
 * and a ring of some 50 triangles a frame, which a software rasterizer pays for one by one.
 * Drawn at 4× so a zoomed-in view stays sharp.
 */
function dotTextures(renderer: Renderer): DotTextures {
  let textures = dotTextureCache.get(renderer);
  if (textures) return textures;
  const g = new Graphics()
    .circle(10, 10, 6)
    .fill(COLORS.message)
    .stroke({ width: 1.5, color: COLORS.ink })
    .moveTo(25, 3)
    .lineTo(39, 17)
    .moveTo(39, 3)
    .lineTo(25, 17)
    .stroke({ width: 3, color: COLORS.lost });
  const sheet = renderer.generateTexture({
    target: g,
    frame: new Rectangle(0, 0, 44, 20),
    resolution: 4,
  });
  g.destroy();
  const part = (x: number) =>
    new Texture({ source: sheet.source, frame: new Rectangle(x, 0, 20, 20) });
  textures = { message: part(0), lost: part(22) };
  dotTextureCache.set(renderer, textures);
  return textures;
}

/** A worker its control plane has lost touch with, by the status it shows. */
const LOST_STATUS = /unknown|unreachable|notready/i;
/** The largest cell-layer texture (px a side) kept; beyond it the cells are drawn directly. */
const MAX_CACHE_PX = 4096;

const isControlAddress = (address: string): boolean => address.startsWith('control-');

export class PaneView {
  /** Everything of this side, placed at the pane's rectangle and clipped to it. */
  private readonly root = new Container();
  private readonly clip = new Graphics();
  /** The world's clip: below the title, so hosts panned up pass under it (no band to paint). */
  private readonly worldClip = new Graphics();
  /** Pan (drag) and zoom (wheel, pinch) over the hosts; the title and frame stay put. */
  private world!: Viewport;
  /** Set when the view moved without the store changing (a drag or a zoom). */
  dirty = false;
  private dragged = false;
  private readonly waiting: Text;
  private readonly frame = new Graphics();
  private readonly title: Text;
  private readonly replicas = new Graphics();
  private readonly cells = new Graphics();
  /**
   * The summary form's cells and their labels, drawn into one texture when they change and shown
   * as one quad otherwise. A software rasterizer (SwiftShader) pays per triangle: 200 cells with
   * outlines and two-glyph labels were over 1,500 triangles a pane every frame.
   */
  private readonly cellLayer = new Container();
  /** What the cells were last drawn from (a letter per worker), and the cache's resolution. */
  private cellKey = '';
  private cacheResolution = 0;
  private rendererResolution = () => 1;
  /** The summary form's cell labels (replica count, and the name when the cell is large). */
  private readonly cellLabels = new Container();
  private labelViews = new Map<string, BitmapText>();
  /** The summary form's bundled edges' rate labels, per control-plane host. */
  private readonly edgeLabels = new Container();
  private edgeLabelViews = new Map<string, BitmapText>();
  /** Replicas per worker at the last keyframe drawn in the summary form. */
  private cellCounts = new Map<string, number>();
  /** The zoom and position the cell labels were last laid out for. */
  private labelsAt = '';
  /** The summary form's bundled edges. */
  private readonly messages = new Graphics();
  /** Messages in flight: a sprite each, reused from frame to frame. */
  private readonly messageDots = new Container();
  private dotSprites: Sprite[] = [];
  private dotTexture: DotTextures | null = null;
  private readonly counts: Text;
  private hostViews = new Map<string, HostView>();
  private layout: PaneLayout | null = null;
  private run: Run | null = null;
  get shownRun(): Run | null {
    return this.run;
  }
  /** Per host, the times its state changed: each one pulses once. */
  private changes = new Map<string, number[]>();
  private size = { w: 0, h: 0 };

  constructor(
    readonly side: Side,
    private readonly callbacks: PaneCallbacks,
  ) {
    this.title = new Text({
      text: TITLES[side],
      style: {
        fontFamily: 'DejaVu Sans, Arial, sans-serif',
        fontSize: FONT.title,
        fontWeight: 'bold',
        fill: COLORS[side],
      },
    });
    this.waiting = new Text({
      text: '',
      style: {
        fontFamily: 'DejaVu Sans, Arial, sans-serif',
        fontSize: FONT.label,
        fill: COLORS.ink,
      },
    });
    this.counts = new Text({
      text: '',
      style: {
        fontFamily: 'DejaVu Sans, Arial, sans-serif',
        fontSize: FONT.label,
        fill: COLORS.ink,
      },
    });
  }

  attach(stage: Stage): void {
    const renderer = stage.app.renderer;
    this.world = new Viewport({
      screenWidth: 100,
      screenHeight: 100,
      events: renderer.events,
      noTicker: true,
      passiveWheel: false,
    });
    this.world.drag().pinch().wheel({ smooth: false }).clampZoom({ minScale: 0.2, maxScale: 4 });
    const touched = () => (this.dirty = true);
    this.world.on('moved', touched);
    this.world.on('zoomed', touched);
    // A press that dragged or pinched the view is not a click on what it started on.
    this.world.on('pointerdown', () => (this.dragged = false));
    this.world.on('drag-start', () => (this.dragged = true));
    this.world.on('pinch-start', () => (this.dragged = true));
    this.root.addChild(this.world, this.frame, this.title, this.counts, this.clip, this.worldClip);
    this.root.mask = this.clip;
    clipToRect(this.world, this.worldClip);
    this.cellLayer.addChild(this.cells, this.cellLabels);
    this.rendererResolution = () => renderer.resolution;
    this.world.addChild(
      this.cellLayer,
      this.replicas,
      this.messages,
      this.messageDots,
      this.edgeLabels,
      this.waiting,
    );
    this.cellLabels.eventMode = 'none';
    this.edgeLabels.eventMode = 'none';
    this.cells.eventMode = 'static';
    this.cells.on('pointertap', (e) => {
      if (this.dragged) return;
      const local = this.world.toLocal(e.global);
      for (const [name, r] of this.layout?.hosts ?? []) {
        if (local.x >= r.x && local.x <= r.x + r.w && local.y >= r.y && local.y <= r.y + r.h) {
          this.callbacks.onHostClick(this.side, name, { x: e.global.x, y: e.global.y });
          return;
        }
      }
    });
    this.dotTexture = dotTextures(renderer);
    this.messageDots.eventMode = 'static';
    this.messageDots.on('pointertap', (e) => {
      if (this.dragged) return;
      const local = this.world.toLocal(e.global);
      const hit = this.dots.find((d) => Math.hypot(d.x - local.x, d.y - local.y) <= 12);
      if (hit) this.callbacks.onMessageClick(this.side, hit.id);
    });
    this.replicas.eventMode = 'static';
    this.replicas.on('pointertap', (e) => {
      if (this.dragged) return;
      const local = this.world.toLocal(e.global);
      this.replicaAt(local.x, local.y);
    });
    stage.add(this.root);
  }

  /** Place the pane on the stage (in stage pixels). */
  place(rect: PaneRect): void {
    this.root.position.set(rect.x, rect.y);
    if (rect.w === this.size.w && rect.h === this.size.h) return;
    this.size = { w: rect.w, h: rect.h };
    this.clip.clear().rect(0, 0, rect.w, rect.h).fill(0xffffff);
    this.worldClip.clear().rect(0, 0, rect.w, rect.h).fill(0xffffff);
    this.relayout();
  }

  setRun(run: Run | null): void {
    this.run = run;
    this.changes = new Map();
    if (run) {
      for (const e of run.events) {
        if (
          e.type.startsWith('host.') ||
          e.type === 'fault.injected' ||
          e.type.startsWith('leader.')
        ) {
          const list = this.changes.get(e.host ?? '') ?? [];
          list.push(e.t);
          this.changes.set(e.host ?? '', list);
        }
      }
    }
    this.relayout();
  }

  private relayout(): void {
    for (const view of this.hostViews.values()) view.root.destroy({ children: true });
    this.hostViews.clear();
    for (const label of this.labelViews.values()) label.destroy();
    this.labelViews.clear();
    for (const label of this.edgeLabelViews.values()) label.destroy();
    this.edgeLabelViews.clear();
    this.cellCounts.clear();
    this.labelsAt = '';
    this.cellKey = '';
    this.labelsShown = '';
    this.cells.clear();
    const frame = this.run ? keyframeAt(this.run, 0) : undefined;
    if (!frame || this.size.w === 0) return;
    this.layout = layoutPane(frame.hosts, frame.replicas.length, this.size);
    // Too many workers for full-size boxes: the whole world is fitted to the pane to start with.
    const scale = Math.min(1, this.size.h / this.layout.world.h);
    this.world.resize(this.size.w, this.size.h, this.layout.world.w, this.layout.world.h);
    this.world.scale.set(scale);
    this.world.position.set((this.size.w * (1 - scale)) / 2, 0);
    this.lastFrame = null;
    for (const h of frame.hosts) {
      // In the summary form workers are cells of one Graphics, not views of their own.
      if (this.layout.summary && h.role === 'worker') continue;
      const rect = this.layout.hosts.get(h.name)!;
      const view = new HostView(h.name, rect, this.side);
      view.root.on(
        'pointertap',
        (e) =>
          !this.dragged &&
          this.callbacks.onHostClick(this.side, h.name, { x: e.global.x, y: e.global.y }),
      );
      this.hostViews.set(h.name, view);
      this.world.addChildAt(view.root, 0);
    }
    this.title.position.set(this.layout.title.x, this.layout.title.y);
    const top = this.layout.title.y + this.layout.title.h;
    this.worldClip
      .clear()
      .rect(0, top, this.size.w, this.size.h - top)
      .fill(0xffffff);
    this.frame
      .clear()
      .rect(2, 2, this.size.w - 4, this.size.h - 4)
      .stroke({ width: 4, color: COLORS[this.side] });
  }

  /** The keyframe, selection and pulsing hosts of the last draw: what need not be redrawn. */
  private lastFrame: Keyframe | null = null;
  private lastSelected: string | null = null;
  private pulsing = new Set<string>();

  /**
   * Draw the moment `t` at `speed`; `selectedHost` gets a heavier frame. Hosts, cells and glyphs
   * are redrawn only when the keyframe or the selection changed or a pulse is running; messages
   * move every frame.
   */
  draw(t: number, speed: number, selectedHost: string | null): void {
    this.dirty = false;
    // With noTicker the viewport never updates itself: this keeps its hit area on the visible
    // part of the world, or clicks and drags outside the area it had at start-up are ignored.
    this.world.update(0);
    const run = this.run;
    const layout = this.layout;
    if (!run || !layout) return;
    const frame = keyframeAt(run, t) ?? null;
    const changed = frame !== this.lastFrame || selectedHost !== this.lastSelected;
    this.lastFrame = frame;
    this.lastSelected = selectedHost;
    const states = new Map<string, HostState>((frame?.hosts ?? []).map((h) => [h.name, h]));
    for (const [name, view] of this.hostViews) {
      const p = pulse(lastAtOrBefore(this.changes.get(name), t), t, speed);
      if (!changed && p === 0 && !this.pulsing.has(name)) continue;
      if (p > 0) this.pulsing.add(name);
      else this.pulsing.delete(name);
      view.update(states.get(name), selectedHost === name, p);
    }
    let cellsChanged = false;
    if (changed) {
      if (layout.summary) cellsChanged = this.drawCells(frame?.hosts ?? [], layout);
      this.drawReplicas(frame?.replicas ?? [], layout);
    }
    if (layout.summary) {
      const labelsChanged = this.drawCellLabels(layout, changed);
      this.cacheCells(layout, cellsChanged || labelsChanged);
    }
    this.drawMessages(t, speed, layout);
  }

  /**
   * Keep the cell layer's texture at the on-screen scale (sharp, one texel a pixel), redrawn when
   * the cells or labels changed. Drawn directly instead when the texture would be too large
   * (a big grid zoomed far in).
   */
  private cacheCells(layout: PaneLayout, contentChanged: boolean): void {
    const resolution = this.world.scale.x * this.rendererResolution();
    const grid = this.cells.getLocalBounds();
    const fits =
      grid.width * resolution <= MAX_CACHE_PX && grid.height * resolution <= MAX_CACHE_PX;
    if (!fits || !layout.summary) {
      if (this.cacheResolution !== 0) this.cellLayer.cacheAsTexture(false);
      this.cacheResolution = 0;
      return;
    }
    if (resolution !== this.cacheResolution) {
      this.cellLayer.cacheAsTexture({ resolution, antialias: false, scaleMode: 'nearest' });
      this.cacheResolution = resolution;
    } else if (contentChanged) {
      this.cellLayer.updateCacheTexture();
    }
  }

  /**
   * The summary form: a cell per worker, coloured by power and by what its control plane
   * believes. Returns whether anything changed since the last time.
   */
  private drawCells(hosts: readonly HostState[], layout: PaneLayout): boolean {
    let key = '';
    for (const h of hosts) {
      if (h.role !== 'worker' || !layout.hosts.has(h.name)) continue;
      key += LOST_STATUS.test(h.status) ? 'l' : h.power === 'off' ? 'o' : 'r';
    }
    if (key === this.cellKey) return false;
    this.cellKey = key;
    const g = this.cells.clear();
    for (const h of hosts) {
      if (h.role !== 'worker') continue;
      const r = layout.hosts.get(h.name);
      if (!r) continue;
      const off = h.power === 'off';
      const lost = LOST_STATUS.test(h.status);
      g.rect(r.x, r.y, r.w, r.h).fill(lost ? COLORS.lost : off ? COLORS.off : COLORS.running);
      // A lost cell is crossed from its corners, leaving the middle to its count; stroked at
      // once, or the next cell's fill would take these lines into its own path.
      if (lost) {
        const d = Math.min(r.w, r.h) * 0.24;
        const [x0, y0, x1, y1] = [r.x + 1, r.y + 1, r.x + r.w - 1, r.y + r.h - 1];
        g.moveTo(x0, y0)
          .lineTo(x0 + d, y0 + d)
          .moveTo(x1, y0)
          .lineTo(x1 - d, y0 + d)
          .moveTo(x0, y1)
          .lineTo(x0 + d, y1 - d)
          .moveTo(x1, y1)
          .lineTo(x1 - d, y1 - d)
          .stroke({ width: 1.5, color: COLORS.ink });
      }
    }
    return true;
  }

  /**
   * Cell labels in the summary form, for the cells in view that are large enough on screen:
   * from CELL_COUNT px a cell shows how many replicas it holds, from CELL_NAME px also its name,
   * so zooming in on a large cluster reads like the small one. Bitmap text: every label's glyphs
   * come from one texture, so hundreds of labels cost a few draw calls.
   */
  private drawCellLabels(layout: PaneLayout, changed: boolean): boolean {
    const scale = this.world.scale.x;
    const view = this.world.getVisibleBounds();
    const at = `${scale}|${Math.round(view.x)}|${Math.round(view.y)}`;
    if (!changed && at === this.labelsAt) return false;
    this.labelsAt = at;
    // What the labels show, to tell whether the cell layer's texture needs drawing again.
    let shown = '';
    for (const label of this.labelViews.values()) label.visible = false;
    for (const [name, r] of layout.hosts) {
      // Control hosts have boxes of their own; only worker cells get labels.
      if (this.hostViews.has(name)) continue;
      const onScreen = r.w * scale;
      if (onScreen < CELL_COUNT) continue;
      if (r.x > view.right || r.x + r.w < view.x || r.y > view.bottom || r.y + r.h < view.y)
        continue;
      const count = String(this.cellCounts.get(name) ?? 0);
      const withName = onScreen >= CELL_NAME;
      // Type size on screen: as large as the cell allows, up to the page's small type.
      const px = withName
        ? Math.min(FONT.small, (onScreen - 6) / (0.62 * Math.max(name.length, count.length)))
        : Math.min(FONT.small, (onScreen - 4) / (0.62 * count.length + 0.6), onScreen * 0.55);
      let label = this.labelViews.get(name);
      if (!label) {
        label = new BitmapText({ text: '', style: CELL_LABEL_STYLE });
        label.anchor.set(0.5);
        this.labelViews.set(name, label);
        this.cellLabels.addChild(label);
      }
      const text = withName ? `${name}\n${count}` : count;
      shown += `${name}:${text}:${px}|`;
      if (label.text !== text) label.text = text;
      label.scale.set(px / CELL_LABEL_STYLE.fontSize / scale);
      label.position.set(r.x + r.w / 2, r.y + r.h / 2);
      label.visible = true;
    }
    const labelsChanged = shown !== this.labelsShown;
    this.labelsShown = shown;
    return labelsChanged;
  }
  private labelsShown = '';

  private glyphs: { id: string; x: number; y: number; s: number }[] = [];

  private drawReplicas(
    replicas: NonNullable<ReturnType<typeof keyframeAt>>['replicas'],
    layout: PaneLayout,
  ): void {
    const g = this.replicas.clear();
    this.glyphs = [];
    if (layout.summary) {
      this.cellCounts.clear();
      for (const r of replicas) {
        if (r.host) this.cellCounts.set(r.host, (this.cellCounts.get(r.host) ?? 0) + 1);
      }
      const running = replicas.filter((r) => r.phase === 'running').length;
      const pending = replicas.filter(
        (r) => r.phase === 'pending' || r.phase === 'starting',
      ).length;
      const lost = replicas.filter((r) => r.phase === 'lost').length;
      const parts = [`${running.toLocaleString('en')} running`];
      if (pending > 0) parts.push(`${pending.toLocaleString('en')} pending`);
      if (lost > 0) parts.push(`${lost.toLocaleString('en')} lost`);
      this.counts.text = parts.join(' · ');
      // Right-aligned after the title, never over it: smaller type first, then cut.
      const room = this.size.w - 14 - (this.title.x + this.title.width + 16);
      this.counts.scale.set(1);
      if (this.counts.width > room) this.counts.scale.set(Math.max(0.75, room / this.counts.width));
      for (let n = parts.length - 1; this.counts.width > room && n > 0; n--)
        this.counts.text = parts.slice(0, n).join(' · ');
      this.counts.position.set(
        this.size.w - this.counts.width - 14,
        layout.title.y + 8 + (FONT.label - FONT.label * this.counts.scale.y) / 2,
      );
      return;
    }
    const perHost = new Map<string, number>();
    let pendingIndex = 0;
    const size = layout.glyph.size;
    for (const r of replicas) {
      let x: number;
      let y: number;
      if (r.host && layout.hosts.has(r.host)) {
        const i = perHost.get(r.host) ?? 0;
        perHost.set(r.host, i + 1);
        ({ x, y } = glyphSlot(layout.hosts.get(r.host)!, layout, i));
      } else {
        x = layout.pendingTray.x + 130 + pendingIndex * (size + 4);
        y = layout.pendingTray.y + 8;
        pendingIndex++;
      }
      const color = phaseColor(r.phase);
      g.rect(x, y, size, size).fill(r.phase === 'starting' ? COLORS.box : color);
      if (r.phase === 'pending' || r.phase === 'starting')
        g.rect(x, y, size, size).stroke({ width: 2, color: COLORS.ink });
      if (r.phase === 'lost') {
        g.moveTo(x, y)
          .lineTo(x + size, y + size)
          .moveTo(x + size, y)
          .lineTo(x, y + size)
          .stroke({ width: 2, color: COLORS.ink });
      }
      this.glyphs.push({ id: r.id, x, y, s: size });
    }
    this.counts.text = '';
    this.waiting.text = pendingIndex > 0 ? 'waiting:' : '';
    this.waiting.position.set(layout.pendingTray.x, layout.pendingTray.y + 2);
  }

  /** Where each message dot was drawn last, for clicks. */
  private dots: { id: number; x: number; y: number }[] = [];

  /** The centre of a host's box in canvas CSS pixels (null if not drawn): tests, demo scripts. */
  hostOnCanvas(name: string): { x: number; y: number } | null {
    const r = this.layout?.hosts.get(name);
    if (!r) return null;
    const p = this.world.toGlobal({ x: r.x + r.w / 2, y: r.y + r.h / 2 });
    return { x: p.x, y: p.y };
  }

  /** A host box's text as drawn (null if the host has no box): for tests. */
  hostText(name: string): string | null {
    return this.hostViews.get(name)?.shownText() ?? null;
  }

  /** The summary form's cell labels now shown, as host → text: for tests. */
  cellLabelsShown(): Record<string, string> {
    const shown: Record<string, string> = {};
    for (const [name, label] of this.labelViews) if (label.visible) shown[name] = label.text;
    return shown;
  }

  /** Where each message dot was drawn, in canvas CSS pixels: for tests and demo automation. */
  messageDotsOnCanvas(): { id: number; x: number; y: number }[] {
    return this.dots.map((d) => {
      const p = this.world.toGlobal({ x: d.x, y: d.y });
      return { id: d.id, x: p.x, y: p.y };
    });
  }

  private drawMessages(t: number, speed: number, layout: PaneLayout): void {
    const g = this.messages.clear();
    this.dots = [];
    for (const sprite of this.dotSprites) sprite.visible = false;
    for (const label of this.edgeLabelViews.values()) label.visible = false;
    const textures = this.dotTexture;
    if (!this.run || !textures) return;
    // The summary form bundles the workers' traffic with each control-plane host into one edge;
    // messages between control-plane hosts (votes, Raft, ZooKeeper) still travel as dots.
    if (layout.summary) this.drawBundledEdges(g, t, layout);
    for (const dot of messagesInFlight(this.run.messages, t, speed)) {
      const fromHost = dot.message.from.split('/')[0]!;
      const toHost = dot.message.to.split('/')[0]!;
      if (layout.summary && !(this.hostViews.has(fromHost) && this.hostViews.has(toHost))) continue;
      const from = layout.hosts.get(fromHost);
      const to = layout.hosts.get(toHost);
      if (!from || !to || from === to) continue;
      const [x, y] = pointAlong(
        messagePath(
          from,
          isControlAddress(dot.message.from),
          to,
          isControlAddress(dot.message.to),
          layout.workers,
        ),
        dot.progress,
      );
      let sprite = this.dotSprites[this.dots.length];
      if (!sprite) {
        sprite = new Sprite({ anchor: 0.5 });
        this.dotSprites.push(sprite);
        this.messageDots.addChild(sprite);
      }
      this.dots.push({ id: dot.message.id, x, y });
      sprite.texture = dot.message.dropped ? textures.lost : textures.message;
      sprite.position.set(x, y);
      sprite.alpha = dot.alpha;
      sprite.visible = true;
    }
  }

  /**
   * Per control-plane host, one edge down to the worker grid, as thick as the traffic it carries
   * (messages a second over the last 10 s, both ways), labelled with that rate; lost messages
   * add a cross and their own rate in the colour of loss.
   */
  private drawBundledEdges(g: Graphics, t: number, layout: PaneLayout): void {
    const run = this.run!;
    let gridTop = Infinity;
    for (const [name, r] of layout.hosts)
      if (!this.hostViews.has(name)) gridTop = Math.min(gridTop, r.y);
    if (!Number.isFinite(gridTop)) return;
    const scale = this.world.scale.x;
    for (const rate of workerTraffic(run.messages, t, (host) => this.hostViews.has(host))) {
      const box = layout.hosts.get(rate.host);
      if (!box) continue;
      const x = box.x + box.w / 2;
      const top = box.y + box.h;
      const width = Math.min(12, 2 + 2 * Math.log2(1 + rate.perSecond + rate.lostPerSecond));
      g.moveTo(x, top)
        .lineTo(x, gridTop)
        .stroke({ width, color: rate.perSecond > 0 ? COLORS.message : COLORS.lost, alpha: 0.9 });
      const mid = (top + gridTop) / 2;
      if (rate.lostPerSecond > 0) {
        g.moveTo(x - 6, mid - 6)
          .lineTo(x + 6, mid + 6)
          .moveTo(x + 6, mid - 6)
          .lineTo(x - 6, mid + 6)
          .stroke({ width: 3, color: COLORS.lost });
      }
      let label = this.edgeLabelViews.get(rate.host);
      if (!label) {
        label = new BitmapText({ text: '', style: EDGE_LABEL_STYLE });
        label.anchor.set(0, 0.5);
        this.edgeLabelViews.set(rate.host, label);
        this.edgeLabels.addChild(label);
      }
      const parts = [];
      if (rate.perSecond > 0) parts.push(`${formatRate(rate.perSecond)}/s`);
      if (rate.lostPerSecond > 0) parts.push(`${formatRate(rate.lostPerSecond)} lost/s`);
      const text = parts.join(' · ');
      if (label.text !== text) label.text = text;
      label.tint = rate.lostPerSecond > 0 ? COLORS.lost : COLORS.ink;
      label.scale.set(EDGE_LABEL_PX / EDGE_LABEL_STYLE.fontSize / scale);
      label.position.set(x + width / 2 + 4, mid);
      label.visible = true;
    }
  }

  private replicaAt(x: number, y: number): void {
    const hit = this.glyphs.find((g) => x >= g.x && x <= g.x + g.s && y >= g.y && y <= g.y + g.s);
    if (hit) this.callbacks.onReplicaClick(this.side, hit.id);
  }
}
