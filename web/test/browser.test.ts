// The page in a real browser (playwright-core driving Debian's Chromium): build the site, serve it
// statically, refuse five bad inputs with their codes, stop a run midway, then run a bundled sample and require the
// page's Dice, counters and prediction NIfTI to equal `hsnn run` on the same netlist, input and seed.
// The fair energy matrix is on the page, and its memory-inclusive no-reuse ratio equals buildReport's on
// the page's stats through the CLI's own inputs (gatherInputs). Also: the overlay is not blank, a
// raster draws, a screenshot is saved. Skipped without Chromium.
// Run: npm run test:web   (HSNN_WEB_SAMPLE=hippocampus_003 picks another sample)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { buildReport } from '../../report/build.js';
import { gatherInputs } from '../../report/inputs/gather.js';
import { findChromium, launchChromium } from '../../report/render/browser.js';
import type { SimStats } from '../../runtime-wasm/host/stats.js';
import { NETWORKS } from '../networks.js';
import { claimsGigabytes, corruptNetlist, fourD, notNifti, phantom } from './bad-files.js';
import { serveDir } from './serve.js';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'out/web-test');
const SAMPLE = process.env.HSNN_WEB_SAMPLE ?? 'hippocampus_019';
const NET = NETWORKS[0];

function sh(args: readonly string[]): void {
  const r = spawnSync(args[0] as string, args.slice(1), { cwd: ROOT, stdio: 'inherit' });
  assert.is(r.status, 0, `${args.join(' ')} failed`);
}

function treeBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? treeBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

/** stats.json without what legitimately differs: host wall time and file paths. */
function comparable(s: SimStats): unknown {
  const { wallMs: _w, netlist: _n, subjects, ...rest } = s;
  return { ...rest, subjects: (subjects ?? []).map(({ prediction: _p, ...x }) => x) };
}

async function expectError(page: Page, code: RegExp, what: string): Promise<void> {
  await page.click('#run');
  const err = page.locator('#messages .error').first();
  await err.waitFor({ timeout: 120_000 });
  const text = (await err.textContent()) ?? '';
  assert.match(text, code, `${what}: got "${text}"`);
  console.log(`  ${what} → ${text.slice(0, 160)}`);
  assert.is(await page.getAttribute('body', 'data-state'), 'idle', `${what}: the page is ready for the next file`);
}

const file = (name: string, bytes: Uint8Array): { name: string; mimeType: string; buffer: Buffer } => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });

async function badInputs(page: Page): Promise<void> {
  await page.selectOption('#network', NET?.id ?? '');
  await page.setInputFiles('#pick-image', file('notes.nii', notNifti()));
  await expectError(page, /^HSNN1003: .*notes\.nii/, 'non-NIfTI file');
  await page.setInputFiles('#pick-image', file('fmri.nii', fourD()));
  await expectError(page, /^HSNN1004: .*4D/, '4D volume');
  await page.setInputFiles('#pick-image', file('huge.nii', claimsGigabytes()));
  await expectError(page, /^HSNN6001: .*2048x2048x2048.*GiB/, 'header claiming 32 GiB');
  await page.setInputFiles('#pick-image', file('small.nii', phantom([8, 8, 8])));
  await page.setInputFiles('#pick-label', file('small_label.nii', phantom([8, 8, 9])));
  await expectError(page, /^HSNN1007: .*8x8x8.*8x8x9/, 'label grid mismatch');
  await page.setInputFiles('#pick-netlist', file('broken.netlist.pb', corruptNetlist()));
  await expectError(page, /^HSNN(23\d\d|400\d): .*broken\.netlist\.pb/, 'corrupt netlist');
}

