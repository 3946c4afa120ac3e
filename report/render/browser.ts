// Headless Chromium through playwright-core, for the figures' PNG export (hsnn report --png) and the
// browser test. Chromium is optional: callers get `undefined` and say why when it is absent.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { writeFileAtomic } from '../../core/atomic.js';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
] as const;

/** $HSNN_CHROMIUM when set (an explicit path wins, even a missing one), else /usr/bin/chromium; undefined if absent. */
export function findChromium(): string | undefined {
  const env = process.env.HSNN_CHROMIUM;
  const exe = env !== undefined && env !== '' ? env : '/usr/bin/chromium';
  return existsSync(exe) ? exe : undefined;
}

/** Launches Chromium, or returns the reason it cannot. */
export async function launchChromium(): Promise<{ browser: Browser } | { reason: string }> {
  const exe = findChromium();
  if (exe === undefined) return { reason: `Chromium not found at ${process.env.HSNN_CHROMIUM || '/usr/bin/chromium'} (set HSNN_CHROMIUM to its path)` };
  let pw: typeof import('playwright-core');
  try {
    pw = await import('playwright-core');
  } catch {
    return { reason: 'playwright-core is not installed (npm install --save-dev playwright-core)' };
  }
  const browser = await pw.chromium.launch({ executablePath: exe, args: [...CHROMIUM_ARGS] });
  return { browser };
}

/** Screenshots every chart's SVG and every `[data-figure]` element of an HTML file to OUT/<id>.png at 2× scale. */
async function screenshotFigures(browser: Browser, htmlFile: string, outDir: string): Promise<string[]> {
  const page = await browser.newPage({ deviceScaleFactor: 2, viewport: { width: 1100, height: 900 } });
  try {
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    const files: string[] = [];
    for (const el of await page.$$('[data-chart] svg, [data-figure]')) {
      const id = await el.evaluate((n) => n.closest('[data-chart]')?.getAttribute('data-chart') ?? n.getAttribute('data-figure') ?? 'figure');
      const file = join(outDir, `${id}.png`);
      writeFileAtomic(file, await el.screenshot());
      files.push(file);
    }
    return files;
  } finally {
    await page.close();
  }
}

/** PNG export with a browser of the caller's, or a fresh one (closed after), or the reason there is none. */
export async function exportFigures(htmlFile: string, outDir: string, browser?: Browser): Promise<{ files: string[] } | { reason: string }> {
  if (browser !== undefined) return { files: await screenshotFigures(browser, htmlFile, outDir) };
  const launched = await launchChromium();
  if ('reason' in launched) return launched;
  try {
    return { files: await screenshotFigures(launched.browser, htmlFile, outDir) };
  } finally {
    await launched.browser.close();
  }
}
