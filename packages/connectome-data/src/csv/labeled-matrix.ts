import type { CsrMatrix } from '@olfactory/neurons';

/**
 * A connectivity matrix whose rows and columns are labelled by neuron (skeleton) ids.
 * Rows are presynaptic, columns postsynaptic. Each source file has its own row and column
 * order, so always address it through the ids, never by position across files.
 */
export interface LabeledMatrix {
  /** Skeleton id of each row (presynaptic neuron). */
  readonly rowIds: Int32Array;
  /** Skeleton id of each column (postsynaptic neuron). */
  readonly colIds: Int32Array;
  /** Synapse counts. */
  readonly matrix: CsrMatrix;
}

/** Map from id to position, for `ids` known to be unique. */
export function indexOfIds(ids: Int32Array): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) m.set(ids[i]!, i);
  return m;
}
