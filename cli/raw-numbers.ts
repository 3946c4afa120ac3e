// yargs turns a number option typed as `-T abc` into NaN before any command sees it, so a command can only
// echo "NaN". This check reads the raw argv instead and names the option with exactly what was typed.
import type { Options } from 'yargs';
import { userError } from '../core/errors.js';

/** Names (and aliases) of the number-typed options of one command. */
function numberNames(options: Readonly<Record<string, Options>>): Set<string> {
  const names = new Set<string>();
  for (const [name, o] of Object.entries(options)) {
    if (o.type !== 'number') continue;
    names.add(name);
    const alias = o.alias === undefined ? [] : Array.isArray(o.alias) ? o.alias : [o.alias];
    for (const a of alias) names.add(String(a));
  }
  return names;
}

/** Throws HSNN9502 for the first number option whose raw value is not a finite number. */
export function checkRawNumbers(argv: readonly string[], options: Readonly<Record<string, Options>>): void {
  const names = numberNames(options);
  for (let i = 0; i < argv.length; i++) {
    const m = /^--?([^=]+)(?:=(.*))?$/.exec(argv[i] ?? '');
    if (m === null || !names.has(m[1] ?? '')) continue;
    const value = m[2] ?? argv[i + 1];
    if (value === undefined || value.trim() === '' || !Number.isFinite(Number(value))) {
      throw userError('HSNN9502', `option ${argv[i]?.split('=')[0]}: '${value ?? ''}' is not a number`);
    }
  }
}
