// Registers hsnn's training kernels into the tfjs wasm backend: the conv gradients (one missing, one a
// naive loop in tfjs-backend-wasm 4.22) on XNNPACK / AssemblyScript SIMD, and the copy-bound kernels
// of the step (Identity, Concat, SplitV, AvgPoolGrad). initBackend calls this whenever wasm is
// selected; it is idempotent and leaves every other backend untouched.
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterConfig } from './conv-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv-backprop-input.js';
import { conv2DConfig } from './conv-forward.js';
import { dataMovementConfigs } from './data-movement.js';
import { captureStock } from './wasm-call.js';

const configs: readonly tf.KernelConfig[] = [conv2DConfig, conv2DBackpropInputConfig, conv2DBackpropFilterConfig, ...dataMovementConfigs];

/** Kernel names hsnn replaces or adds on the wasm backend. */
export const TRAINING_KERNELS: readonly string[] = configs.map((c) => c.kernelName);

let registered = false;

export function registerTrainingKernels(): void {
  if (registered) return;
  for (const config of configs) {
    captureStock(config.kernelName);
    if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  registered = true;
}
