import { InvalidParameterError, csrSelect, type CsrMatrix } from '@olfactory/neurons';
import { MT19937_SEED_LIMIT } from '../random/mt19937';
import { NumpyRandomState } from '../random/numpy-random-state';

/**
 * The shuffled-connectome control (spec §1.4, R3 "shuffle"): every connectivity matrix gets
 * its own independent row and column permutation, all drawn from one NumPy legacy
 * `RandomState(seed + 1000)` in the reference's file order:
 *
 *   rs = RandomState(seed + 1000)
 *   for W in matrices (in order):   rp = rs.permutation(nRows);  cp = rs.permutation(nCols)
 *                                   W' = W[rp][:, cp]            (W'[i, j] = W[rp[i], cp[j]])
 *
 * Each matrix keeps its multiset of row sums, column sums, out/in-degrees and values (hence
 * its total and nnz), but neuron identities are no longer consistent across matrices.
 *
 * **Reproducing the reference's stream.** The reference shuffles every 2-D tensor in
 * `winding2023/` then `winding2023_compartments/`, each folder in sorted file-name order
 * ({@link referenceShuffleFiles}), including the MBON/DAN matrices this project does not
 * model. Those still consume draws (`permutation(nRows)` + `permutation(nCols)`), and the draw
 * count depends on their shapes, which the spec does not give. Pass a shape-only placeholder
 * `{ nRows, nCols }` for a matrix that must only consume draws; without the correct MBON/DAN
 * shapes the permutations of every later matrix differ from the reference's (the statistics
 * of the control are unaffected — only the exact realisation).
 */

/** A shape-only placeholder: consumes the matrix's draws, produces no output. */
export interface MatrixShape {
  readonly nRows: number;
  readonly nCols: number;
}

/** The permutations applied to one matrix: `shuffled = W[rowPermutation][:, colPermutation]`. */
export interface ShufflePermutations {
  readonly rowPermutation: Int32Array;
  readonly colPermutation: Int32Array;
}

/** Options of {@link shuffleConnectome}. */
export interface ShuffleConnectomeOptions {
  /**
   * Experiment seed S (the generator is `RandomState(S + 1000)`, as in the reference).
   * An integer in [0, 2^32 − 1000).
   */
  readonly seed: number;
}

/** Result of {@link shuffleConnectome}; both maps keep the input order. */
export interface ShuffledConnectome {
  /** The shuffled matrices by name (placeholders are absent). */
  readonly matrices: ReadonlyMap<string, CsrMatrix>;
  /** The permutations drawn for every entry, placeholders included. */
  readonly permutations: ReadonlyMap<string, ShufflePermutations>;
}

/** Offset the reference adds to the experiment seed for this control. */
export const SHUFFLE_SEED_OFFSET = 1000;

function isCsr(m: CsrMatrix | MatrixShape): m is CsrMatrix {
  return (m as CsrMatrix).rowPtr !== undefined;
}

/**
 * Shuffle an ordered list of named matrices with one seeded NumPy-compatible stream
 * (spec §1.4). Pure: the same inputs and seed always give the same output; inputs are not
 * modified. Accepts any iterable of `[name, matrix]` pairs (a `Map` keeps insertion order).
 *
 * @param matrices `[name, matrix]` in the order the draws must happen; a `{ nRows, nCols }`
 *   placeholder only consumes draws. Names must be unique.
 * @example
 *   const { matrices } = shuffleConnectome(
 *     [['orn_to_pn', ornToPn], ['dan_to_dan', { nRows: 14, nCols: 14 }]],
 *     { seed: 0 },
 *   );
 *   matrices.get('orn_to_pn'); // ornToPn[rp][:, cp]
 */
