import type { CsrMatrix } from '@olfactory/neurons';
import { csrAdd, csrFromTriplets, csrKeepRows, csrMap, csrMask, csrNnz, csrTranspose } from '@olfactory/neurons';

/**
 * LN–LN gap-junction mask: `G = ((W + Wᵀ) > 0)` with a zero diagonal (symmetric, binary).
 * Canonical: 354 pairs (= nnz / 2).
 */
export function symmetricContactMask(w: CsrMatrix): CsrMatrix {
  return csrMask(csrMap(csrAdd(w, csrTranspose(w)), (v, r, c) => (r === c ? 0 : v)));
}

/**
 * PN–PN "sister PN" mask: two PNs are coupled iff they receive input from at least one common
 * ORN: `G = ((Wᵀ·W) > 0)` over the ORN→PN matrix, zero diagonal. Canonical: 929 pairs.
 */
export function sharedInputMask(ornToPn: CsrMatrix): CsrMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let r = 0; r < ornToPn.nRows; r++) {
    const a = ornToPn.rowPtr[r]!;
    const b = ornToPn.rowPtr[r + 1]!;
    for (let i = a; i < b; i++) {
      for (let j = a; j < b; j++) {
        if (i !== j) {
          rows.push(ornToPn.colIdx[i]!);
          cols.push(ornToPn.colIdx[j]!);
        }
      }
    }
  }
  const n = ornToPn.nCols;
  return csrMask(csrFromTriplets(n, n, rows, cols, new Float32Array(rows.length).fill(1)));
}

/**
 * eLN–PN mask: `(LN→PN > 0)` restricted to excitatory LN rows (108 × 72), used in both
 * directions. Canonical: 103 connections.
 */
export function excitatoryLnPnMask(lnToPn: CsrMatrix, isExcitatory: readonly boolean[]): CsrMatrix {
  return csrMask(csrKeepRows(lnToPn, (r) => isExcitatory[r] === true));
}

/** Number of unordered pairs in a symmetric zero-diagonal mask. */
export function symmetricPairCount(mask: CsrMatrix): number {
  return csrNnz(mask) / 2;
}
