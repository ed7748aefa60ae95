// The foundation page in real headless Chromium: it lists every bundled scenario, runs the one
// in the URL, and shows both sides' summaries and narrated events.

import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageSession } from '../support/browser';
import { startPageSession } from '../support/browser';

const names = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

describe('the page', () => {
  let session: PageSession;
  beforeAll(async () => {
    session = await startPageSession();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('opens the default scenario and lists every bundled one in the picker', async () => {
    const page = await session.open('/');
    await page.waitForSelector('body[data-ready="node-failure"]');
    const options = await page.$$eval('[data-testid="scenario-picker"] option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(options).toEqual(names);
    expect(await page.textContent('#scenario-title')).toBe(
      'A worker loses power under steady load',
    );
    const card = await page.textContent('[data-testid="scorecard"]');
    expect(card).toContain('Failure detected after');
    expect(
      await page
        .locator(
          '[data-testid="pane-kubernetes"] [data-testid="event"][data-type="host.unreachable"]',
        )
        .count(),
    ).toBe(1);
    expect(
      await page
        .locator('[data-testid="pane-mesos"] [data-testid="event"][data-type="host.unreachable"]')
        .count(),
    ).toBe(1);
    await page.close();
  });

  it('follows ?scenario= and switches scenario from the picker, updating the URL', async () => {
    const page = await session.open('/?scenario=leader-failure');
    await page.waitForSelector('body[data-ready="leader-failure"]');
    await page.selectOption('[data-testid="scenario-picker"]', 'load-spike');
    await page.waitForSelector('body[data-ready="load-spike"]');
    expect(new URL(page.url()).searchParams.get('scenario')).toBe('load-spike');
    await page.close();
  });

  it('says clearly when a named scenario does not exist', async () => {
    const page = await session.open('/?scenario=no-such-thing');
    await page.waitForSelector('[data-testid="error"]:not([hidden])');
    expect(await page.textContent('[data-testid="error"]')).toContain(
      'no scenario named "no-such-thing"',
    );
    await page.close();
  });

  it('logs no console errors', () => {
    expect(session.errors).toEqual([]);
  });
});
