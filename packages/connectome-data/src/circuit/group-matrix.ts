import type { CsrMatrix } from '@olfactory/neurons';
import { csrSelect } from '@olfactory/neurons';
import { DataFormatError } from '../errors/data-format-error';
import type { LabeledMatrix } from '../csv/labeled-matrix';
import { indexOfIds } from '../csv/labeled-matrix';

/**
 * Cut the `pre × post` block out of a labelled whole-brain matrix, addressing rows and columns
 * by skeleton id (each source file has its own order). Throws {@link DataFormatError} when an
 * id is not in the file.
 */
export function selectByIds(source: LabeledMatrix, pre: Int32Array, post: Int32Array, file: string): CsrMatrix {
  const rowOf = indexOfIds(source.rowIds);
  const colOf = indexOfIds(source.colIds);
  const lookup = (ids: Int32Array, map: Map<number, number>, what: string): Int32Array =>
    Int32Array.from(ids, (id) => {
      const i = map.get(id);
      if (i === undefined) {
        throw new DataFormatError({
          file,
          line: 0,
          column: 0,
          problem: `skeleton id ${id} missing from the ${what}`,
          expected: 'every annotated neuron in every matrix',
          fix: 'Use the pinned Winding et al. 2023 Data S1.',
        });
      }
      return i;
    });
  return csrSelect(source.matrix, lookup(pre, rowOf, 'rows'), lookup(post, colOf, 'columns'));
}
