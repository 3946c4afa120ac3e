// Headless Chromium through playwright-core, for the figures' PNG export (hsnn report --png) and the
// browser test. Chromium is optional: callers get `undefined` and say why when it is absent.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { writeFileAtomic } from '../../models/io/atomic.js';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
] as const;

/** $HSNN_CHROMIUM, else /usr/bin/chromium; undefined when neither exists. */
export function findChromium(): string | undefined {
  const candidates = [process.env.HSNN_CHROMIUM, '/usr/bin/chromium'].filter((p): p is string => typeof p === 'string' && p !== '');
  return candidates.find((p) => existsSync(p));
}

/** Launches Chromium, or returns the reason it cannot. */
export async function launchChromium(): Promise<{ browser: Browser } | { reason: string }> {
  const exe = findChromium();
  if (exe === undefined) return { reason: 'Chromium not found at /usr/bin/chromium (set HSNN_CHROMIUM to its path)' };
  let pw: typeof import('playwright-core');
  try {
    pw = await import('playwright-core');
  } catch {
    return { reason: 'playwright-core is not installed (npm install --save-dev playwright-core)' };
  }
  const browser = await pw.chromium.launch({ executablePath: exe, args: [...CHROMIUM_ARGS] });
  return { browser };
}

/** Screenshots every `[data-chart]` and `[data-figure]` element of an HTML file to OUT/<id>.png at 2× scale. */
export async function exportFigures(htmlFile: string, outDir: string): Promise<{ files: string[] } | { reason: string }> {
  const launched = await launchChromium();
  if ('reason' in launched) return launched;
  const { browser } = launched;
  try {
    const page = await browser.newPage({ deviceScaleFactor: 2, viewport: { width: 1100, height: 900 } });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    const files: string[] = [];
    for (const el of await page.$$('[data-chart] svg, [data-figure]')) {
      const id = await el.evaluate((n) => n.closest('[data-chart]')?.getAttribute('data-chart') ?? n.getAttribute('data-figure') ?? 'figure');
      const file = join(outDir, `${id}.png`);
      writeFileAtomic(file, await el.screenshot());
      files.push(file);
    }
    return { files };
  } finally {
    await browser.close();
  }
}
