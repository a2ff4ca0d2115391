import * as d3 from 'd3';
import type { Sel } from './figure-frame';

/** Approximate width of an 8 px sans-serif character (named ticks are drawn at 8 px), px, plus room for the tick. */
const CHAR_PX = 4.8;

/**
 * Ticks of a categorical (odor) axis: every `every`-th index labelled 1-based, or, when `labels`
 * (one name per category) are given, every category labelled with its name. `extentPx` is how far
 * the labels reach from the axis (the margin they need).
 */
export function categoryTicks(fn: string, n: number, every: number, labels: readonly string[] | undefined): { values: number[]; format: (i: number) => string; extentPx: number; named: boolean } {
  if (labels === undefined) return { values: d3.range(0, n, every), format: (i) => String(i + 1), extentPx: 0, named: false };
  if (!Array.isArray(labels) || labels.length !== n || labels.some((l) => typeof l !== 'string')) {
    throw new RangeError(
      `Argument 'tickLabels' passed to '${fn}' has ${Array.isArray(labels) ? `${labels.length} entries` : 'no array'}; expected ${n} strings, one per category (e.g. the odor names).`,
    );
  }
  const longest = Math.max(0, ...labels.map((l) => l.length));
  return { values: d3.range(n), format: (i) => labels[i]!, extentPx: Math.ceil(longest * CHAR_PX) + 8, named: true };
}

/** Rotate the tick labels of a bottom axis so that long names fit (−60°, anchored at their end). */
export function rotateBottomTicks(axis: Sel): void {
  axis.selectAll('.tick text').attr('text-anchor', 'end').attr('dx', '-0.6em').attr('dy', '0.1em').attr('transform', 'rotate(-60)');
}
