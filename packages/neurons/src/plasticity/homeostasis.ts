import { finiteNumber, positiveNumber } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';

/**
 * Multiplicative incoming-sum homeostasis (synaptic scaling; Turrigiano 2008,
 * doi:10.1016/j.cell.2008.10.008; the lateral-line reference's rule). Every `intervalMs` of
 * simulated time, for each postsynaptic neuron j with incoming sum S_j = Σ_i w_ij > 0:
 *
 *   f_j = clip(1 + η·(target / S_j − 1), factorMin, factorMax);   w_ij ← f_j·w_ij
 *   (then w_ij ← clip(w_ij, 0, wMaxMv) when `wMaxMv` is given)
 *
 * `target` is a fixed sum in mV, or `'population-mean'`: the mean of S_j over all post neurons
 * at the time of the update. Neurons with S_j ≤ 0 are left unchanged.
 */
export interface HomeostasisRule {
  readonly kind: 'homeostasis-multiplicative';
  /** Rate η (dimensionless, ≥ 0). */
  readonly eta: number;
  /** Target incoming sum, mV, or the current population mean. */
  readonly target: number | 'population-mean';
  /** Interval between updates, ms (> 0, a whole number of steps). */
  readonly intervalMs: number;
  /** Smallest factor. Default 0.9. */
  readonly factorMin?: number;
  /** Largest factor. Default 1.1. */
  readonly factorMax?: number;
  /** When given, weights are clipped to [0, wMaxMv] after the scaling (the reference clips to its STDP bound). */
  readonly wMaxMv?: number;
}

/** Validate and freeze a homeostasis rule. @throws {InvalidParameterError} naming the field. */
export function homeostasisMultiplicative(options: Omit<HomeostasisRule, 'kind'>): HomeostasisRule {
  const rule: HomeostasisRule = { kind: 'homeostasis-multiplicative', factorMin: 0.9, factorMax: 1.1, ...options };
  validateHomeostasis(rule, 'homeostasisMultiplicative');
  return Object.freeze(rule);
}

/** @internal */
export function validateHomeostasis(rule: HomeostasisRule, where: string): void {
  const eta = finiteNumber(`${where}.eta`, rule.eta, 'dimensionless rate');
  if (eta < 0) throw new InvalidParameterError({ parameter: `${where}.eta`, value: eta, expected: 'a finite number >= 0' });
  if (rule.target !== 'population-mean') positiveNumber(`${where}.target`, rule.target, "target incoming sum, mV, or 'population-mean'");
  positiveNumber(`${where}.intervalMs`, rule.intervalMs, 'interval between updates, ms');
  const lo = finiteNumber(`${where}.factorMin`, rule.factorMin ?? 0.9, 'smallest factor');
  const hi = finiteNumber(`${where}.factorMax`, rule.factorMax ?? 1.1, 'largest factor');
  if (!(lo > 0 && hi >= lo)) throw new InvalidParameterError({ parameter: `${where}.factorMax`, value: hi, expected: `a number >= factorMin = ${lo} > 0` });
  if (rule.wMaxMv !== undefined) positiveNumber(`${where}.wMaxMv`, rule.wMaxMv, 'upper weight bound after scaling, mV');
}

/**
 * Apply one homeostatic update to `weightsMv` in place (synapse s targets `postIndex[s]` of a
 * population of `postSize`); `sums` is scratch of length postSize. Returns `weightsMv`.
 */
export function applyHomeostasisInPlace(rule: HomeostasisRule, weightsMv: Float64Array, postIndex: Int32Array, postSize: number, sums: Float64Array = new Float64Array(postSize)): Float64Array {
  sums.fill(0, 0, postSize);
  const n = weightsMv.length;
  for (let s = 0; s < n; s++) sums[postIndex[s]!] += weightsMv[s]!;
  let target: number;
  if (rule.target === 'population-mean') {
    let total = 0;
    for (let j = 0; j < postSize; j++) total += sums[j]!;
    target = total / postSize;
  } else {
    target = rule.target;
  }
  const lo = rule.factorMin ?? 0.9;
  const hi = rule.factorMax ?? 1.1;
  for (let j = 0; j < postSize; j++) {
    const sum = sums[j]!;
    if (sum > 0) {
      const f = 1 + rule.eta * (target / sum - 1);
      sums[j] = f < lo ? lo : f > hi ? hi : f;
    } else {
      sums[j] = 1;
    }
  }
  const wMax = rule.wMaxMv;
  if (wMax === undefined) {
    for (let s = 0; s < n; s++) weightsMv[s] = weightsMv[s]! * sums[postIndex[s]!]!;
  } else {
    for (let s = 0; s < n; s++) {
      const w = weightsMv[s]! * sums[postIndex[s]!]!;
      weightsMv[s] = w < 0 ? 0 : w > wMax ? wMax : w;
    }
  }
  return weightsMv;
}

/**
 * The pure form of {@link applyHomeostasisInPlace}: a new weight array, for updates applied
 * between runs (e.g. every 10 trials).
 *
 * @example
 *   const next = incomingSumHomeostasis(rule, state.projections.inToOut.weightsMv, postIndex, 50);
 */
export function incomingSumHomeostasis(rule: HomeostasisRule, weightsMv: ArrayLike<number>, postIndex: Int32Array, postSize: number): Float64Array {
  validateHomeostasis(rule, 'incomingSumHomeostasis');
  return applyHomeostasisInPlace(rule, Float64Array.from(weightsMv), postIndex, postSize);
}
