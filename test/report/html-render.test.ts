// Renders report.html from the hand-made fixture in headless Chromium (playwright-core): every chart's
// SVG has marks, the overlay images decode, nothing is fetched from outside the file, the console stays
// clean, a screenshot of the page is not blank, and every figure exports to a non-blank PNG (--png).
// Skips with a note when Chromium is absent.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exportFigures, findChromium, launchChromium } from '../../report/render/browser.js';
import { decodePng, pixelVariance } from '../../report/render/png.js';
import { writeReport } from '../../report/write.js';
import { writeFixtureRuns } from './fixture.js';

const EXPECTED_CHARTS = ['chart-matrix', 'chart-rates', 'chart-energy-layers', 'chart-energy-models', 'chart-core-map', 'chart-dice'];

if (findChromium() === undefined) {
  console.log('note: Chromium not found at /usr/bin/chromium (or $HSNN_CHROMIUM); skipping the report.html browser test');
  test.skip('report.html renders in headless Chromium', () => undefined);
} else {
  test('report.html renders in headless Chromium: charts, images, no errors, non-blank', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hsnn-html-'));
    const launched = await launchChromium();
    if ('reason' in launched) throw new Error(launched.reason);
    const { browser } = launched;
    try {
      const dirs = writeFixtureRuns(root);
      const res = await writeReport({ runDir: dirs.runDir, compareDir: dirs.compareDir, outDir: join(root, 'out') });
      const html = res.files.find((f) => f.endsWith('report.html')) as string;
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });

      const charts = await page.$$eval('[data-chart]', (els) => els.map((el) => ({
        id: el.getAttribute('data-chart') ?? '',
        svgs: el.querySelectorAll('svg').length,
        marks: el.querySelectorAll('g.bars rect, g.lines path, g.panel rect').length,
        title: el.querySelector('svg > title')?.textContent ?? '',
      })));
      assert.equal(charts.map((c) => c.id), EXPECTED_CHARTS);
      for (const c of charts) {
        assert.is(c.svgs, 1, `${c.id}: one SVG`);
        assert.ok(c.marks > 0, `${c.id}: no bars, lines or cells drawn`);
        assert.ok(c.title.length > 0, `${c.id}: SVG has no title`);
      }
      const images = await page.$$eval('[data-figure="overlays"] img', (els) => els.map((el) => (el as unknown as { naturalWidth: number }).naturalWidth));
      assert.is(images.length, 8, '2 slices × (input, truth, converted, fine-tuned)');
      assert.ok(images.every((w) => w === 48 * 3), `overlay images decode at 3× (got ${images.join(', ')})`);
      assert.equal(errors, [], 'console errors');
      assert.ok(requests.every((u) => u.startsWith('file:') || u.startsWith('data:')), `external requests: ${requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')).join(', ')}`);

      const figures = await exportFigures(html, join(root, 'figures'), browser);
      assert.ok('files' in figures);
      assert.equal(figures.files.map((f) => f.slice(f.lastIndexOf('/') + 1)), [...EXPECTED_CHARTS, 'overlays'].map((id) => `${id}.png`));
      for (const f of figures.files) {
        const png = decodePng(readFileSync(f));
        assert.ok(png.width > 400 && pixelVariance(png) > 100, `${f}: ${png.width}×${png.height}, variance ${pixelVariance(png)}`);
      }

      const shot = join(tmpdir(), `hsnn-report-${process.pid}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      const img = decodePng(readFileSync(shot));
      assert.ok(img.width >= 1000 && img.height > 2000, `screenshot ${img.width}×${img.height}`);
      assert.ok(pixelVariance(img) > 100, `screenshot looks blank (grey variance ${pixelVariance(img)})`);
      console.log(`report.html screenshot: ${shot} (${img.width}×${img.height})`);
    } finally {
      await browser.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
}

test.run();
