// A deterministic synthetic MRI-like slice for compile-time measurements (no data files needed):
// a dim elliptical head, brighter tissue ring, and two small bright ovals where hippocampi would be.
// Values lie in [0, 1] like preprocessed slices.

export function phantomSlice(h: number, w: number): Float32Array {
  const img = new Float32Array(h * w);
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const r = Math.hypot((y - cy) / (0.45 * h), (x - cx) / (0.45 * w));
      let v = r < 1 ? 0.25 + 0.35 * r * r : 0.02;
      for (const side of [-1, 1]) {
        const d = Math.hypot((y - cy * 1.1) / (0.08 * h), (x - cx - side * 0.22 * w) / (0.05 * w));
        if (d < 1) v = 0.85 - 0.2 * d;
      }
      img[y * w + x] = v + 0.05 * Math.sin(0.7 * x) * Math.cos(0.5 * y);
    }
  }
  return img;
}