export function shuffleConnectome(matrices: Iterable<readonly [string, CsrMatrix | MatrixShape]>, options: ShuffleConnectomeOptions): ShuffledConnectome {
  const seed = options?.seed;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed + SHUFFLE_SEED_OFFSET >= MT19937_SEED_LIMIT) {
    throw new InvalidParameterError({
      parameter: 'seed',
      value: seed,
      expected: `an integer in [0, 2^32 − ${SHUFFLE_SEED_OFFSET}) (argument of 'shuffleConnectome'; the generator is RandomState(seed + ${SHUFFLE_SEED_OFFSET}))`,
    });
  }
  const entries = Array.from(matrices);
  const seen = new Set<string>();
  for (const [name, m] of entries) {
    if (seen.has(name)) {
      throw new InvalidParameterError({ parameter: 'matrices', value: name, expected: "unique names (argument of 'shuffleConnectome')", fix: 'Each matrix name may appear once.' });
    }
    seen.add(name);
    if (m == null || !isShape(m.nRows) || !isShape(m.nCols)) {
      throw new InvalidParameterError({
        parameter: `matrices['${name}']`,
        value: m == null ? m : [m.nRows, m.nCols],
        expected: "a CsrMatrix or a { nRows, nCols } placeholder with non-negative integer sizes (argument of 'shuffleConnectome')",
      });
    }
  }

  const rs = new NumpyRandomState(seed + SHUFFLE_SEED_OFFSET);
  const out = new Map<string, CsrMatrix>();
  const perms = new Map<string, ShufflePermutations>();
  for (const [name, m] of entries) {
    const rowPermutation = rs.permutation(m.nRows);
    const colPermutation = rs.permutation(m.nCols);
    perms.set(name, { rowPermutation, colPermutation });
    if (isCsr(m)) out.set(name, csrSelect(m, rowPermutation, colPermutation));
  }
  return { matrices: out, permutations: perms };
}

function isShape(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0x7fffffff;
}

/** Folder of a reference connectivity file. */
export type ReferenceShuffleFolder = 'winding2023' | 'winding2023_compartments';

/** One matrix file of the reference's data folders, in shuffle order. */
export interface ReferenceShuffleFile {
  readonly folder: ReferenceShuffleFolder;
  /** File name, e.g. `ln_to_ln_nonad.pt`. */
  readonly file: string;
  /** File name without `.pt`; unique across both folders, used as the matrix name. */
  readonly name: string;
  /**
   * Shape (rows presynaptic) from the group sizes ORN 42, LN 108, PN 72, KC 144, APL 2;
   * `null` for the MBON/DAN matrices, whose groups the spec does not define.
   */
  readonly shape: MatrixShape | null;
}

const GROUP_SIZE: Readonly<Record<string, number>> = { orn: 42, ln: 108, pn: 72, kc: 144, apl: 2 };

function fileEntry(folder: ReferenceShuffleFolder, name: string): ReferenceShuffleFile {
  const m = /^([a-z]+)_to_([a-z]+)/.exec(name)!;
  const nRows = GROUP_SIZE[m[1]!];
  const nCols = GROUP_SIZE[m[2]!];
  const shape = nRows !== undefined && nCols !== undefined ? Object.freeze({ nRows, nCols }) : null;
  return Object.freeze({ folder, file: `${name}.pt`, name, shape });
}