/** Stop during a run: the worker is replaced, the page is idle and takes the next run. */
async function stopMidRun(page: Page): Promise<void> {
  await page.selectOption('#network', NET?.id ?? '');
  await page.click(`button[data-sample="${SAMPLE}"]`);
  await page.waitForFunction((s) => document.getElementById('chosen')?.textContent?.includes(s), SAMPLE);
  await page.click('#run');
  await page.waitForFunction(() => Number((document.getElementById('progress') as HTMLProgressElement).value) >= 1, undefined, { timeout: 120_000 });
  await page.click('#stop');
  assert.is(await page.getAttribute('body', 'data-state'), 'idle', 'Stop leaves the page idle');
}

async function runSample(page: Page, network = NET?.id ?? ''): Promise<{ stats: SimStats; seconds: number; stallMs: number }> {
  await page.selectOption('#network', network);
  await page.click(`button[data-sample="${SAMPLE}"]`);
  await page.waitForFunction((s) => document.getElementById('chosen')?.textContent?.includes(s), SAMPLE);
  await page.evaluate(() => { const e = document.getElementById('stats-json'); if (e) e.textContent = ''; });
  const t0 = Date.now();
  await page.click('#run');
  await page.waitForFunction(() => (document.getElementById('stats-json')?.textContent ?? '') !== '' || document.querySelector('#messages .error') !== null, undefined, { timeout: 540_000 });
  const seconds = (Date.now() - t0) / 1000;
  const errors = await page.locator('#messages .error').allTextContents();
  assert.equal(errors, [], 'the sample runs without errors');
  const stats = JSON.parse((await page.textContent('#stats-json')) ?? '') as SimStats;
  console.log(`  worker timing (ms): ${(await page.getAttribute('body', 'data-timing')) ?? ''}`);
  return { stats, seconds, stallMs: Number(await page.getAttribute('body', 'data-stall-ms')) };
}

async function overlayPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.getElementById('overlay') as HTMLCanvasElement;
    const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if ((d[i] as number) > 0) n++;
    return n;
  });
}

/**
 * The matrix the page shows against buildReport on the same stats, read the way `hsnn report` reads a run
 * (stats.json + netlist → gatherInputs): every view present with its verdict, the no-reuse ratio equal.
 */
async function fairMatrix(page: Page, stats: SimStats, netlist: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hsnn-web-report-'));
  writeFileSync(join(dir, 'stats.json'), JSON.stringify(stats));
  const r = buildReport(gatherInputs({ runDir: dir, netlist }).inputs);
  const shown = await page.$$eval('#energy-matrix tr[data-view]', (trs) => trs.map((tr) => ({ id: (tr as HTMLElement).dataset.view ?? '', ratio: Number((tr as HTMLElement).dataset.ratio), cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '') })));
  assert.equal(shown.map((v) => v.id), r.views.map((v) => v.id), 'the page shows every view of the report, in its order');
  const id = r.views.some((v) => v.id === 'int8-no-reuse') ? 'int8-no-reuse' : 'fp32-no-reuse';
  const want = r.views.find((v) => v.id === id), got = shown.find((v) => v.id === id);
  assert.ok(want !== undefined && got !== undefined, `the memory-inclusive no-reuse view (${id}) is in the matrix`);
  assert.is(got.ratio, want.ratio, `${id}: the page's ANN/SNN ratio = buildReport's`);
  assert.is(got.cells.length, 7, 'columns: view, node, ANN, SNN, ratio, break-even spikes per synapse, break-even T × rate');
  assert.ok(got.cells[5] !== '' && got.cells[6] !== '', 'both break-even columns are filled');
  const verdicts = await page.$$eval('#energy-verdict li', (lis) => lis.map((li) => li.textContent ?? ''));
  assert.equal(verdicts, r.views.map((v) => v.sentence), 'one verdict per view, the report\'s sentences');
  console.log(`  fair matrix: ${shown.length} views; ${id} ratio ${got.ratio.toFixed(4)}: ${want.sentence}`);
}

