import type { StagePatterns } from '../decorrelation/stage-patterns';
import { rowCount } from './validate';

/** Splits each stage into per-odor row arrays after checking its shape. */
export function stageRows(patterns: StagePatterns, nOdors: number, fn: string): Record<keyof StagePatterns, number[][]> {
  const split = (values: ArrayLike<number>, name: keyof StagePatterns): number[][] => {
    if (values.length === 0 || values.length % nOdors !== 0) {
      throw new RangeError(`Argument 'patterns.${name}' passed to '${fn}' has length ${values.length}; expected a non-zero multiple of nOdors = ${nOdors}.`);
    }
    const dim = values.length / nOdors;
    rowCount(values, dim, `patterns.${name}`, fn, 'dim');
    return Array.from({ length: nOdors }, (_, i) => Array.prototype.slice.call(values, i * dim, (i + 1) * dim) as number[]);
  };
  return { or: split(patterns.or, 'or'), pn: split(patterns.pn, 'pn'), kc: split(patterns.kc, 'kc') };
}
