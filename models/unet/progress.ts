// Training progress on stderr: one self-overwriting line on a TTY (epoch, step, loss, Dice, lr, ETA),
// plain lines elsewhere (one per epoch, plus a step line at most every `plainEverySeconds`) so logs
// from CI or `2> file` stay readable.
import type { ProgressEvent } from './train-loop.js';

export interface ProgressSink {
  write(s: string): unknown;
}

export interface ProgressPrinter {
  readonly onProgress: (e: ProgressEvent) => void;
  /** Ends the TTY line. */
  readonly done: () => void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

function bar(frac: number, width = 20): string {
  const full = Math.round(Math.min(1, Math.max(0, frac)) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

function epochLine(e: ProgressEvent): string {
  const r = e.record;
  const val = r && r.valLoss !== null ? ` val_loss ${r.valLoss.toFixed(4)} val_dice ${(r.valDice ?? Number.NaN).toFixed(4)}` : '';
  return `epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(4)} dice ${e.dice.toFixed(4)}${val} lr ${e.lr.toExponential(1)} ${(r?.seconds ?? 0).toFixed(1)}s`;
}

export function progressPrinter(out: ProgressSink, isTTY: boolean, plainEverySeconds = 30, now: () => number = () => performance.now() / 1000): ProgressPrinter {
  const start = now();
  let stepsDone = 0;
  let lastPlain = start;
  let epochSeconds: number | undefined;
  let lineOpen = false;
  const eta = (e: ProgressEvent): number => {
    const perStep = (now() - start) / Math.max(1, stepsDone);
    const perEpoch = epochSeconds ?? perStep * e.steps;
    return (e.steps - e.step) * perStep + (e.epochs - e.epoch) * perEpoch;
  };
  const onProgress = (e: ProgressEvent): void => {
    if (e.phase === 'epoch') {
      epochSeconds = e.record?.seconds ?? epochSeconds;
      const remaining = (e.epochs - e.epoch) * (epochSeconds ?? 0);
      out.write(`${isTTY ? '\r\x1b[K' : ''}${epochLine(e)} ETA ${formatDuration(remaining)}\n`);
      lineOpen = false;
      return;
    }
    stepsDone++;
    const text = `epoch ${e.epoch}/${e.epochs} ${bar(e.step / Math.max(1, e.steps))} step ${e.step}/${e.steps} loss ${e.loss.toFixed(4)} dice ${e.dice.toFixed(3)} lr ${e.lr.toExponential(1)} ETA ${formatDuration(eta(e))}`;
    if (isTTY) {
      out.write(`\r\x1b[K${text}`);
      lineOpen = true;
    } else if (now() - lastPlain >= plainEverySeconds) {
      out.write(`${text}\n`);
      lastPlain = now();
    }
  };
  return { onProgress, done: () => { if (lineOpen) out.write('\n'); lineOpen = false; } };
}
