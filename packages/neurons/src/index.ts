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
