import { DataFormatError } from '../errors/data-format-error';
import type { DoorTable } from '../door/parse-door-csv';
import { doorNumber } from '../door/parse-door-csv';
import { KREHER_CONDITIONS, KREHER_DOOR_RECEPTORS, KREHER_RECEPTORS, KREHER_STUDY_COLUMN, OR83A_SPONTANEOUS_HZ } from './kreher-constants';
import { normalizeKreherRate } from './normalize-kreher';

/** The 28 × 21 odor-receptor response matrix of Kreher et al. 2008. */
export interface OdorResponseMatrix {
  /** Condition names, row order = class label (0 = `sfr`). */
  readonly conditions: readonly string[];
  /** Receptor names, column order. */
  readonly receptors: readonly string[];
  /** Raw spike-rate changes, spikes/s, row-major `[condition * 21 + receptor]`. */
  readonly rawHz: Float64Array;
  /** Normalized responses in [0, 1] (see {@link normalizeKreherRate}), row-major. */
  readonly normalized: Float32Array;
}

/**
 * Build the Kreher matrix from the DoOR per-receptor tables (`Or1a.csv` ...). Rows are picked
 * by the DoOR `Name` column and must all be present with a number in `Kreher.2008.EN`; Or83a
 * is added as 8 Hz spontaneous, 0 for every odor.
 *
 * @param tables one parsed table per DoOR receptor, keyed by receptor name (e.g. `Or42a`)
 */
export function buildKreherMatrix(tables: ReadonlyMap<string, DoorTable>): OdorResponseMatrix {
  const nR = KREHER_RECEPTORS.length;
  const nC = KREHER_CONDITIONS.length;
  const rawHz = new Float64Array(nC * nR);
  for (const receptor of KREHER_DOOR_RECEPTORS) {
    const file = `${receptor}.csv`;
    const table = tables.get(receptor);
    if (!table) {
      throw new DataFormatError({
        file,
        line: 0,
        column: 0,
        problem: 'table not provided',
        expected: `one DoOR table per receptor (${KREHER_DOOR_RECEPTORS.join(', ')})`,
        fix: 'Load every DoOR receptor file (`olfactory data fetch`).',
      });
    }
    const nameCol = table.columns.indexOf('Name');
    if (nameCol < 0) {
      throw new DataFormatError({ file, line: 1, column: 0, problem: 'no `Name` column', expected: 'the DoOR header Class;Name;InChIKey;CID;CAS;...', fix: 'Use the pinned DoOR 2.0 files.' });
    }
    const byName = new Map<string, (typeof table.rows)[number]>();
    for (const row of table.rows) {
      const name = row.cells[nameCol];
      if (name != null && !byName.has(name)) byName.set(name, row);
    }
    const ri = KREHER_RECEPTORS.indexOf(receptor);
    KREHER_CONDITIONS.forEach((condition, ci) => {
      const row = byName.get(condition);
      const value = row ? doorNumber(table, row, KREHER_STUDY_COLUMN, file) : null;
      if (row === undefined || value === null) {
        throw new DataFormatError({
          file,
          line: row?.line ?? 0,
          column: 0,
          problem: `no ${KREHER_STUDY_COLUMN} value for "${condition}"`,
          expected: `a ${KREHER_STUDY_COLUMN} response for each of the 28 Kreher conditions`,
          fix: 'Use the pinned DoOR 2.0 files (`olfactory data fetch`).',
        });
      }
      rawHz[ci * nR + ri] = value;
    });
  }
  const or83a = KREHER_RECEPTORS.indexOf('Or83a');
  rawHz[0 * nR + or83a] = OR83A_SPONTANEOUS_HZ;
  const normalized = new Float32Array(rawHz.length);
  for (let i = 0; i < rawHz.length; i++) normalized[i] = normalizeKreherRate(rawHz[i]!);
  return { conditions: [...KREHER_CONDITIONS], receptors: [...KREHER_RECEPTORS], rawHz, normalized };
}

/** Summary statistics of the normalized matrix that the reference reports (spec §1.1). */
export interface OdorMatrixStats {
  /** Sum of the `sfr` row. Reference: 3.63. */
  readonly sfrRowSum: number;
  /** Mean row sum over the 27 odor rows. Reference: 5.36. */
  readonly meanOdorRowSum: number;
  /** Unordered pairs (all 28 rows) with cosine similarity > `threshold`. Reference: 60. */
  readonly pairsCosineAbove: number;
  readonly threshold: number;
}

/** Compute {@link OdorMatrixStats} of a normalized response matrix. */
export function odorMatrixStats(m: OdorResponseMatrix, threshold = 0.9): OdorMatrixStats {
  const nR = m.receptors.length;
  const nC = m.conditions.length;
  const rowSum = (c: number): number => {
    let s = 0;
    for (let r = 0; r < nR; r++) s += m.normalized[c * nR + r]!;
    return s;
  };
  let odorSum = 0;
  for (let c = 1; c < nC; c++) odorSum += rowSum(c);
  let pairs = 0;
  for (let a = 0; a < nC; a++) {
    for (let b = a + 1; b < nC; b++) {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let r = 0; r < nR; r++) {
        const x = m.normalized[a * nR + r]!;
        const y = m.normalized[b * nR + r]!;
        dot += x * y;
        na += x * x;
        nb += y * y;
      }
      const cos = na < 1e-16 || nb < 1e-16 ? 0 : dot / Math.sqrt(na * nb);
      if (cos > threshold) pairs++;
    }
  }
  return { sfrRowSum: rowSum(0), meanOdorRowSum: odorSum / (nC - 1), pairsCosineAbove: pairs, threshold };
}
