// Segmentation losses on logits z = pre-sigmoid output, targets y ∈ {0, 1}, shapes [N, H, W, 1].
//   BCE       = mean over all pixels of max(z, 0) − z·y + log(1 + e^−|z|)   (stable form of −y·log p − (1−y)·log(1−p))
//   soft Dice = (2·Σ p·y + ε) / (Σ p + Σ y + ε), p = sigmoid(z), ε = 1e-5, sums over the WHOLE batch
//               (all slices pooled, not a per-slice mean); the paper's Dice loss is 1 − soft Dice.
//   BCE-Dice  = 0.3·BCE + 0.7·(1 − soft Dice)
import * as tf from '@tensorflow/tfjs';
import { userError } from '../../core/errors.js';

export const DICE_EPS = 1e-5;
export const LOSS_NAMES = ['dice', 'bce', 'bce-dice'] as const;
export type LossName = (typeof LOSS_NAMES)[number];

export function bceFromLogits(z: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const term = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
    return tf.mean(term);
  });
}

/** Soft Dice coefficient of probabilities p against y, pooled over the batch. */
export function softDice(p: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const inter = tf.sum(tf.mul(p, y));
    return tf.div(tf.add(tf.mul(inter, 2), DICE_EPS), tf.add(tf.add(tf.sum(p), tf.sum(y)), DICE_EPS));
  });
}

export function diceLossFromLogits(z: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sub(1, softDice(tf.sigmoid(z), y)));
}

export function bceDiceFromLogits(z: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.add(tf.mul(bceFromLogits(z, y), 0.3), tf.mul(diceLossFromLogits(z, y), 0.7)));
}

export type LogitLoss = (z: tf.Tensor, y: tf.Tensor) => tf.Scalar;

export function parseLossName(name: string): LossName {
  if ((LOSS_NAMES as readonly string[]).includes(name)) return name as LossName;
  throw userError('HSNN1203', `option --loss: '${name}' is not one of ${LOSS_NAMES.join(', ')}`);
}

export function logitLoss(name: LossName): LogitLoss {
  switch (name) {
    case 'dice': return diceLossFromLogits;
    case 'bce': return bceFromLogits;
    case 'bce-dice': return bceDiceFromLogits;
    default: {
      const never: never = name;
      throw new Error(`unknown loss ${String(never)}`);
    }
  }
}