/** Python `sorted()` over file names (code-point order: `ln_to_ln.pt` < `ln_to_ln_nonad.pt`). */
function sortedFiles(folder: ReferenceShuffleFolder, names: readonly string[]): ReferenceShuffleFile[] {
  return names.map((n) => fileEntry(folder, n)).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * The reference's 2-D matrix files in the order the §1.4 shuffle draws for them: the
 * `winding2023` group files, then the `winding2023_compartments` files, each folder in sorted
 * file-name order. Derived from the spec's §1.2 tables **[INFERRED]**: the spec lists the files
 * the reference ships but not a directory listing, so any unlisted 2-D tensor in those folders
 * would shift the stream. `ln_to_orn.pt` is absent (0 AD LN→ORN synapses).
 *
 * The six MBON/DAN files are not modelled here: `shape` is `null`, and a caller must supply
 * the right `{ nRows, nCols }` placeholders (see {@link referenceShuffleInputs}) to reproduce
 * the reference's exact permutations.
 */
export const referenceShuffleFiles: readonly ReferenceShuffleFile[] = Object.freeze([
  ...sortedFiles('winding2023', [
    'apl_to_kc',
    'dan_to_dan',
    'dan_to_mbon',
    'kc_to_apl',
    'kc_to_kc',
    'kc_to_mbon',
    'ln_to_ln',
    'ln_to_ln_nonad',
    'ln_to_orn_nonad',
    'ln_to_pn',
    'ln_to_pn_nonad',
    'mbon_to_dan',
    'mbon_to_kc',
    'mbon_to_mbon',
    'orn_to_ln',
    'orn_to_ln_nonad',
    'orn_to_pn',
    'pn_to_kc',
    'pn_to_kc_nonad',
    'pn_to_ln',
    'pn_to_ln_nonad',
  ]),
  ...sortedFiles('winding2023_compartments', [
    'apl_to_kc_aa',
    'apl_to_kc_ad',
    'apl_to_kc_da',
    'kc_to_apl_aa',
    'kc_to_apl_ad',
    'kc_to_apl_da',
    'kc_to_kc_aa',
    'kc_to_kc_ad',
    'kc_to_kc_da',
    'kc_to_kc_dd',
    'ln_to_ln_aa',
    'ln_to_ln_ad',
    'ln_to_ln_da',
    'ln_to_ln_dd',
    'ln_to_pn_aa',
    'ln_to_pn_ad',
    'ln_to_pn_da',
    'ln_to_pn_dd',
    'orn_to_ln_aa',
    'orn_to_ln_ad',
    'orn_to_pn_ad',
    'pn_to_kc_aa',
    'pn_to_kc_ad',
  ]),
]);

/**
 * Arrange `available` matrices (keyed by reference name, e.g. `orn_to_pn`, `kc_to_kc_aa`) into
 * the reference's shuffle order ({@link referenceShuffleFiles}), ready for
 * {@link shuffleConnectome}. A missing file of known shape becomes a shape placeholder. A
 * missing MBON/DAN file needs a `{ nRows, nCols }` entry in `available`; otherwise this throws,
 * unless `skipUnknownShapes` is set, in which case it is left out and the stream of every
 * later file diverges from the reference's.
 *
 * Names in `available` that are not reference files are rejected (they would silently not be
 * shuffled).
 */
export function referenceShuffleInputs(
  available: ReadonlyMap<string, CsrMatrix | MatrixShape>,
  options: { readonly skipUnknownShapes?: boolean } = {},
): Array<readonly [string, CsrMatrix | MatrixShape]> {
  const known = new Set(referenceShuffleFiles.map((f) => f.name));
  for (const name of available.keys()) {
    if (!known.has(name)) {
      throw new InvalidParameterError({
        parameter: 'available',
        value: name,
        expected: "a reference matrix name such as 'orn_to_pn' or 'kc_to_kc_aa' (argument of 'referenceShuffleInputs')",
        fix: 'Use the names in referenceShuffleFiles (file name without .pt).',
      });
    }
  }
  const out: Array<readonly [string, CsrMatrix | MatrixShape]> = [];
  for (const f of referenceShuffleFiles) {
    const m = available.get(f.name) ?? f.shape;
    if (m) out.push([f.name, m]);
    else if (!options.skipUnknownShapes) {
      throw new InvalidParameterError({
        parameter: `available['${f.name}']`,
        value: undefined,
        expected: "a matrix or a { nRows, nCols } placeholder: its shape is unknown here and it consumes RNG draws in the reference (argument of 'referenceShuffleInputs')",
        fix: 'Pass its shape, or set skipUnknownShapes to accept a stream that differs from the reference.',
      });
    }
  }
  return out;
}
