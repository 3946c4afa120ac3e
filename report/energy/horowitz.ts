// Horowitz's 45 nm energy-per-operation table (ISSCC 2014), the baseline every SNN-vs-ANN comparison
// in the literature starts from, and the ANN arithmetic variants derived from it. The conventional
// comparison is E_ANN = MACs × 4.6 pJ (fp32 MAC) against E_SNN = SOPs × 0.9 pJ (fp32 add).
import type { Cost, MacVariant } from './types.js';

export const HOROWITZ_SOURCE = 'Horowitz, "Computing\'s energy problem (and what we can do about it)", ISSCC 2014, 45 nm';

const h = (pj: number): Cost => ({ pj, source: HOROWITZ_SOURCE });

/** The table as published (pJ per operation; SRAM/DRAM per 64-bit access). */
export const HOROWITZ_45NM = {
  fp32Add: h(0.9),
  fp32Mult: h(3.7),
  fp32Mac: h(4.6),
  int32Add: h(0.1),
  int32Mult: h(3.1),
  int32Mac: h(3.2),
  int16Add: h(0.05),
  int8Add: h(0.03),
  int8Mult: h(0.2),
  int8Mac: h(0.23),
  fp16Add: h(0.4),
  fp16Mult: h(1.1),
  sram8kRead64: h(10),
  sram32kRead64: h(20),
  sram1mRead64: h(100),
  dramAccess64Low: h(1300),
  dramAccess64High: h(2600),
} as const satisfies Record<string, Cost>;

/** fp16 MAC: no published MAC figure, so mult + add, as fp32's 3.7 + 0.9 = 4.6 pJ. */
const FP16_MAC: Cost = {
  pj: HOROWITZ_45NM.fp16Mult.pj + HOROWITZ_45NM.fp16Add.pj,
  source: `${HOROWITZ_SOURCE}: fp16 mult 1.1 + fp16 add 0.4`,
  labels: ['derived'],
};

/** ANN arithmetic variants; the first is the literature's default. int16 has no published mult, so no MAC. */
export const ANN_MAC_VARIANTS: readonly MacVariant[] = [
  { id: 'fp32', title: 'fp32 MAC', mac: HOROWITZ_45NM.fp32Mac },
  { id: 'fp16', title: 'fp16 MAC', mac: FP16_MAC },
  { id: 'int32', title: 'int32 MAC', mac: HOROWITZ_45NM.int32Mac },
  { id: 'int8', title: 'int8 MAC', mac: HOROWITZ_45NM.int8Mac },
];

/** SNN accumulate variants on generic 45 nm logic, by the width of the add into the potential. */
export const SNN_AC_VARIANTS: readonly { readonly id: string; readonly title: string; readonly ac: Cost }[] = [
  { id: 'fp32', title: 'fp32 add', ac: HOROWITZ_45NM.fp32Add },
  { id: 'int32', title: 'int32 add', ac: HOROWITZ_45NM.int32Add },
  { id: 'int16', title: 'int16 add', ac: HOROWITZ_45NM.int16Add },
  { id: 'int8', title: 'int8 add', ac: HOROWITZ_45NM.int8Add },
];
