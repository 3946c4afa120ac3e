// Picks the tfjs backend: tfjs-node when it loads, else wasm (with hsnn's training kernels), else cpu with a warning.
import * as tf from '@tensorflow/tfjs';
import { registerTrainingKernels } from './training-kernels.js';

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
  if (current && (!force || force === current.name)) return current;
  // PROD silences tfjs's console banners ("install tfjs-node"), which would garble progress output; hsnn
  // prints its own backend warning below.
  tf.env().set('PROD', true);
  if (force === 'cpu' || (!force && !(await tryNode()) && !(await tryWasm()))) {
    await tf.setBackend('cpu');
    current = { name: 'cpu', note: force === 'cpu' ? 'forced' : 'WARNING: tfjs-node and wasm unavailable; cpu backend trains thousands of times slower' };
    if (!force) process.stderr.write(`${current.note}\n`);
    return current;
  }
  if (force === 'wasm' && !(await tryWasm())) throw new Error('wasm backend failed to initialise');
  if (force === 'tensorflow' && !(await tryNode())) throw new Error('tfjs-node is not installed or failed to load');
  const name = tf.getBackend() as BackendChoice['name'];
  current = { name, note: name === 'tensorflow' ? 'tfjs-node (libtensorflow)' : 'tfjs-backend-wasm (XNNPACK, SIMD) + hsnn training kernels' };
  return current;
}
