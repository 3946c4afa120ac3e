// Picks the tfjs backend: tfjs-node when it loads, else wasm (with hsnn's training kernels), else cpu with a warning.
// A forced backend must be one of BACKENDS and must load: an unknown name or a missing tfjs-node is a coded
// HSNN1503 error, never a silent fall-back to the ~190× slower pure-JS cpu backend.
import * as tf from '@tensorflow/tfjs';
import { userError } from '../../core/errors.js';
import { registerTrainingKernels } from './training-kernels.js';

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;

/** Silences tfjs's console banners ("install tfjs-node") before any tensor exists; hsnn prints its own. */
export function quietTfjs(): void {
  tf.env().set('PROD', true);
}

export interface BackendChoice {
  readonly name: 'tensorflow' | 'wasm' | 'cpu';
  readonly note: string;
}

let current: BackendChoice | undefined;

async function tryNode(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-node' as string);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    const ok = await tf.setBackend('wasm');
    if (ok) {
      await tf.ready();
      registerTrainingKernels();
    }
    return ok;
  } catch {
    return false;
  }
}

/** Initialise once; `force` pins a backend (tests use 'cpu' as the reference). */
export async function initBackend(force?: string): Promise<BackendChoice> {
  if (force !== undefined && !(BACKENDS as readonly string[]).includes(force)) throw userError('HSNN1503', `--backend ${force}: unknown backend; expected one of ${BACKENDS.join(', ')}`);
  if (current && (!force || force === current.name)) return current;
  // PROD silences tfjs's console banners, which would garble progress output; hsnn prints its own warning.
  quietTfjs();
  if (force === 'cpu' || (!force && !(await tryNode()) && !(await tryWasm()))) {
    await tf.setBackend('cpu');
    current = { name: 'cpu', note: force === 'cpu' ? 'forced' : 'WARNING: tfjs-node and wasm unavailable; cpu backend trains thousands of times slower' };
    if (!force) process.stderr.write(`${current.note}\n`);
    return current;
  }
  if (force === 'wasm' && !(await tryWasm())) throw userError('HSNN1503', '--backend wasm: @tensorflow/tfjs-backend-wasm failed to initialise; try --backend cpu');
  if (force === 'tensorflow' && !(await tryNode())) throw userError('HSNN1503', '--backend tensorflow: @tensorflow/tfjs-node is not installed or failed to load (it is an optional dependency); use --backend wasm');
  const name = tf.getBackend() as BackendChoice['name'];
  current = { name, note: name === 'tensorflow' ? 'tfjs-node (libtensorflow)' : 'tfjs-backend-wasm (XNNPACK, SIMD) + hsnn training kernels' };
  return current;
}
