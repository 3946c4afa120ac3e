// Number formatting shared by the Markdown, HTML and SVG renderers: energies in the unit that suits
// their size, rates as percentages, big counts with SI prefixes, and HTML/XML escaping.

export interface EnergyUnit {
  readonly unit: string;
  /** Picojoules per unit. */
  readonly pj: number;
}

const ENERGY_UNITS: readonly EnergyUnit[] = [
  { unit: 'J', pj: 1e12 }, { unit: 'mJ', pj: 1e9 }, { unit: 'µJ', pj: 1e6 }, { unit: 'nJ', pj: 1e3 }, { unit: 'pJ', pj: 1 },
];

/** The largest unit in which `pj` is at least 1 (pJ for anything smaller). */
export function energyUnit(pj: number): EnergyUnit {
  return ENERGY_UNITS.find((u) => Math.abs(pj) >= u.pj) ?? { unit: 'pJ', pj: 1 };
}

/** Three significant digits, no exponent for everyday magnitudes. */
export function sig(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : 'n/a';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) return Number(x.toPrecision(digits)).toString();
  return x.toExponential(digits - 1);
}

export function energy(pj: number): string {
  const u = energyUnit(pj);
  return `${sig(pj / u.pj)} ${u.unit}`;
}

export function percent(fraction: number, digits = 3): string {
  return Number.isFinite(fraction) ? `${sig(fraction * 100, digits)} %` : 'n/a';
}

const SI: readonly [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

/** 1.23 M, 45.6 k, 789. */
export function count(x: number): string {
  const hit = SI.find(([v]) => Math.abs(x) >= v);
  return hit !== undefined ? `${sig(x / hit[0])} ${hit[1]}` : sig(x);
}

export function ratio(x: number | null): string {
  return x === null ? 'n/a' : `${sig(x)}×`;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
