// Comparing recorded settings with wanted ones (job.json configs, stage-file keys, the configs of a table's
// jobs): the dotted path of the first difference, the value at a path, and a short rendering of it for the
// coded error that names the field.

/** Dotted path of the first setting that differs (null when equal; '(root)' when a and b are not both objects). Arrays are compared whole. */
export function configDifference(a: unknown, b: unknown, path = ''): string | null {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const ra = a as Record<string, unknown>, rb = b as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
      const d = configDifference(ra[k], rb[k], path ? `${path}.${k}` : k);
      if (d !== null) return d;
    }
    return null;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? null : path || '(root)';
}

/** The value at a dotted path (undefined where the path leaves the object). */
export const valueAt = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), o);

/** JSON of a value for an error message, cut to `max` characters when given. */
export function showValue(v: unknown, max?: number): string {
  const s = JSON.stringify(v) ?? 'absent';
  return max !== undefined && s.length > max ? `${s.slice(0, max - 3)}...` : s;
}
