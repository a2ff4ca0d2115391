import { finiteNumber, positiveNumber } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';

/**
 * Pair-based STDP with event-driven exponential traces (all-to-all pairing; Song, Miller &
 * Abbott 2000, doi:10.1038/78829; Brian2's `Synapses(on_pre=…, on_post=…)` STDP example).
 * Traces belong to neurons: x_pre per presynaptic neuron, x_post per postsynaptic neuron, which
 * equals per-synapse traces for all-to-all pairing. In every step of dt, after the spikes of the
 * step are known and propagated with the weights from before the step's updates:
 *
 *   x_pre ← x_pre·exp(−dt/τ_pre);  x_post ← x_post·exp(−dt/τ_post)      (every neuron)
 *   pre spike of i:   x_pre[i] += A_pre;   every synapse (i → j):  w ← depress(w, x_post[j])
 *   post spike of j:  x_post[j] += A_post; every synapse (i → j):  w ← potentiate(w, x_pre[i])
 *
 * Pre events are taken when the presynaptic neuron spikes (axonal delays do not shift them), and
 * within a step all pre events are applied before the post events. A_post < 0 for depression.
 */

/**
 * Additive STDP, clipped: A_pre and A_post are weight changes in mV.
 *
 *   depress:    w ← clip(w + x_post, w_min, w_max)
 *   potentiate: w ← clip(w + x_pre,  w_min, w_max)
 */
export interface StdpAdditiveRule {
  readonly kind: 'stdp-additive';
  readonly tauPreMs: number;
  readonly tauPostMs: number;
  /** Trace jump on a presynaptic spike, mV (usually > 0). */
  readonly aPreMv: number;
  /** Trace jump on a postsynaptic spike, mV (usually < 0). */
  readonly aPostMv: number;
  /** Lower bound, mV. Default 0. */
  readonly wMinMv?: number;
  /** Upper bound, mV (> wMinMv). */
  readonly wMaxMv: number;
}

/**
 * Multiplicative (soft-bounded) STDP: A_pre, A_post are dimensionless, depression is
 * proportional to w and potentiation to (w_max − w) (the lateral-line LL→MON rule).
 *
 *   depress:    w ← w + x_post·w
 *   potentiate: w ← w + x_pre·(w_max − w)
 *
 * With 0 ≤ x_pre ≤ 1 and −1 ≤ x_post ≤ 0, w stays in [0, w_max] without clipping.
 */
export interface StdpMultiplicativeRule {
  readonly kind: 'stdp-multiplicative';
  readonly tauPreMs: number;
  readonly tauPostMs: number;
  /** Dimensionless trace jump on a presynaptic spike (usually > 0). */
  readonly aPre: number;
  /** Dimensionless trace jump on a postsynaptic spike (usually < 0). */
  readonly aPost: number;
  /** Soft upper bound, mV (> 0). */
  readonly wMaxMv: number;
}

export type StdpRule = StdpAdditiveRule | StdpMultiplicativeRule;

/** Validate and freeze an additive STDP rule. @throws {InvalidParameterError} naming the field. */
export function stdpAdditive(options: Omit<StdpAdditiveRule, 'kind'>): StdpAdditiveRule {
  const rule: StdpAdditiveRule = { kind: 'stdp-additive', wMinMv: 0, ...options };
  validateStdp(rule, 'stdpAdditive');
  return Object.freeze(rule);
}

/** Validate and freeze a multiplicative STDP rule. @throws {InvalidParameterError} naming the field. */
export function stdpMultiplicative(options: Omit<StdpMultiplicativeRule, 'kind'>): StdpMultiplicativeRule {
  const rule: StdpMultiplicativeRule = { kind: 'stdp-multiplicative', ...options };
  validateStdp(rule, 'stdpMultiplicative');
  return Object.freeze(rule);
}

