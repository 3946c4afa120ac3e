// The ANN's nonlinearity as a checkpoint header records it (header.activation): the paper's ReLU, or
// the quantised clip-floor-shift activation of low-T conversion (models/unet/qcfs.ts computes it).
// A header without the field is 'relu', as every checkpoint written before QCFS.
export type ActivationSpec = { readonly kind: 'relu' } | { readonly kind: 'qcfs'; readonly levels: number };

export const RELU: ActivationSpec = { kind: 'relu' };
