// A tiny PNG codec: encodes 8-bit RGBA images (filter 0 rows, zlib via node:zlib, CRC-32 per chunk) for
// the overlay figures' data URIs, and decodes 8-bit RGB/RGBA non-interlaced PNGs (all five row filters),
// which is what headless Chromium's screenshots are, so tests can check the pixels.
import { deflateSync, inflateSync } from 'node:zlib';
import { assert } from '../../core/errors.js';

const SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

const CRC_TABLE = ((): Uint32Array => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width·height·4 bytes, row-major. */
  readonly rgba: Uint8Array;
}

export function encodePng(img: RgbaImage): Buffer {
  const { width, height, rgba } = img;
  assert(rgba.length === width * height * 4, `PNG encode: ${rgba.length} bytes for ${width}×${height} RGBA`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, adaptive filtering, no interlace
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (1 + width * 4) + 1);
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

export function pngDataUri(img: RgbaImage): string {
  return `data:image/png;base64,${encodePng(img).toString('base64')}`;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters in place; `bpp` bytes per pixel. */
function unfilter(raw: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? (out[row + i - bpp] as number) : 0;
      const b = y > 0 ? (out[row - stride + i] as number) : 0;
      const c = y > 0 && i >= bpp ? (out[row - stride + i - bpp] as number) : 0;
      const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : f === 4 ? paeth(a, b, c) : -1;
      assert(pred >= 0, `PNG decode: unknown filter ${String(f)} in row ${y}`);
      out[row + i] = ((src[i] as number) + pred) & 0xff;
    }
  }
  return out;
}

/** Decodes 8-bit RGB or RGBA, non-interlaced. */
export function decodePng(bytes: Uint8Array): RgbaImage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert(buf.subarray(0, 8).equals(SIGNATURE), 'PNG decode: bad signature');
  let off = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colorType = data[9] ?? -1;
      assert(data[8] === 8 && data[12] === 0 && (colorType === 2 || colorType === 6), 'PNG decode: only 8-bit non-interlaced RGB/RGBA');
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : 3;
  const px = unfilter(inflateSync(Buffer.concat(idat)), width, height, bpp);
  if (bpp === 4) return { width, height, rgba: px };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([px[3 * i] as number, px[3 * i + 1] as number, px[3 * i + 2] as number, 255], 4 * i);
  return { width, height, rgba };
}

/** Variance of the grey level over all pixels: 0 for a blank image. */
export function pixelVariance(img: RgbaImage): number {
  let s = 0;
  let s2 = 0;
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) {
    const g = ((img.rgba[4 * i] as number) + (img.rgba[4 * i + 1] as number) + (img.rgba[4 * i + 2] as number)) / 3;
    s += g;
    s2 += g * g;
  }
  return n > 0 ? s2 / n - (s / n) ** 2 : 0;
}
