import { positiveNumber } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';

/**
 * The piecewise-linear pseudo-derivative of a spike with respect to the membrane potential
 * (Bellec et al. 2020, doi:10.1038/s41467-020-17236-y, eq. 3; the triangular surrogate):
 *
 *   ψ_j = γ · max(0, 1 − |v_j − θ_j| / w_j)
 *
 * with θ_j the threshold of neuron j and w_j the half-width: `widthMv` when given, else
 * θ_j − v_rest,j (the macro-brain reference normalises by V_th with v_rest = 0, which is the same).
 *
 * The simulator keeps the potential after the reset. `atSpike` says what a neuron that spiked in
 * this step contributes: `'reset'` evaluates ψ at its (reset) potential, as the macro-brain
 * reference does by passing the post-reset state; `'peak'` takes γ, the value at threshold it
 * has just crossed (its pre-reset potential is within one step's increment of θ).
 */
export interface PseudoDerivative {
  /** Scale γ (> 0). */
  readonly gamma: number;
  /** Half-width w, mV (> 0). Default: threshold − rest of each neuron. */
  readonly widthMv?: number;
  /** ψ of a neuron that spiked in this step. Default `'reset'`. */
  readonly atSpike?: 'reset' | 'peak';
}

/** @internal Validate a pseudo-derivative. */
export function validatePseudoDerivative(p: PseudoDerivative, where: string): void {
  if (p == null || typeof p !== 'object') throw new InvalidParameterError({ parameter: where, value: p, expected: '{ gamma, widthMv?, atSpike? }' });
  positiveNumber(`${where}.gamma`, p.gamma, 'pseudo-derivative scale γ');
  if (p.widthMv !== undefined) positiveNumber(`${where}.widthMv`, p.widthMv, 'pseudo-derivative half-width, mV');
  if (p.atSpike !== undefined && p.atSpike !== 'reset' && p.atSpike !== 'peak') {
    throw new InvalidParameterError({ parameter: `${where}.atSpike`, value: p.atSpike, expected: "'reset' or 'peak'" });
  }
}

/**
 * @internal The inverse half-widths 1/w_j of a population (from `widthMv` or θ_j − v_rest,j).
 * @throws {InvalidParameterError} when some θ_j ≤ v_rest,j and no width is given.
 */
export function inverseWidths(p: PseudoDerivative, vThresholdMv: Float64Array, vRestMv: Float64Array, where: string): Float64Array {
  const out = new Float64Array(vThresholdMv.length);
  for (let j = 0; j < out.length; j++) {
    const w = p.widthMv ?? vThresholdMv[j]! - vRestMv[j]!;
    if (!(w > 0)) {
      throw new InvalidParameterError({
        parameter: `${where}.widthMv`,
        value: p.widthMv,
        expected: `a half-width > 0 (neuron ${j} has threshold ${vThresholdMv[j]} <= rest ${vRestMv[j]})`,
        fix: 'Give widthMv explicitly.',
      });
    }
    out[j] = 1 / w;
  }
  return out;
}

/**
 * @internal ψ of every neuron of a population into `out`: from the potentials `v`, with the
 * neurons listed in `spikes[0..spikeCount)` handled per `atSpike`.
 */
export function pseudoDerivativeInto(out: Float64Array, p: PseudoDerivative, v: Float64Array, vThresholdMv: Float64Array, invWidth: Float64Array, spikes: Int32Array, spikeCount: number): void {
  const g = p.gamma;
  for (let j = 0; j < out.length; j++) {
    const x = 1 - Math.abs(v[j]! - vThresholdMv[j]!) * invWidth[j]!;
    out[j] = x > 0 ? g * x : 0;
  }
  if (p.atSpike === 'peak') for (let k = 0; k < spikeCount; k++) out[spikes[k]!] = g;
}
