import { assertLength } from '../internal/validate';

/**
 * OR input of an odor mixture (spec §4.11 step 2, §4.12): element-wise sum of the component
 * rows, clipped to the normalised response range,
 *
 *   r_mix = clip(Σ_k r_k, 0, 1).
 *
 * @param components the component OR vectors (e.g. two or three rows of the Kreher matrix), equal lengths
 * @example mixtureInput([[0.5, 0.7, 0], [0.2, 0.6, -0.1]]); // [0.7, 1, 0]
 */
export function mixtureInput(components: readonly ArrayLike<number>[]): Float64Array {
  const fn = 'mixtureInput';
  if (components.length === 0) throw new RangeError(`Argument 'components' passed to '${fn}' is empty; expected at least one component.`);
  const n = components[0]!.length;
  const out = new Float64Array(n);
  components.forEach((c, k) => {
    assertLength(c, n, `components[${k}]`, fn, 'length of components[0]');
    for (let i = 0; i < n; i++) out[i]! += c[i]!;
  });
  for (let i = 0; i < n; i++) out[i] = Math.min(1, Math.max(0, out[i]!));
  return out;
}
