import { InvalidParameterError } from '../errors/invalid-parameter-error';

/**
 * The graded "soft" spike used in training (spec §2.3, `surrogate_method = 'soft'`): the emitted
 * spike IS the sigmoid in the forward pass (not a straight-through estimator),
 *
 *   s = σ(u / T),   u = V − V_th − ε  (mV),   T = `temperatureMv` (1 mV in the reference),
 *
 * with derivative ds/du = σ(u/T)·(1 − σ(u/T)) / T (peak 1/(4T) at threshold).
 */
export interface SoftSpikeFunction {
  readonly kind: 'soft';
  /** Sigmoid temperature T, mV. Default 1 (the reference's `sigmoid(u / 1 mV)`). Must be > 0. */
  readonly temperatureMv: number;
}

/**
 * The hard spike used in evaluation (spec §2.3): the Heaviside step s = 1[u > 0] (0 at u = 0 and
 * for NaN), with zero derivative (like `(u > 0).float()` in PyTorch).
 */
export interface HardSpikeFunction {
  readonly kind: 'hard';
}

/** A spike nonlinearity as a typed, JSON-serialisable value: `{ kind: 'soft', temperatureMv }` or `{ kind: 'hard' }`. */
export type SpikeFunction = SoftSpikeFunction | HardSpikeFunction;

/** The valid `kind`s of {@link SpikeFunction}. */
export const SPIKE_FUNCTION_KINDS = Object.freeze(['soft', 'hard'] as const);

/**
 * The training-mode soft spike σ(u / T).
 *
 * @throws {InvalidParameterError} when `temperatureMv` is not a finite number > 0.
 * @example
 *   const train = softSpike();                    // { kind: 'soft', temperatureMv: 1 }
 *   spikeValue(train, 0);                         // 0.5
 */
export function softSpike(options: { temperatureMv?: number } = {}): SoftSpikeFunction {
  const temperatureMv = options.temperatureMv ?? 1;
  if (typeof temperatureMv !== 'number' || !Number.isFinite(temperatureMv) || temperatureMv <= 0) {
    throw new InvalidParameterError({
      parameter: 'temperatureMv',
      value: temperatureMv,
      expected: 'a finite number > 0 (sigmoid temperature in mV)',
    });
  }
  return Object.freeze({ kind: 'soft', temperatureMv });
}

/**
 * The evaluation-mode hard spike 1[u > 0].
 *
 * @example
 *   spikeValue(hardSpike(), 0.1); // 1
 */
export function hardSpike(): HardSpikeFunction {
  return HARD;
}
const HARD: HardSpikeFunction = Object.freeze({ kind: 'hard' });

/**
 * Resolve a JSON config (`{ kind: 'soft', temperatureMv?: number }` or `{ kind: 'hard' }`).
 *
 * @throws {InvalidParameterError} for an unknown kind (the message lists the valid kinds) or an
 *   invalid temperature.
 * @example
 *   spikeFunctionFromConfig(JSON.parse('{"kind":"soft","temperatureMv":1}'));
 */
export function spikeFunctionFromConfig(config: unknown): SpikeFunction {
  const kind = config != null && typeof config === 'object' ? (config as { kind?: unknown }).kind : undefined;
  if (kind === 'soft') {
    const t = (config as { temperatureMv?: unknown }).temperatureMv;
    return softSpike(t === undefined ? {} : { temperatureMv: t as number });
  }
  if (kind === 'hard') return HARD;
  throw new InvalidParameterError({
    parameter: 'spike function kind',
    value: kind,
    expected: `one of ${SPIKE_FUNCTION_KINDS.map((k) => `'${k}'`).join(', ')}`,
  });
}

/**
 * s(u) for u = V − V_th − ε in mV: σ(u/T) for `soft`, 1[u > 0] for `hard` (NaN → NaN for soft,
 * 0 for hard).
 *
 * @example
 *   spikeValue(softSpike(), 2); // σ(2) ≈ 0.881
 */
export function spikeValue(fn: SpikeFunction, uMv: number): number {
  if (fn.kind === 'soft') return 1 / (1 + Math.exp(-uMv / fn.temperatureMv));
  return uMv > 0 ? 1 : 0;
}

/**
 * ds/du in 1/mV: σ(u/T)(1 − σ(u/T))/T for `soft`, 0 for `hard`.
 *
 * @example
 *   spikeDerivative(softSpike(), 0); // 0.25
 */
export function spikeDerivative(fn: SpikeFunction, uMv: number): number {
  if (fn.kind === 'soft') {
    const s = 1 / (1 + Math.exp(-uMv / fn.temperatureMv));
    return (s * (1 - s)) / fn.temperatureMv;
  }
  return 0;
}
