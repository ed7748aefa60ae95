// Renderer and page figures for `npm run bench`: the built bundle's gzipped size, time to the
// first frame, and ms per frame in headless Chromium (Debian's, WebGL; SwiftShader without a GPU)
// with the frame-rate limit off.

import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { printScenario } from '../src/scenario';
import { CHROMIUM_FLAGS } from '../tests/support/browser';
import { benchScenario } from './clusters';

export interface RenderRow {
  name: string;
  value: number;
  unit: string;
  [context: string]: unknown;
}

function bundleKb(): number {
  const dir = 'dist/assets';
  let total = 0;
  for (const file of readdirSync(dir)) {
    if (/\.(js|css)$/.test(file)) total += gzipSync(readFileSync(`${dir}/${file}`)).length;
  }
  return Math.round(total / 1024);
}

/** In the page: resolves with the time of the `clusterplay:first-frame` mark once it is set. */
function firstFrameMark(): Promise<number> {
  return new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
      const mark = list.getEntriesByName('clusterplay:first-frame')[0];
      if (!mark) return;
      observer.disconnect();
      resolve(mark.startTime);
    }).observe({ type: 'mark', buffered: true });
  });
}

export async function renderBench(quick: boolean, extraArgs: string[] = []): Promise<RenderRow[]> {
  const rows: RenderRow[] = [];
  await build({ logLevel: 'error', build: { sourcemap: false } });
  rows.push({ name: 'page bundle (gzipped js + css)', value: bundleKb(), unit: 'KB' });
  const server = await preview({ logLevel: 'error', preview: { port: 0, host: '127.0.0.1' } });
  const address = server.httpServer.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 4173}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_FLAGS, '--disable-frame-rate-limit', '--disable-gpu-vsync', ...extraArgs],
  });
  try {
    // Time to first frame: from navigation start until the first frame that drew both panes'
    // hosts, the scenario's clusters, has been committed, as the page marks it. Read from the
    // mark, not by polling the page while it loads (Playwright's selector engine, injected then,
    // took 0.2 s of the page's main thread); the page must then have loaded node-failure.
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    const firstFrame = await page.evaluate(firstFrameMark);
    await page.waitForSelector('body[data-ready="node-failure"]');
    const renderer = await page.getAttribute('body', 'data-renderer');
    const device = await page.getAttribute('body', 'data-device');
    rows.push({
      name: 'time to first frame (default scenario)',
      value: Math.round(firstFrame),
      unit: 'ms',
      renderer,
      device,
    });
    await page.close();

    const scenes: [string, number, number][] = [
      ['standard scene (200 nodes, 2,000 pods)', 200, 2000],
      ['summary view (5,000 nodes)', quick ? 500 : 5000, quick ? 5000 : 20_000],
    ];
    for (const [name, workers, replicas] of scenes) {
      const scenario = { ...benchScenario(workers, replicas, 120_000), title: name };
      const scene = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await scene.goto(`${base}/`);
      await scene.waitForSelector('body[data-ready="node-failure"]');
      // Opened as a file, as a teacher would: a 5,000-worker scenario is too long for a URL.
      await scene.setInputFiles('[data-role="file-input"]', {
        name: 'bench.yaml',
        mimeType: 'text/yaml',
        buffer: Buffer.from(printScenario(scenario)),
      });
      await scene.waitForSelector('body[data-ready="bench"]', { timeout: 300_000 });
      const frames = quick ? 10 : 120;
      await scene.evaluate(() =>
        (
          window as unknown as { clusterplay: { benchFrames(n: number): number } }
        ).clusterplay.benchFrames(5),
      );
      const ms = await scene.evaluate(
        (n) =>
          (
            window as unknown as { clusterplay: { benchFrames(n: number): number } }
          ).clusterplay.benchFrames(n),
        frames,
      );
      const split = await scene.evaluate(
        () =>
          (
            window as unknown as {
              clusterplay: { lastFrameSplit: { scene: number; submit: number; raster: number } };
            }
          ).clusterplay.lastFrameSplit,
      );
      rows.push({
        name: `${name} frame`,
        value: Number(ms.toFixed(2)),
        unit: 'ms/frame',
        renderer,
        device,
        workers,
        replicas,
        sceneMs: Number(split.scene.toFixed(2)),
        submitMs: Number(split.submit.toFixed(2)),
        rasterMs: Number(split.raster.toFixed(2)),
      });
      await scene.close();
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
  return rows;
}
