// Rendering pieces: the PNG codec (CRC-32 check value, round trip, and every row filter against an
// independent filter implementation here), number formatting, axis ticks, and the SVG charts' marks.
import { deflateSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { barChart } from '../../report/render/bars.js';
import { count, energy, esc, percent, sig } from '../../report/render/format.js';
import { coreMapChart, rampColor } from '../../report/render/heatmap.js';
import { diceChart } from '../../report/render/lines.js';
import { markdownTable } from '../../report/render/markdown.js';
import { crc32, decodePng, encodePng, pixelVariance } from '../../report/render/png.js';
import { logTicks, niceTicks } from '../../report/render/svg.js';

test('CRC-32 of "123456789" is the standard check value 0xCBF43926', () => {
  assert.is(crc32(Buffer.from('123456789', 'latin1')), 0xcbf43926);
});

test('PNG round trip; a flat image has zero variance', () => {
  const w = 7;
  const h = 5;
  const rgba = new Uint8Array(w * h * 4).map((_, i) => (i * 37) & 0xff);
  const img = decodePng(encodePng({ width: w, height: h, rgba }));
  assert.is(img.width, w);
  assert.equal([...img.rgba], [...rgba]);
  assert.is(pixelVariance({ width: 2, height: 1, rgba: new Uint8Array([9, 9, 9, 255, 9, 9, 9, 255]) }), 0);
  assert.ok(pixelVariance(img) > 0);
});

/** Filters one RGB row the way an encoder would (PNG spec §9), independently of the decoder. */
function filterRow(f: number, row: Uint8Array, prev: Uint8Array, bpp: number): number[] {
  const out: number[] = [f];
  for (let i = 0; i < row.length; i++) {
    const a = i >= bpp ? (row[i - bpp] as number) : 0;
    const b = prev[i] as number;
    const c = i >= bpp ? (prev[i - bpp] as number) : 0;
    const p = a + b - c;
    const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
    const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    const pred = [0, a, b, Math.floor((a + b) / 2), paeth][f] as number;
    out.push(((row[i] as number) - pred) & 0xff);
  }
  return out;
}

test('PNG decode handles RGB rows with filters None, Sub, Up, Average and Paeth', () => {
  const w = 6;
  const h = 10;
  const rgb = new Uint8Array(w * h * 3).map((_, i) => (i * 97 + ((i * i) >> 3)) & 0xff);
  const raw: number[] = [];
  for (let y = 0; y < h; y++) {
    const prev = y > 0 ? rgb.subarray((y - 1) * w * 3, y * w * 3) : new Uint8Array(w * 3);
    raw.push(...filterRow(y % 5, rgb.subarray(y * w * 3, (y + 1) * w * 3), prev, 3));
  }
  const chunk = (type: string, data: Uint8Array): Buffer => {
    const b = Buffer.alloc(12 + data.length);
    b.writeUInt32BE(data.length, 0);
    b.write(type, 4, 'latin1');
    b.set(data, 8);
    b.writeUInt32BE(crc32(b.subarray(4, 8 + data.length)), 8 + data.length);
    return b;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(raw))), chunk('IEND', new Uint8Array(0))]);
  const img = decodePng(png);
  for (let i = 0; i < w * h; i++) {
    assert.equal([...img.rgba.subarray(4 * i, 4 * i + 4)], [rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2], 255], `pixel ${i}`);
  }
});

test('formatting: energy units, significant digits, SI counts, escaping', () => {
  assert.is(energy(496061644.8), '496 µJ');
  assert.is(energy(1.5e9), '1.5 mJ');
  assert.is(energy(0.23), '0.23 pJ');
  assert.is(percent(0.0748), '7.48 %');
  assert.is(count(108e6), '108 M');
  assert.is(sig(Infinity), '∞');
  assert.is(esc('<a & "b">'), '&lt;a &amp; &quot;b&quot;&gt;');
  assert.ok(markdownTable({ id: 't', title: 'T', head: ['a|b'], rows: [['x|y']] }).includes('| x\\|y |'));
});

test('ticks: nice steps covering the maximum, powers of ten', () => {
  assert.equal(niceTicks(17.3), [0, 5, 10, 15, 20]);
  assert.equal(niceTicks(0.8), [0, 0.2, 0.4, 0.6, 0.8]);
  assert.equal(logTicks(25, 7.4e6), [10, 100, 1000, 1e4, 1e5, 1e6, 1e7]);
});

test('charts: one rect per positive segment, lines per series, one cell per core', () => {
  const bars = barChart({
    id: 'c', title: 'T <1>', categories: ['a', 'b', 'c'], yLabel: 'y', xLabel: 'x',
    bars: [{ name: 'A', segments: [{ label: 's', color: '#000' }], values: [[1], [0], [2]] }, { name: 'B', segments: [{ label: 't', color: '#111' }, { label: 'u', color: '#222' }], values: [[1, 1], [1, 0], [3, 4]] }],
  });
  const barRects = /<g class="bars">(.*?)<\/g>/.exec(bars)?.[1] ?? '';
  assert.is((barRects.match(/<rect /g) ?? []).length, 2 + 5, 'A: 1, 2; B: 1+1, 1, 3+4 (zeros draw nothing)');
  assert.ok(bars.includes('<title id="c-title">T &lt;1&gt;</title>'));
  const lines = diceChart('d', [{ label: 'converted', points: [{ T: 16, dice: 0 }, { T: 64, dice: 0.3 }, { T: 256, dice: 0.86 }] }, { label: 'fine-tuned', points: [{ T: 16, dice: 0.8 }] }]);
  assert.is((lines.match(/<path /g) ?? []).length, 2);
  assert.is((lines.match(/<circle /g) ?? []).length, 4 + 2, 'markers + legend dots');
  const cells = [0, 1, 2].map((i) => ({ id: i, x: i, y: 0, chip: 0, population: 'p', neurons: 1, sops: i, messages: 1 }));
  const map = coreMapChart('m', { width: 4, height: 2, meshWidth: 4, chips: 1, cells });
  assert.is((map.match(/<title>core /g) ?? []).length, 2 * 3, 'both panels draw every core');
  assert.is(rampColor(0), 'rgb(68,1,84)');
  assert.is(rampColor(1), 'rgb(253,231,37)');
});

test.run();
