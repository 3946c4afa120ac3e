// Adam with its whole state (first/second moments, step count) exposed as named tensors, so a checkpoint
// restores it exactly. Update (Kingma & Ba, bias correction folded into the step size, as tfjs/Keras do):
//   m ← β1·m + (1−β1)·g ;  v ← β2·v + (1−β2)·g² ;  t ← t+1
//   w ← w − lr·sqrt(1−β2^t)/(1−β1^t) · m / (sqrt(v) + ε)
import * as tf from '@tensorflow/tfjs';
import type { ParamMap, TensorData } from './weights.js';
import { userError } from '../../core/errors.js';

export interface AdamConfig {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export const DEFAULT_ADAM: AdamConfig = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** Checkpoint tensor names of the optimizer state. */
export const OPT_PREFIX = 'opt/';
const mName = (layer: string): string => `opt/m/${layer}`;
const vName = (layer: string): string => `opt/v/${layer}`;
const STEP_NAME = 'opt/step';

export class Adam {
  readonly config: AdamConfig;
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  private t = 0;

  constructor(params: ParamMap, config: AdamConfig = DEFAULT_ADAM) {
    this.config = config;
    for (const [name, p] of params) {
      // tf.variable shares the initial tensor's data, so the zeros are released once wrapped.
      const z = tf.zerosLike(p);
      this.m.set(name, tf.variable(z, false));
      this.v.set(name, tf.variable(z, false));
      z.dispose();
    }
  }

  get step(): number {
    return this.t;
  }

  /** One update of every parameter that has a gradient (lr × lrScale[name], default × 1). Gradients are not disposed here. */
  apply(params: ParamMap, grads: ReadonlyMap<string, tf.Tensor>, lr: number, lrScale?: ReadonlyMap<string, number>): void {
    this.t++;
    const { beta1: b1, beta2: b2, epsilon } = this.config;
    const lrT = (lr * Math.sqrt(1 - b2 ** this.t)) / (1 - b1 ** this.t);
    tf.tidy(() => {
      for (const [name, g] of grads) {
        const p = params.get(name);
        const m = this.m.get(name);
        const v = this.v.get(name);
        if (!p || !m || !v) throw new Error(`Adam: no parameter '${name}'`);
        m.assign(tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)));
        v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2)));
        p.assign(tf.sub(p, tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsilon)), lrT * (lrScale?.get(name) ?? 1))));
      }
    });
  }

  /** State as checkpoint tensors: opt/m/<layer>, opt/v/<layer>, opt/step ([1], the step count). */
  stateTensors(): Map<string, { shape: readonly number[]; data: Float32Array }> {
    const out = new Map<string, { shape: readonly number[]; data: Float32Array }>();
    for (const [name, m] of this.m) out.set(mName(name), { shape: [...m.shape], data: m.dataSync() as Float32Array });
    for (const [name, v] of this.v) out.set(vName(name), { shape: [...v.shape], data: v.dataSync() as Float32Array });
    out.set(STEP_NAME, { shape: [1], data: Float32Array.of(this.t) });
    return out;
  }

  /** Restore from checkpoint tensors; every parameter needs its m and v. */
  restore(tensors: ReadonlyMap<string, Float32Array> | TensorData, file: string): void {
    const get = (name: string): Float32Array | undefined => {
      const t = tensors.get(name);
      return t instanceof Float32Array ? t : t?.data;
    };
    const step = get(STEP_NAME);
    if (!step || step.length !== 1) throw userError('HSNN1204', `checkpoint ${file}: no optimizer state '${STEP_NAME}' to resume from`);
    for (const [name, m] of this.m) {
      const md = get(mName(name));
      const vd = get(vName(name));
      if (!md || !vd || md.length !== m.size || vd.length !== m.size) throw userError('HSNN1204', `checkpoint ${file}: optimizer state of layer '${name}' missing or mis-sized`);
      tf.tidy(() => {
        m.assign(tf.tensor(md, m.shape));
        (this.v.get(name) as tf.Variable).assign(tf.tensor(vd, m.shape));
      });
    }
    this.t = step[0] as number;
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}
