// Where everything sits in a pane: a pure function of the host list and the pane's size, so the
// same host lands on the same spot in both panes and a test can check that no labels overlap.

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LayoutHost {
  name: string;
  role: 'control' | 'worker';
}

export interface PaneLayout {
  /** Summary form: nodes as a grid of small cells, replicas as counts. */
  summary: boolean;
  title: Rect;
  hosts: Map<string, Rect>;
  /** The area for the host's name label inside its box. */
  labels: Map<string, Rect>;
  /** Where replicas without a host wait (Pending, queued). */
  pendingTray: Rect;
  /** The size everything needs; taller than the pane when the workers do not fit. */
  world: { w: number; h: number };
  /** Replica glyph size and spacing inside a worker box. */
  glyph: { size: number; gap: number; top: number };
  /** Where the worker boxes are: the top of the first row, the grid's left and right edges,
   * and the space between boxes. */
  workers: { top: number; left: number; right: number; gap: number };
}

export const FONT = { title: 26, label: 18, small: 18 } as const;
export const PROCESS_ROWS = 5;
/** The smallest worker box that holds a name, a status and a row of glyphs at 18 px. */
export const MIN_WORKER = { w: 150, h: 84 } as const;
const PAD = 10;
const LINE = 22;

/** Above these sizes a pane switches to its summary form (STYLE.md §6). */
export const SUMMARY_NODES = 60;
export const SUMMARY_REPLICAS = 1000;

export function usesSummary(hosts: number, replicas: number): boolean {
  return hosts > SUMMARY_NODES || replicas > SUMMARY_REPLICAS;
}

/** Columns and rows for `n` boxes in a `w`×`h` area, keeping boxes close to `aspect` (w/h). */
export function grid(
  n: number,
  w: number,
  h: number,
  aspect: number,
): { cols: number; rows: number } {
  if (n <= 0) return { cols: 1, rows: 1 };
  let best = { cols: n, rows: 1, score: -Infinity };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const bw = w / cols;
    const bh = h / rows;
    const score = -Math.abs(Math.log(bw / bh / aspect)) - (cols * rows - n) * 0.05;
    if (score > best.score) best = { cols, rows, score };
  }
  return { cols: best.cols, rows: best.rows };
}

export function layoutPane(
  hosts: readonly LayoutHost[],
  replicaCount: number,
  size: { w: number; h: number },
): PaneLayout {
  const control = hosts.filter((h) => h.role === 'control');
  const workers = hosts.filter((h) => h.role === 'worker');
  const summary = usesSummary(hosts.length, replicaCount);
  const title: Rect = { x: PAD, y: 4, w: size.w - 2 * PAD, h: FONT.title + 10 };
  const boxes = new Map<string, Rect>();
  const labels = new Map<string, Rect>();

  // Control plane: one row, each box tall enough for its name and PROCESS_ROWS lines.
  const controlTop = title.y + title.h + 6;
  const controlH = LINE * (PROCESS_ROWS + 2) + 2 * PAD;
  const cw = Math.min(300, (size.w - PAD * (control.length + 1)) / Math.max(1, control.length));
  const startX = (size.w - (cw * control.length + PAD * (control.length - 1))) / 2;
  control.forEach((h, i) => {
    const r = { x: startX + i * (cw + PAD), y: controlTop, w: cw, h: controlH };
    boxes.set(h.name, r);
    labels.set(h.name, { x: r.x + PAD, y: r.y + 6, w: r.w - 2 * PAD, h: 2 * LINE + 4 });
  });

  const trayH = summary ? 0 : LINE + 2 * PAD;
  const workersTop = controlTop + controlH + 2 * PAD;
  const workersH = Math.max(40, size.h - workersTop - trayH - PAD);
  const area = { x: PAD, y: workersTop, w: size.w - 2 * PAD, h: workersH };
  const gap = summary ? 2 : PAD;
  // A worker box must hold its name, its status and a row of glyphs at full type size; when
  // they do not fit, the world grows taller than the pane and the renderer fits it to the pane.
  const minW = summary ? 6 : MIN_WORKER.w;
  const minH = summary ? 6 : MIN_WORKER.h;
  let { cols, rows } = grid(workers.length, area.w, area.h, summary ? 1 : 1.8);
  const maxCols = Math.max(1, Math.floor((area.w + gap) / (minW + gap)));
  if (cols > maxCols) {
    cols = maxCols;
    rows = Math.ceil(workers.length / cols);
  }
  const bw = (area.w - gap * (cols - 1)) / cols;
  const fitH = (area.h - gap * (rows - 1)) / rows;
  const bh = Math.max(minH, Math.min(fitH, summary ? bw : 220));
  workers.forEach((h, i) => {
    const r = {
      x: area.x + (i % cols) * (bw + gap),
      y: area.y + Math.floor(i / cols) * (bh + gap),
      w: bw,
      h: bh,
    };
    boxes.set(h.name, r);
    if (!summary)
      labels.set(h.name, { x: r.x + PAD, y: r.y + 6, w: r.w - 2 * PAD, h: 2 * LINE + 4 });
  });
  const worldH = Math.max(size.h, workersTop + rows * (bh + gap) - gap + trayH + PAD);
  const glyphSize = summary
    ? 0
    : Math.max(10, Math.min(20, Math.floor((bh - LINE * 2 - 14 - PAD) / 2)));
  return {
    summary,
    title,
    hosts: boxes,
    labels,
    pendingTray: { x: PAD, y: worldH - trayH, w: size.w - 2 * PAD, h: trayH },
    world: { w: size.w, h: worldH },
    glyph: { size: glyphSize, gap: Math.max(3, Math.round(glyphSize / 4)), top: LINE * 2 + 14 },
    workers: {
      top: workersTop,
      left: area.x,
      right: area.x + cols * bw + (cols - 1) * gap,
      gap,
    },
  };
}