const chromium = findChromium();
if (chromium === undefined || NET === undefined) {
  console.log('note: Chromium not found at /usr/bin/chromium (or $HSNN_CHROMIUM); skipping the browser test of the page');
  test.skip('the page in headless Chromium equals hsnn run', () => undefined);
} else {
  test('the page in headless Chromium refuses bad input and equals hsnn run', async () => {
    sh(['npm', 'run', 'build:web']);
    const siteBytes = treeBytes(join(ROOT, 'web/dist'));
    console.log(`  built site: ${(siteBytes / 2 ** 20).toFixed(2)} MiB (web/dist)`);
    assert.ok(siteBytes <= 10 * 2 ** 20, 'the built site, shipped netlists included, is at most 10 MiB');
    const netlist = join(ROOT, 'web/public/generated/networks', `${NET.id}.netlist.pb`);
    const cli = mkdtempSync(join(tmpdir(), 'hsnn-web-'));
    sh([process.execPath, 'bin/hsnn.mjs', 'run', netlist, '--input', `samples/imagesTr/${SAMPLE}.nii.gz`, '--label', `samples/labelsTr/${SAMPLE}.nii.gz`, '--threads', '1', '--out', cli]);
    const want = JSON.parse(readFileSync(join(cli, 'stats.json'), 'utf8')) as SimStats;
    const { url, server } = await serveDir(join(ROOT, 'web/dist'));
    const launched = await launchChromium();
    if ('reason' in launched) throw new Error(launched.reason);
    try {
      const page = await launched.browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(url);
      await page.waitForSelector(`button[data-sample="${SAMPLE}"]`);
      await badInputs(page);
      await stopMidRun(page);
      const { stats, seconds, stallMs } = await runSample(page);
      console.log(`  ${SAMPLE}: ${stats.slices} slices at T = ${stats.T} in ${seconds.toFixed(1)} s (click → result; simulation ${((stats.wallMs ?? 0) / 1000).toFixed(1)} s in the worker); longest main-thread stall ${stallMs.toFixed(0)} ms; Dice ${stats.dice}`);
      assert.equal(comparable(stats), comparable(want), 'page stats.json = hsnn run stats.json (all counters, per slice step, core and population)');
      assert.is(stats.dice, want.dice, 'the same 3D Dice');
      assert.ok(stallMs < 2000, `the page stays responsive (longest stall ${stallMs} ms)`);
      await fairMatrix(page, stats, netlist);
      const lit = await overlayPixels(page);
      assert.ok(lit > 0, 'the overlay canvas is not blank');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      const got = gunzipSync(readFileSync(await download.path()));
      assert.ok(Buffer.from(gunzipSync(readFileSync(join(cli, `${SAMPLE}_pred.nii.gz`)))).equals(got), 'the downloaded prediction NIfTI = hsnn run\'s, byte for byte (uncompressed)');
      // The other shipped network (T = 16 against T = 4): its own matrix, again equal to buildReport's.
      const other = NETWORKS.find((n) => n.id !== NET.id);
      if (other !== undefined) {
        const second = await runSample(page, other.id);
        assert.is(second.stats.T, other.T, `${other.id} ran at its T`);
        await fairMatrix(page, second.stats, join(ROOT, 'web/public/generated/networks', `${other.id}.netlist.pb`));
      }
      await page.selectOption('#raster-layer', { label: 'enc0.conv1' });
      await page.fill('#raster-slice', '18');
      await page.click('#raster-go');
      await page.waitForSelector('#raster[data-spikes]', { timeout: 120_000 });
      assert.ok(Number(await page.getAttribute('#raster', 'data-spikes')) > 0, 'the raster shows spikes');
      mkdirSync(OUT, { recursive: true });
      await page.screenshot({ path: join(OUT, 'page.png'), fullPage: true });
      console.log(`  screenshot: ${join(OUT, 'page.png')}`);
      assert.equal(pageErrors, [], 'no uncaught errors in the page');
    } finally {
      await launched.browser.close();
      server.close();
    }
  });
}

test.run();