/** @internal validation shared by the factories and {@link compileNetwork}. */
export function validateStdp(rule: StdpRule, where: string): void {
  positiveNumber(`${where}.tauPreMs`, rule.tauPreMs, 'presynaptic trace time constant, ms');
  positiveNumber(`${where}.tauPostMs`, rule.tauPostMs, 'postsynaptic trace time constant, ms');
  if (rule.kind === 'stdp-additive') {
    finiteNumber(`${where}.aPreMv`, rule.aPreMv, 'trace jump per presynaptic spike, mV');
    finiteNumber(`${where}.aPostMv`, rule.aPostMv, 'trace jump per postsynaptic spike, mV');
    const lo = finiteNumber(`${where}.wMinMv`, rule.wMinMv ?? 0, 'lower weight bound, mV');
    const hi = finiteNumber(`${where}.wMaxMv`, rule.wMaxMv, 'upper weight bound, mV');
    if (!(hi > lo)) throw new InvalidParameterError({ parameter: `${where}.wMaxMv`, value: hi, expected: `a number > wMinMv = ${lo}` });
  } else {
    finiteNumber(`${where}.aPre`, rule.aPre, 'dimensionless trace jump per presynaptic spike');
    finiteNumber(`${where}.aPost`, rule.aPost, 'dimensionless trace jump per postsynaptic spike');
    positiveNumber(`${where}.wMaxMv`, rule.wMaxMv, 'soft upper weight bound, mV');
  }
}

/** Trace jumps (aPre, aPost) of a rule in its own units. */
export function stdpTraceJumps(rule: StdpRule): { aPre: number; aPost: number } {
  return rule.kind === 'stdp-additive' ? { aPre: rule.aPreMv, aPost: rule.aPostMv } : { aPre: rule.aPre, aPost: rule.aPost };
}

/**
 * Apply the presynaptic events of one step: for each spiking presynaptic neuron, bump its trace
 * and depress its outgoing synapses with the current postsynaptic traces. In place.
 */
export function stdpPreEvents(
  rule: StdpRule,
  spikes: Int32Array,
  spikeCount: number,
  rowPtr: Int32Array,
  postIndex: Int32Array,
  weightsMv: Float64Array,
  preTrace: Float64Array,
  postTrace: Float64Array,
): void {
  if (rule.kind === 'stdp-additive') {
    const a = rule.aPreMv;
    const lo = rule.wMinMv ?? 0;
    const hi = rule.wMaxMv;
    for (let k = 0; k < spikeCount; k++) {
      const i = spikes[k]!;
      preTrace[i] = preTrace[i]! + a;
      for (let s = rowPtr[i]!, e = rowPtr[i + 1]!; s < e; s++) {
        const w = weightsMv[s]! + postTrace[postIndex[s]!]!;
        weightsMv[s] = w < lo ? lo : w > hi ? hi : w;
      }
    }
  } else {
    const a = rule.aPre;
    for (let k = 0; k < spikeCount; k++) {
      const i = spikes[k]!;
      preTrace[i] = preTrace[i]! + a;
      for (let s = rowPtr[i]!, e = rowPtr[i + 1]!; s < e; s++) {
        const w = weightsMv[s]!;
        weightsMv[s] = w + postTrace[postIndex[s]!]! * w;
      }
    }
  }
}

/**
 * Apply the postsynaptic events of one step: for each spiking postsynaptic neuron j, bump its
 * trace and potentiate its incoming synapses (`colPtr`/`colSyn`: synapse ids grouped by target,
 * `preOfSyn`: presynaptic neuron of each synapse) with the presynaptic traces. In place.
 */
export function stdpPostEvents(
  rule: StdpRule,
  spikes: Int32Array,
  spikeCount: number,
  colPtr: Int32Array,
  colSyn: Int32Array,
  preOfSyn: Int32Array,
  weightsMv: Float64Array,
  preTrace: Float64Array,
  postTrace: Float64Array,
): void {
  if (rule.kind === 'stdp-additive') {
    const a = rule.aPostMv;
    const lo = rule.wMinMv ?? 0;
    const hi = rule.wMaxMv;
    for (let k = 0; k < spikeCount; k++) {
      const j = spikes[k]!;
      postTrace[j] = postTrace[j]! + a;
      for (let c = colPtr[j]!, e = colPtr[j + 1]!; c < e; c++) {
        const s = colSyn[c]!;
        const w = weightsMv[s]! + preTrace[preOfSyn[s]!]!;
        weightsMv[s] = w < lo ? lo : w > hi ? hi : w;
      }
    }
  } else {
    const a = rule.aPost;
    const wMax = rule.wMaxMv;
    for (let k = 0; k < spikeCount; k++) {
      const j = spikes[k]!;
      postTrace[j] = postTrace[j]! + a;
      for (let c = colPtr[j]!, e = colPtr[j + 1]!; c < e; c++) {
        const s = colSyn[c]!;
        const w = weightsMv[s]!;
        weightsMv[s] = w + preTrace[preOfSyn[s]!]! * (wMax - w);
      }
    }
  }
}
