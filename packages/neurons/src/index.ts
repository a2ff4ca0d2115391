export { OlfactoryError } from './errors/olfactory-error';
export { InvalidParameterError } from './errors/invalid-parameter-error';
export { ShapeMismatchError } from './errors/shape-mismatch-error';
export type { CsrMatrix } from './sparse/csr-matrix';
export {
  createCsr,
  csrZeros,
  csrFromDense,
  csrFromTriplets,
  csrToDense,
  csrGet,
  csrNnz,
  csrSum,
  csrMax,
  csrRowSums,
  csrColSums,
  csrRowDegrees,
  csrColDegrees,
  csrTranspose,
  csrSelect,
  csrMap,
  csrAdd,
  csrMask,
  csrKeepRows,
} from './sparse/csr-matrix';
export type { Vec, VecConstructor } from './core/vec';
export { NA_PER_NS_MV, V_PER_MV } from './core/units';
export { sigmoid, logit } from './math/sigmoid';
export { softplus, softplusDerivative, SOFTPLUS_THRESHOLD } from './math/softplus';
export { philox4x32 } from './random/philox';
export { BlockRng } from './random/block-rng';
export { createRng } from './random/counter-rng';
export type { CounterRng } from './random/counter-rng';
export { portableExp, portableLog } from './random/portable-math';