/** Position of the i-th replica glyph in a worker box (row-major, wrapping at the box width). */
export function glyphSlot(box: Rect, layout: PaneLayout, i: number): { x: number; y: number } {
  const { size, gap, top } = layout.glyph;
  const perRow = Math.max(1, Math.floor((box.w - 2 * PAD + gap) / (size + gap)));
  return {
    x: box.x + PAD + (i % perRow) * (size + gap),
    y: box.y + top + Math.floor(i / perRow) * (size + gap),
  };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Cut `text` to fit `maxChars`, ending in "…". */
export function ellipsize(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return text.slice(0, Math.max(1, maxChars - 1)) + '…';
}

/**
 * The path a message dot travels between two boxes, as points. Control-plane hosts send and
 * receive at their bottom edge, workers at their top edge, so dots travel in the gaps between
 * boxes, never over the text inside them: a worker below the first row sends up the gutter
 * beside it (the one towards the other end, unless that is the grid's outer edge), then across
 * the band between the control plane and the workers.
 */
export function messagePath(
  from: Rect,
  fromControl: boolean,
  to: Rect,
  toControl: boolean,
  grid: { top: number; left: number; right: number; gap: number },
): [number, number][] {
  const leg = (box: Rect, control: boolean, other: Rect): [number, number][] => {
    const cx = box.x + box.w / 2;
    if (control) return [[cx, box.y + box.h]];
    if (box.y <= grid.top) return [[cx, box.y]];
    const above = box.y - grid.gap / 2;
    const left = box.x - grid.gap / 2;
    const right = box.x + box.w + grid.gap / 2;
    const towardsRight = other.x + other.w / 2 > cx;
    const gutter = (towardsRight && right < grid.right) || left < grid.left ? right : left;
    return [
      [cx, box.y],
      [cx, above],
      [gutter, above],
      [gutter, grid.top - grid.gap / 2],
    ];
  };
  return [...leg(from, fromControl, to), ...leg(to, toControl, from).reverse()];
}

/** The point at fraction `f` (0..1) of a path's length. */
export function pointAlong(path: readonly [number, number][], f: number): [number, number] {
  if (f <= 0) return path[0]!;
  if (f >= 1) return path[path.length - 1]!;
  let total = 0;
  for (let i = 1; i < path.length; i++)
    total += Math.hypot(path[i]![0] - path[i - 1]![0], path[i]![1] - path[i - 1]![1]);
  let left = f * total;
  for (let i = 1; i < path.length; i++) {
    const [ax, ay] = path[i - 1]!;
    const [bx, by] = path[i]!;
    const d = Math.hypot(bx - ax, by - ay);
    if (left <= d && d > 0) return [ax + ((bx - ax) * left) / d, ay + ((by - ay) * left) / d];
    left -= d;
  }
  return path[path.length - 1]!;
}
