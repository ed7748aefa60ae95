// The playground in real headless Chromium (Debian's, WebGL through SwiftShader), driven the way
// a presenter drives it: keys, buttons, the timeline, editing the past, and shared links.

import { readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageSession } from '../support/browser';
import { startPageSession } from '../support/browser';

const names = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

interface StoreLike {
  getState(): {
    branches: { runs: { kubernetes: { events: { type: string; subject: string }[] } } | null }[];
  };
  setState(x: unknown): void;
}

interface Dot {
  id: number;
  x: number;
  y: number;
}

/** Where a host is drawn, in page pixels. */
async function hostOnCanvas(
  page: Page,
  side: string,
  host: string,
): Promise<{ x: number; y: number }> {
  const at = await page.evaluate(
    ([side, host]) =>
      (
        window as unknown as {
          clusterplay: { hostOnCanvas(side: string, host: string): { x: number; y: number } };
        }
      ).clusterplay.hostOnCanvas(side, host),
    [side, host] as const,
  );
  const canvas = (await page.locator('canvas.stage').boundingBox())!;
  return { x: canvas.x + at.x, y: canvas.y + at.y };
}

/** Open a host's edit menu by clicking that host on the canvas. */
async function openHostMenu(page: Page, side: string, host: string): Promise<void> {
  const at = await hostOnCanvas(page, side, host);
  await page.mouse.click(at.x, at.y);
  await page.waitForSelector('[data-role="host-menu"]:not([hidden])');
}

const clock = (page: Page) => page.textContent('[data-testid="clock"]');
const playhead = async (page: Page) => Number(await page.getAttribute('body', 'data-playhead'));

/** Distinct colours in a pane's screenshot: a drawn pane has many, a blank one a few. */
async function paneColours(page: Page, side: string): Promise<number> {
  const png = await page.locator(`[data-testid="pane-${side}"]`).screenshot();
  return page.evaluate(
    async (bytes) => {
      const blob = new Blob([new Uint8Array(bytes)], { type: 'image/png' });
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 97)
        colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return colours.size;
    },
    [...png],
  );
}

/** The colour of one page pixel, as [r, g, b]. */
async function pixelAt(page: Page, x: number, y: number): Promise<number[]> {
  const png = await page.screenshot({
    clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 },
  });
  return page.evaluate(
    async (bytes) => {
      const bitmap = await createImageBitmap(
        new Blob([new Uint8Array(bytes)], { type: 'image/png' }),
      );
      const ctx = new OffscreenCanvas(1, 1).getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    },
    [...png],
  );
}

const near = (rgb: number[], hex: number) =>
  rgb.every((v, i) => Math.abs(v - ((hex >> (16 - 8 * i)) & 0xff)) <= 24);

