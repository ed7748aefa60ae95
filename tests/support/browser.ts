// Real headless Chromium (Debian's, never a downloaded build) driving a vite server on a free port.

import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { createServer } from 'vite';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PageSession {
  browser: Browser;
  server: ViteDevServer;
  baseUrl: string;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  open(path: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startPageSession(): Promise<PageSession> {
  const server = await createServer({ logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  const address = server.httpServer!.address();
  const port = typeof address === 'object' && address ? address.port : 5173;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
  const errors: string[] = [];
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    browser,
    server,
    baseUrl,
    errors,
    async open(path) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(baseUrl + path);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
