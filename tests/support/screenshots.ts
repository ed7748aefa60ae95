// `npx tsx tests/support/screenshots.ts [scenario] [t1,t2,…] [outDir]`: screenshots of the page at
// a few moments, normal and presenter mode, for a person to look at. Not a test.

import { mkdirSync } from 'node:fs';
import { startPageSession } from './browser';

const [name = 'node-failure', times = '0,35,100,400', out = '/tmp/shots'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const session = await startPageSession();
try {
  for (const presenter of [false, true]) {
    for (const t of times.split(',').map(Number)) {
      const page = await session.open(`/?scenario=${name}#t=${t}`);
      await page.waitForSelector(`body[data-ready="${name}"]`);
      if (presenter) await page.keyboard.press('f');
      await page.waitForTimeout(400);
      const file = `${out}/${name}-${presenter ? 'presenter-' : ''}${t}s.png`;
      await page.screenshot({ path: file, fullPage: !presenter });
      console.log(file);
      await page.close();
    }
  }
  if (session.errors.length) console.log('console errors:', session.errors);
} finally {
  await session.close();
}
