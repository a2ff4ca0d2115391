import { assertLength } from '../internal/validate';
import { cosineSimilarity } from '../similarity/cosine-similarity';

/** Result of {@link mixtureCodeMetrics}. */
export interface MixtureCodeMetrics {
  /** cos(mix, code_k) per component. */
  readonly simToComponents: Float64Array;
  /** Mean of simToComponents (the "mix→component cosine", cited 0.805 ± 0.004 for pairs). */
  readonly meanSimToComponents: number;
  /** cos(mix, mean of component codes). */
  readonly simToLinear: number;
  /** frac(mix > 0). */
  readonly mixSparsity: number;
  /** mixSparsity / mean_k frac(code_k > 0); 1.0 when the denominator is 0 (≈ 1.22 for pairs). */
  readonly suppression: number;
}

/**
 * Mixture-coding metrics of one mixture (spec §4.11 step 3), from KC codes (mean rates):
 *
 *   sim_k = cos(m, c_k),  sim_linear = cos(m, (1/K) Σ_k c_k),  s(x) = frac(x > 0),
 *   suppression = s(m) / mean_k s(c_k)   (1.0 if the denominator is 0).
 *
 * Despite its name the "suppression" ratio is > 1 when the mixture activates more KCs (spec §8.15).
 *
 * @param mixCode KC code of the mixture
 * @param componentCodes KC codes of the K components (2 for pairs, 3 for triplets)
 * @example mixtureCodeMetrics([1, 1, 1, 0], [[1, 0, 0, 0], [0, 1, 0, 0]]); // sims 1/√3, linear 0.8165, suppression 3
 */
export function mixtureCodeMetrics(mixCode: ArrayLike<number>, componentCodes: readonly ArrayLike<number>[]): MixtureCodeMetrics {
  const fn = 'mixtureCodeMetrics';
  if (componentCodes.length === 0) throw new RangeError(`Argument 'componentCodes' passed to '${fn}' is empty; expected at least one component code.`);
  const n = mixCode.length;
  const linear = new Float64Array(n);
  const sims = new Float64Array(componentCodes.length);
  let compSparsity = 0;
  componentCodes.forEach((c, k) => {
    assertLength(c, n, `componentCodes[${k}]`, fn, 'length of mixCode');
    sims[k] = cosineSimilarity(mixCode, c);
    compSparsity += activeFraction(c) / componentCodes.length;
    for (let i = 0; i < n; i++) linear[i]! += c[i]! / componentCodes.length;
  });
  const mixSparsity = activeFraction(mixCode);
  let meanSim = 0;
  for (const s of sims) meanSim += s / sims.length;
  return {
    simToComponents: sims,
    meanSimToComponents: meanSim,
    simToLinear: cosineSimilarity(mixCode, linear),
    mixSparsity,
    suppression: compSparsity === 0 ? 1.0 : mixSparsity / compSparsity,
  };
}

function activeFraction(x: ArrayLike<number>): number {
  if (x.length === 0) return Number.NaN;
  let k = 0;
  for (let i = 0; i < x.length; i++) if (x[i]! > 0) k++;
  return k / x.length;
}
