import { finiteNumber, positiveNumber } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';
import type { PseudoDerivative } from './pseudo-derivative';
import { validatePseudoDerivative } from './pseudo-derivative';

/**
 * Reward-modulated e-prop (Bellec et al. 2020, doi:10.1038/s41467-020-17236-y; the three-factor
 * form of the macro-brain spec §4.2). Every step of dt, after the step's spikes are known, for
 * every presynaptic neuron i, postsynaptic neuron j and synapse s = (i → j):
 *
 *   z̄_i ← α·z̄_i + (1 − α)·z_i                  α = exp(−dt/τ_pre)   (normalised low-pass)
 *   ψ_j  = γ·max(0, 1 − |v_j − θ_j| / w_j)       (see {@link PseudoDerivative})
 *   ē_s ← κ·ē_s + (1 − κ)·ψ_j·z̄_i               κ = exp(−dt/τ_e)     (filtered eligibility)
 *
 * z_i is 1 when i spiked in the step (counted when it fires, before any axonal delay). Two events
 * are called by the protocol between runs ({@link epropSnapshot}, {@link epropReward}):
 *
 *   snapshot:  e*_s ← ē_s
 *   reward R:  R̄ ← d·R̄ + (1 − d)·R;   w_s ← clip(w_s + η·(R − R̄)·e_s, w_min, w_max)
 *
 * with e = e* (the snapshot; the reference's Exp 22) or e = ē (the current eligibility; its later
 * "continuous" fix). R̄ is updated before the prediction error, as in the reference. Weights are
 * signed (the projection has no `signs` array): all synapses, inhibitory ones included, learn.
 */
export interface EpropRewardRule {
  readonly kind: 'eprop-reward';
  /** Presynaptic trace time constant τ_pre, ms (the reference uses τ_m = 20 ms). */
  readonly tauPreMs: number;
  /** Eligibility filter time constant τ_e, ms (reference: 50 ms). */
  readonly tauEligibilityMs: number;
  /** Pseudo-derivative (reference: γ = 0.5, width θ − v_rest, evaluated at the post-reset potential). */
  readonly pseudoDerivative: PseudoDerivative;
  /** Learning rate η, mV per unit of reward × eligibility (reference: 0.1). */
  readonly learningRate: number;
  /** Decay d of the reward baseline R̄ (in [0, 1); reference: 0.99). */
  readonly baselineDecay: number;
  /** Lower weight bound, mV (reference: −15). */
  readonly wMinMv: number;
  /** Upper weight bound, mV (reference: 15). */
  readonly wMaxMv: number;
}

/** Validate and freeze an e-prop rule. @throws {InvalidParameterError} naming the field. */
export function epropReward(options: Omit<EpropRewardRule, 'kind'>): EpropRewardRule {
  const rule: EpropRewardRule = { kind: 'eprop-reward', ...options };
  validateEprop(rule, 'epropReward');
  return Object.freeze(rule);
}

/** @internal */
export function validateEprop(rule: EpropRewardRule, where: string): void {
  positiveNumber(`${where}.tauPreMs`, rule.tauPreMs, 'presynaptic trace time constant, ms');
  positiveNumber(`${where}.tauEligibilityMs`, rule.tauEligibilityMs, 'eligibility filter time constant, ms');
  validatePseudoDerivative(rule.pseudoDerivative, `${where}.pseudoDerivative`);
  finiteNumber(`${where}.learningRate`, rule.learningRate, 'learning rate');
  const d = finiteNumber(`${where}.baselineDecay`, rule.baselineDecay, 'reward-baseline decay');
  if (d < 0 || d >= 1) throw new InvalidParameterError({ parameter: `${where}.baselineDecay`, value: d, expected: 'a number in [0, 1)' });
  const lo = finiteNumber(`${where}.wMinMv`, rule.wMinMv, 'lower weight bound, mV');
  const hi = finiteNumber(`${where}.wMaxMv`, rule.wMaxMv, 'upper weight bound, mV');
  if (!(hi > lo)) throw new InvalidParameterError({ parameter: `${where}.wMaxMv`, value: hi, expected: `a number > wMinMv = ${lo}` });
}

/** The e-prop part of a projection's state. */
export interface EpropState {
  /** Filtered eligibility ē per synapse. */
  readonly eligibility: Float64Array;
  /** The last snapshot e* per synapse (zeros before the first). */
  readonly snapshot: Float64Array;
  /** [R̄, number of rewards so far]. */
  readonly baseline: Float64Array;
}

/**
 * @internal One step of the e-prop traces over a CSR projection, in place: z̄ (per presynaptic
 * neuron, `preTrace`) from the step's presynaptic spikes, then ē from z̄ and ψ (per postsynaptic
 * neuron).
 */
export function epropTraceStep(
  alpha: number,
  kappa: number,
  preSpikes: Int32Array,
  preSpikeCount: number,
  preTrace: Float64Array,
  psi: Float64Array,
  rowPtr: Int32Array,
  postIndex: Int32Array,
  eligibility: Float64Array,
): void {
  for (let i = 0; i < preTrace.length; i++) preTrace[i] = alpha * preTrace[i]!;
  const jump = 1 - alpha;
  for (let k = 0; k < preSpikeCount; k++) preTrace[preSpikes[k]!] += jump;
  const c = 1 - kappa;
  for (let i = 0; i < preTrace.length; i++) {
    const zc = c * preTrace[i]!;
    const e = rowPtr[i + 1]!;
    if (zc === 0) {
      for (let s = rowPtr[i]!; s < e; s++) eligibility[s] = kappa * eligibility[s]!;
    } else {
      for (let s = rowPtr[i]!; s < e; s++) eligibility[s] = kappa * eligibility[s]! + zc * psi[postIndex[s]!]!;
    }
  }
}

/**
 * @internal The reward event on weights in place: R̄ ← d·R̄ + (1 − d)·R, then
 * w ← clip(w + η·(R − R̄)·e). Returns the prediction error R − R̄.
 */
export function epropApplyReward(rule: EpropRewardRule, st: EpropState, weightsMv: Float64Array, reward: number, from: Float64Array): number {
  const d = rule.baselineDecay;
  st.baseline[0] = d * st.baseline[0]! + (1 - d) * reward;
  st.baseline[1] = st.baseline[1]! + 1;
  const delta = reward - st.baseline[0]!;
  const g = rule.learningRate * delta;
  const lo = rule.wMinMv;
  const hi = rule.wMaxMv;
  for (let s = 0; s < weightsMv.length; s++) {
    const w = weightsMv[s]! + g * from[s]!;
    weightsMv[s] = w < lo ? lo : w > hi ? hi : w;
  }
  return delta;
}