describe('the playground', () => {
  let session: PageSession;
  beforeAll(async () => {
    session = await startPageSession();
  });
  afterAll(async () => {
    await session?.close();
  });

  it.each(names)(
    'loads %s, draws both panes with WebGL, and lists every scenario',
    async (name) => {
      const page = await session.open(`/?scenario=${name}`);
      await page.waitForSelector(`body[data-ready="${name}"]`);
      expect(await page.getAttribute('body', 'data-renderer')).toBe('webgl');
      const options = await page.$$eval('[data-testid="scenario-picker"] option', (os) =>
        os.map((o) => (o as HTMLOptionElement).value),
      );
      expect(options).toEqual(names);
      expect(
        await page.locator('[data-testid="event-log"] [data-testid="event"]').count(),
      ).toBeGreaterThan(0);
      expect(await paneColours(page, 'kubernetes')).toBeGreaterThan(8);
      expect(await paneColours(page, 'mesos')).toBeGreaterThan(8);
      await page.close();
    },
  );

  it('turns multisampling off on a software rasterizer (SwiftShader here), keeps it on a GPU', async () => {
    const page = await session.open('/?scenario=node-failure');
    await page.waitForSelector('body[data-ready="node-failure"]');
    const device = (await page.getAttribute('body', 'data-device')) ?? '';
    const antialias = await page.evaluate(
      () =>
        document
          .querySelector<HTMLCanvasElement>('canvas.stage')
          ?.getContext('webgl2')
          ?.getContextAttributes()?.antialias,
    );
    expect(antialias).toBe(!/swiftshader|llvmpipe|software/i.test(device));
    expect(device).not.toBe('');
    await page.close();
  });

  it('plays to the first chapter mark and stops there; Space pauses and resumes', async () => {
    const page = await session.open('/?scenario=node-failure');
    await page.waitForSelector('body[data-ready="node-failure"]');
    await page.selectOption('[data-testid="speed"]', '20');
    await page.click('[data-testid="play"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="clock"]')?.textContent === '0:31',
    );
    // Stopped by the chapter mark: it stays there.
    await page.waitForTimeout(300);
    expect(await clock(page)).toBe('0:31');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => Number(document.body.dataset.playhead) > 31_500);
    await page.keyboard.press('Space');
    const paused = await playhead(page);
    await page.waitForTimeout(300);
    expect(await playhead(page)).toBe(paused);
    await page.close();
  });

  it('steps by event with the arrows, by second with Shift, and by chapter with PageDown', async () => {
    const page = await session.open('/?scenario=node-failure');
    await page.waitForSelector('body[data-ready="node-failure"]');
    await page.keyboard.press('PageDown');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="clock"]')?.textContent === '0:31',
    );
    await page.keyboard.press('Shift+ArrowRight');
    await page.waitForFunction(() => document.body.dataset.playhead === '32000');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => Number(document.body.dataset.playhead) > 32_000);
    const next = await playhead(page);
    await page.click('[data-testid="step-back"]');
    await page.waitForFunction((n) => Number(document.body.dataset.playhead) < n, next);
    await page.keyboard.press(']');
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="speed"]') as HTMLSelectElement).value === '10',
    );
    await page.close();
  });

  it('scrubs with the timeline and highlights the event at the playhead in the log', async () => {
    const page = await session.open('/?scenario=node-failure');
    await page.waitForSelector('body[data-ready="node-failure"]');
    const box = (await page.locator('[data-testid="timeline"]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(
      () => Math.abs(Number(document.body.dataset.playhead) - 240_000) < 3_000,
    );
    expect(await page.locator('[data-testid="event"].current').count()).toBe(1);
    await page.close();
  });

  it('shows the keys overlay with ?, presenter mode with F, and blanks the screen with B', async () => {
    const page = await session.open('/?scenario=node-failure');
    await page.waitForSelector('body[data-ready="node-failure"]');
    await page.keyboard.press('Shift+?');
    await page.waitForSelector('[data-role="help"]:not([hidden])');
    expect(await page.textContent('[data-role="help"]')).toContain('Next chapter mark');
    await page.keyboard.press('Escape');
    await page.keyboard.press('f');
    await page.waitForSelector('body.presenter');
    expect(await page.isVisible('[data-testid="scorecard"]')).toBe(false);
    await page.keyboard.press('b');
    await page.waitForSelector('[data-role="blank"]:not([hidden])');
    await page.keyboard.press('.');
    await page.waitForSelector('[data-role="blank"]', { state: 'hidden' });
    await page.close();
  });

  it('edits the past: failing a host at the playhead makes a new branch on both sides', async () => {
    const page = await session.open('/?scenario=leader-failure#t=20');
    await page.waitForSelector('body[data-ready="leader-failure"]');
    await openHostMenu(page, 'kubernetes', 'node-3');
    // The click also shows the host in the inspector, with the flags that decide its fate.
    expect(await page.textContent('[data-testid="inspector"]')).toContain(
      'controller-manager --node-monitor-grace-period50s',
    );
    await page.click('[data-testid="edit"]:has-text("Fail node-3")');
    await page.waitForSelector('[data-testid="branch"]');
    expect(await page.locator('[data-testid="branch"]').count()).toBe(2);
    const faults = await page
      .locator('[data-testid="event"][data-type="fault.injected"]')
      .allTextContents();
    expect(faults.some((t) => t.includes('node-3'))).toBe(true);
    await page.close();
  });

  it('loses a message clicked on the canvas, as a version 2 branch that a shared link keeps', async () => {
    const page = await session.open('/?scenario=node-failure#t=20');
    await page.waitForSelector('body[data-ready="node-failure"]');
    // Messages in flight at the playhead, where the canvas drew them.
    const dot = await page.evaluate(() => {
      const cp = (window as unknown as { clusterplay: { messageDots(side: string): Dot[] } })
        .clusterplay;
      return cp.messageDots('kubernetes')[0] ?? null;
    });
    expect(dot).not.toBeNull();
    const canvas = (await page.locator('canvas.stage').boundingBox())!;
    await page.mouse.click(canvas.x + dot!.x, canvas.y + dot!.y);
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="inspector"]')?.textContent?.includes('arrives'),
    );
    const kind = await page.textContent('[data-testid="inspector"] .row:first-of-type .v');
    await page.click(`[data-testid="edit"]:has-text("Lose this ${kind}")`);
    await page.waitForSelector('[data-testid="branch"]');
    const lost = await page
      .locator('[data-testid="event"][data-type="message.dropped"]')
      .allTextContents();
    expect(lost.some((t) => t.includes(`The ${kind} message from`))).toBe(true);
    await page.click('[data-command="copy-link"]');
    const again = await session.open(page.url().replace(session.baseUrl, ''));
    await again.waitForSelector('body[data-ready="node-failure"]');
    await again.waitForSelector('[data-testid="branch"]');
    expect(await again.locator('[data-testid="event"][data-type="message.dropped"]').count()).toBe(
      1,
    );
    await again.close();
    await page.close();
  });

  it('reproduces a shared link, edits and playhead included', async () => {
    const page = await session.open('/?scenario=node-failure#t=45');
    await page.waitForSelector('body[data-ready="node-failure"]');
    expect(await clock(page)).toBe('0:45');
    await openHostMenu(page, 'mesos', 'node-5');
    await page.click('[data-testid="edit"]:has-text("Cut node-5")');
    await page.waitForSelector('[data-testid="branch"]');
    await page.click('[data-command="copy-link"]');
    const link = page.url();
    expect(link).toContain('?s=');
    const again = await session.open(link.replace(session.baseUrl, ''));
    await again.waitForSelector('body[data-ready="node-failure"]');
    await again.waitForSelector('[data-testid="branch"]');
    expect(await clock(again)).toBe('0:45');
    const faults = await again
      .locator('[data-testid="event"][data-type="fault.injected"]')
      .allTextContents();
    expect(faults.some((t) => t.includes('node-5'))).toBe(true);
    await again.close();
    await page.close();
  });

  it('keeps the previous scenario on screen when a dropped file is invalid, and says why', async () => {
    const page = await session.open('/?scenario=drain');
    await page.waitForSelector('body[data-ready="drain"]');
    await page.setInputFiles('[data-role="file-input"]', {
      name: 'broken.yaml',
      mimeType: 'text/yaml',
      buffer: Buffer.from(
        'version: 1\ntitle: Broken\nduration: 5m\ncluster:\n  controlPlane: 2\n  workers: { count: 2, cpu: fast, memory: 8Gi }\n',
      ),
    });
    await page.waitForSelector('[data-testid="error"]:not([hidden])');
    const error = await page.textContent('[data-testid="error"]');
    expect(error).toContain('broken.yaml:5:17 cluster.controlPlane:');
    expect(error).toContain(
      'broken.yaml:6:29 cluster.workers.cpu: expected cores like 0.5 or 500m, got "fast"',
    );
    expect(await page.textContent('#scenario-title')).toBe('A worker is drained for maintenance');
    expect(await page.inputValue('[data-testid="scenario-picker"]')).toBe('drain');
    await page.close();
  });

  it('shows scenario text as text, never as HTML', async () => {
    const page = await session.open('/?scenario=node-failure');
    await page.waitForSelector('body[data-ready="node-failure"]');
    await page.setInputFiles('[data-role="file-input"]', {
      name: 'html.yaml',
      mimeType: 'text/yaml',
      buffer: Buffer.from(
        'version: 1\ntitle: "<img src=x onerror=alert(1)>"\nduration: 1m\ncluster:\n  controlPlane: 1\n  workers: { count: 1, cpu: 1, memory: 1Gi }\nevents:\n  - { at: 0s, say: "<b>bold</b>" }\n',
      ),
    });
    await page.waitForSelector('body[data-ready="html"]');
    expect(await page.textContent('#scenario-title')).toBe('<img src=x onerror=alert(1)>');
    expect(await page.locator('img').count()).toBe(0);
    // The picker names the opened file, and picking it again after another scenario reopens it.
    const picker = page.locator('[data-testid="scenario-picker"]');
    expect(await picker.locator('option:checked').textContent()).toBe(
      '<img src=x onerror=alert(1)> (html.yaml)',
    );
    await picker.selectOption('drain');
    await page.waitForSelector('body[data-ready="drain"]');
    await picker.selectOption({ label: '<img src=x onerror=alert(1)> (html.yaml)' });
    await page.waitForSelector('body[data-ready="html"]');
    await page.close();
  });

  it("shows the scheduler's per-node scores for a replacement pod in the inspector", async () => {
    const page = await session.open('/?scenario=node-failure#t=420');
    await page.waitForSelector('body[data-ready="node-failure"]');
    await page.evaluate(() => {
      const { store } = (window as unknown as { clusterplay: { store: StoreLike } }).clusterplay;
      const runs = store.getState().branches[0]!.runs!;
      const placed = runs.kubernetes.events.find((e) => e.type === 'replica.placed')!;
      store.setState({ selection: { kind: 'replica', side: 'kubernetes', id: placed.subject } });
    });
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="inspector"]')?.textContent?.includes('LeastAllocated'),
    );
    expect(await page.textContent('[data-testid="inspector"]')).toContain('Successfully assigned');
    await page.close();
  });

  it('labels summary cells with their replica counts, and with names once zoomed in', async () => {
    const page = await session.open('/?scenario=large-cluster');
    await page.waitForSelector('body[data-ready="large-cluster"]');
    const labels = () =>
      page.evaluate(() =>
        (
          window as unknown as {
            clusterplay: { cellLabels(side: string): Record<string, string> };
          }
        ).clusterplay.cellLabels('kubernetes'),
      );
    // Five narrow control-plane boxes: every process line whole, a long state on a line of its own.
    for (const side of ['kubernetes', 'mesos']) {
      for (let i = 1; i <= 5; i++) {
        const text = await page.evaluate(
          ([side, host]) =>
            (
              window as unknown as {
                clusterplay: { hostText(side: string, host: string): string | null };
              }
            ).clusterplay.hostText(side, host),
          [side, `control-${i}`] as const,
        );
        expect(text).toMatch(side === 'kubernetes' ? /etcd/ : /zk/);
        expect(text).not.toContain('…');
      }
    }
    const before = await labels();
    // 200 workers, 2,000 replicas spread over them: every cell shows a count, no names yet.
    expect(Object.keys(before)).toHaveLength(200);
    expect(Object.values(before).every((text) => /^\d+$/.test(text))).toBe(true);
    const total = Object.values(before).reduce((sum, text) => sum + Number(text), 0);
    expect(total).toBeGreaterThanOrEqual(1900);
    expect(total).toBeLessThanOrEqual(2000);
    // Both grids are on screen, in the running colour (beside the label, not on it).
    for (const side of ['kubernetes', 'mesos']) {
      const at = await hostOnCanvas(page, side, 'node-45');
      expect(near(await pixelAt(page, at.x - 9, at.y - 9), 0x009e73)).toBe(true);
    }
    const cell = await hostOnCanvas(page, 'kubernetes', 'node-45');
    await page.mouse.move(cell.x, cell.y);
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, -200);
      await page.waitForTimeout(50);
    }
    await expect.poll(async () => (await labels())['node-45']).toMatch(/^node-45\n\d+$/);
    // Only the cells in view are labelled.
    expect(Object.keys(await labels()).length).toBeLessThan(60);
    // Dragging the view pans it; it is not a click on the cell it started on.
    const zoomed = await hostOnCanvas(page, 'kubernetes', 'node-45');
    await page.mouse.move(zoomed.x, zoomed.y);
    await page.mouse.down();
    await page.mouse.move(zoomed.x - 120, zoomed.y - 60, { steps: 6 });
    await page.mouse.up();
    await expect
      .poll(async () => (await hostOnCanvas(page, 'kubernetes', 'node-45')).x)
      .toBeLessThan(zoomed.x - 100);
    expect(await page.isHidden('[data-role="host-menu"]')).toBe(true);
    await page.close();
  });

  it('logs no console errors', () => {
    expect(session.errors).toEqual([]);
  });
});
