import { InvalidParameterError } from '@olfactory/neurons';

/**
 * Every parameter of the lateral-line LL → MON → TS network and its protocol, flat and in its
 * unit (ms, mV, Hz, cm, cm/s; dimensionless values say so). JSON round-trips.
 *
 * Model (the public Brian2 reference `JulieGoulet2/LateralLine`, paraphrased in
 * `docs/lateral-line-spec.md`):
 *
 *   LIF (MON, TS, both inhibitory cells):  τ_m dv/dt = E_L − v + g_e − g_i   (forward Euler, dt 1 ms)
 *                                          τ_s dg/dt = −g;  a spike adds w (mV) to g_e or g_i
 *   LL afferents: Poisson at r_i = clip(r0 + A·v_i + η_i, 0, r_max), v_i the dipole flow along the body
 *   LL→MON: multiplicative STDP (soft bound wMax); MON→TS: additive STDP clipped to [0, wMax]
 *   homeostasis every N trials: w ← w·clip(1 + η(target/Σw_in − 1), 0.9, 1.1)
 */
export interface LateralLineParams {
  /** Name of the preset these values came from (informational). */
  readonly preset: string;
  /** LL afferents (neuromasts), equally spaced on the body. */
  readonly nLl: number;
  /** MON cells. */
  readonly nMon: number;
  /** TS cells. */
  readonly nTs: number;
  /** Time step, ms. */
  readonly dtMs: number;
  /** One training trial, ms. */
  readonly trialMs: number;
  /** Training trials (integer ≥ 0). */
  readonly trials: number;
  /** Weight statistics (a checkpoint) every this many trials. */
  readonly checkpointTrials: number;
  /** Each training snapshot position is held this long, ms. */
  readonly holdMs: number;

  // Stimulus (the moving sphere as a potential-flow dipole)
  /** Body (lateral line) length, cm. */
  readonly bodyLengthCm: number;
  /** Sphere radius R, cm. */
  readonly sphereRadiusCm: number;
  /** Sphere speed U, cm/s (sets the dipole amplitude; the test sweep moves at this speed). */
  readonly speedCmPerS: number;
  /** Sphere direction along the body, +1 or −1. */
  readonly direction: number;
  /** Lateral distance D during training, cm (> 0). */
  readonly trainingDistanceCm: number;
  /** Lateral distance D during the test sweep, cm (> 0). */
  readonly testDistanceCm: number;
  /** Length of the test path, cm (the test lasts testPathCm / speedCmPerS). */
  readonly testPathCm: number;
  /** Start of the test path, cm (−0.5: half a cm before the head). */
  readonly testStartCm: number;
  /** Baseline afferent rate r0, Hz. */
  readonly r0Hz: number;
  /** Largest afferent rate r_max, Hz. */
  readonly rMaxHz: number;
  /** Rate gain A, Hz per cm/s of flow (the source's 30000 m⁻¹). */
  readonly rateGainHzPerCmPerS: number;
  /** SD of the spatially correlated rate noise η, Hz. */
  readonly noiseSdHz: number;
  /** Correlation length of η along the body (squared-exponential kernel), cm. */
  readonly noiseLengthCm: number;
  /** Time constant of the Ornstein–Uhlenbeck noise of the test sweep, ms. */
  readonly noiseTauMs: number;
  /** Scale of η during training (dimensionless; 0 in every baseline and the only value supported here). */
  readonly trainingNoiseScale: number;

  // LIF
  readonly vThresholdMv: number;
  readonly vResetMv: number;
  readonly vRestMv: number;
  readonly tauMemMs: number;
  readonly tauSynMs: number;
  readonly refractoryMs: number;
  /** MON and TS start at v = vRestMv + U(0, vInitJitterMv). */
  readonly vInitJitterMv: number;

  // LL → MON
  /** Inputs per MON cell. */
  readonly llMonInDegree: number;
  /** Spread of the topographic inputs, LL indices. */
  readonly llMonSigma: number;
  /** Fraction of topographic inputs, dimensionless in [0, 1]. */
  readonly llMonTopography: number;
  /** Plastic (multiplicative STDP + homeostasis) or fixed weights. */
  readonly llMonPlastic: boolean;
  /** Fixed version: w = llMonFixedWMv + U(0, llMonFixedJitterMv). */
  readonly llMonFixedWMv: number;
  readonly llMonFixedJitterMv: number;
  /** Plastic version: w = llMonWInitMv + U(0, llMonWJitterMv). */
  readonly llMonWInitMv: number;
  readonly llMonWJitterMv: number;
  /** Multiplicative STDP: dimensionless trace jumps and soft bound (mV). */
  readonly llMonAPre: number;
  readonly llMonAPost: number;
  readonly llMonWMaxMv: number;
  readonly llMonHomeostasisEta: number;
  readonly llMonHomeostasisEveryTrials: number;

  // MON → TS
  /** Targets per MON cell (duplicates possible). */
  readonly monTsOutDegree: number;
  /** Spread of the topographic targets, TS indices. */
  readonly monTsSigma: number;
  /** Fraction of topographic targets, dimensionless in [0, 1]. */
  readonly monTsTopography: number;
  /** EPSP per unit weight, mV (g_e += gain·w). */
  readonly monTsGainMv: number;
  /** Additive STDP on the dimensionless weight w (the simulator runs it in mV, gain·w). */
  readonly monTsAPre: number;
  readonly monTsAPost: number;
  readonly monTsWMax: number;
  readonly monTsWInit: number;
  readonly monTsWJitter: number;
  readonly monTsHomeostasisEta: number;
  readonly monTsHomeostasisEveryTrials: number;
  /** STDP trace time constants (both rules), ms. */
  readonly stdpTauMs: number;

  // Inhibition and background
  readonly monToInhProbability: number;
  readonly monToInhMv: number;
  readonly inhToMonMv: number;
  /** TS ring lateral inhibition: triangular kernel, peak (mV) falling to 0 at the radius (TS indices). */
  readonly tsLateralPeakMv: number;
  readonly tsLateralRadius: number;
  readonly tsFeedbackInhibition: boolean;
  readonly tsToInhProbability: number;
  readonly tsToInhMv: number;
  readonly inhToTsMv: number;
  readonly bgMonRateHz: number;
  readonly bgMonWMv: number;
  readonly bgTsRateHz: number;
  readonly bgTsWMv: number;
}

/** The reference's `ll_thesis` mode (fixed LL→MON weights, gain 72 mV, 1,000 trials). */
export const LL_THESIS_PRESET: LateralLineParams = Object.freeze({
  preset: 'll_thesis',
  nLl: 100,
  nMon: 3200,
  nTs: 300,
  dtMs: 1,
  trialMs: 1200,
  trials: 1000,
  checkpointTrials: 5,
  holdMs: 50,
  bodyLengthCm: 4,
  sphereRadiusCm: 0.5,
  speedCmPerS: 5,
  direction: 1,
  trainingDistanceCm: 0.8,
  testDistanceCm: 0.8,
  testPathCm: 5,
  testStartCm: -0.5,
  r0Hz: 40,
  rMaxHz: 200,
  rateGainHzPerCmPerS: 300,
  noiseSdHz: 10,
  noiseLengthCm: 1,
  noiseTauMs: 100,
  trainingNoiseScale: 0,
  vThresholdMv: -54,
  vResetMv: -60,
  vRestMv: -74,
  tauMemMs: 10,
  tauSynMs: 2,
  refractoryMs: 2,
  vInitJitterMv: 2,
  llMonInDegree: 10,
  llMonSigma: 15,
  llMonTopography: 0.08,
  llMonPlastic: false,
  llMonFixedWMv: 11.5,
  llMonFixedJitterMv: 3,
  llMonWInitMv: 10,
  llMonWJitterMv: 2,
  llMonAPre: 0.01,
  llMonAPost: -0.0105,
  llMonWMaxMv: 20,
  llMonHomeostasisEta: 0,
  llMonHomeostasisEveryTrials: 10,
  monTsOutDegree: 16,
  monTsSigma: 10,
  monTsTopography: 0.08,
  monTsGainMv: 72,
  monTsAPre: 0.01,
  monTsAPost: -0.006,
  monTsWMax: 0.028,
  monTsWInit: 0.02,
  monTsWJitter: 0.005,
  monTsHomeostasisEta: 0,
  monTsHomeostasisEveryTrials: 10,
  stdpTauMs: 20,
  monToInhProbability: 0.03,
  monToInhMv: 0.5,
  inhToMonMv: 1.15,
  tsLateralPeakMv: 0.9,
  tsLateralRadius: 18,
  tsFeedbackInhibition: true,
  tsToInhProbability: 0.08,
  tsToInhMv: 0.25,
  inhToTsMv: 0.2,
  bgMonRateHz: 22,
  bgMonWMv: 1.5,
  bgTsRateHz: 20,
  bgTsWMv: 0.85,
});

/**
 * The reference's baseline recipe (BASELINE.md, spec §1.7): `ll_thesis` plus plastic LL→MON
 * (multiplicative STDP, initial w in [10, 18] mV), both topographies 0.2, both homeostases,
 * gain 220 mV, TS lateral peak 1.5 mV, MON background 18 Hz, MON global inhibition 1.8 mV,
 * 10,000 trials.
 */
export const BASELINE_PRESET: LateralLineParams = Object.freeze({
  ...LL_THESIS_PRESET,
  preset: 'baseline',
  trials: 10000,
  llMonPlastic: true,
  llMonTopography: 0.2,
  monTsTopography: 0.2,
  llMonInDegree: 10,
  llMonWJitterMv: 8,
  llMonWInitMv: 10,
  llMonAPre: 0.01,
  llMonAPost: -0.0105,
  llMonWMaxMv: 20,
  llMonHomeostasisEta: 0.005,
  monTsHomeostasisEta: 0.001,
  monTsGainMv: 220,
  tsLateralPeakMv: 1.5,
  bgMonRateHz: 18,
  inhToMonMv: 1.8,
});

/** Presets by name. */
export const LATERAL_LINE_PRESETS: Readonly<Record<string, LateralLineParams>> = Object.freeze({
  ll_thesis: LL_THESIS_PRESET,
  baseline: BASELINE_PRESET,
});

type Check = 'positive' | 'nonNegative' | 'finite' | 'positiveInt' | 'nonNegativeInt' | 'unit' | 'probability' | 'boolean' | 'sign';

const CHECKS: Readonly<Record<keyof LateralLineParams, Check | 'string'>> = {
  preset: 'string',
  nLl: 'positiveInt',
  nMon: 'positiveInt',
  nTs: 'positiveInt',
  dtMs: 'positive',
  trialMs: 'positive',
  trials: 'nonNegativeInt',
  checkpointTrials: 'positiveInt',
  holdMs: 'positive',
  bodyLengthCm: 'positive',
  sphereRadiusCm: 'positive',
  speedCmPerS: 'positive',
  direction: 'sign',
  trainingDistanceCm: 'positive',
  testDistanceCm: 'positive',
  testPathCm: 'positive',
  testStartCm: 'finite',
  r0Hz: 'nonNegative',
  rMaxHz: 'positive',
  rateGainHzPerCmPerS: 'finite',
  noiseSdHz: 'nonNegative',
  noiseLengthCm: 'positive',
  noiseTauMs: 'positive',
  trainingNoiseScale: 'nonNegative',
  vThresholdMv: 'finite',
  vResetMv: 'finite',
  vRestMv: 'finite',
  tauMemMs: 'positive',
  tauSynMs: 'positive',
  refractoryMs: 'nonNegative',
  vInitJitterMv: 'nonNegative',
  llMonInDegree: 'positiveInt',
  llMonSigma: 'positive',
  llMonTopography: 'unit',
  llMonPlastic: 'boolean',
  llMonFixedWMv: 'nonNegative',
  llMonFixedJitterMv: 'nonNegative',
  llMonWInitMv: 'nonNegative',
  llMonWJitterMv: 'nonNegative',
  llMonAPre: 'finite',
  llMonAPost: 'finite',
  llMonWMaxMv: 'positive',
  llMonHomeostasisEta: 'nonNegative',
  llMonHomeostasisEveryTrials: 'positiveInt',
  monTsOutDegree: 'positiveInt',
  monTsSigma: 'positive',
  monTsTopography: 'unit',
  monTsGainMv: 'positive',
  monTsAPre: 'finite',
  monTsAPost: 'finite',
  monTsWMax: 'positive',
  monTsWInit: 'nonNegative',
  monTsWJitter: 'nonNegative',
  monTsHomeostasisEta: 'nonNegative',
  monTsHomeostasisEveryTrials: 'positiveInt',
  stdpTauMs: 'positive',
  monToInhProbability: 'probability',
  monToInhMv: 'nonNegative',
  inhToMonMv: 'nonNegative',
  tsLateralPeakMv: 'nonNegative',
  tsLateralRadius: 'positive',
  tsFeedbackInhibition: 'boolean',
  tsToInhProbability: 'probability',
  tsToInhMv: 'nonNegative',
  inhToTsMv: 'nonNegative',
  bgMonRateHz: 'nonNegative',
  bgMonWMv: 'nonNegative',
  bgTsRateHz: 'nonNegative',
  bgTsWMv: 'nonNegative',
};

const EXPECTED: Readonly<Record<Check, string>> = {
  positive: 'a finite number > 0',
  nonNegative: 'a finite number >= 0',
  finite: 'a finite number',
  positiveInt: 'an integer > 0',
  nonNegativeInt: 'an integer >= 0',
  unit: 'a number in [0, 1]',
  probability: 'a probability in [0, 1]',
  boolean: 'true or false',
  sign: '+1 or -1',
};

function ok(check: Check, v: unknown): boolean {
  if (check === 'boolean') return typeof v === 'boolean';
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  switch (check) {
    case 'positive':
      return v > 0;
    case 'nonNegative':
      return v >= 0;
    case 'finite':
      return true;
    case 'positiveInt':
      return Number.isInteger(v) && v > 0;
    case 'nonNegativeInt':
      return Number.isInteger(v) && v >= 0;
    case 'unit':
    case 'probability':
      return v >= 0 && v <= 1;
    case 'sign':
      return v === 1 || v === -1;
  }
}

/** The names of every parameter, for flag parsing and error messages. */
export const LATERAL_LINE_PARAM_NAMES: readonly (keyof LateralLineParams)[] = Object.freeze(Object.keys(CHECKS) as (keyof LateralLineParams)[]);

/**
 * Start from a preset (by name or as values) and apply overrides, validating every field once.
 *
 * @throws {InvalidParameterError} naming the field, e.g. `invalid llMonTopography: 1.5; expected
 *   a number in [0, 1] (…)`, for an unknown preset or parameter name, a negative distance,
 *   a topography outside [0, 1], trials < 0, a non-integer size, or training noise (not
 *   supported: every baseline trains without it).
 * @example
 *   const p = defineLateralLineParams('baseline', { trials: 200, llMonTopography: 0.4, monTsTopography: 0.4 });
 */
export function defineLateralLineParams(preset: string | LateralLineParams = 'baseline', overrides: Partial<LateralLineParams> = {}): LateralLineParams {
  let base: LateralLineParams;
  if (typeof preset === 'string') {
    const found = LATERAL_LINE_PRESETS[preset];
    if (!found) throw new InvalidParameterError({ parameter: 'preset', value: preset, expected: `one of ${Object.keys(LATERAL_LINE_PRESETS).join(', ')}` });
    base = found;
  } else {
    base = preset;
  }
  if (overrides == null || typeof overrides !== 'object') throw new InvalidParameterError({ parameter: 'overrides', value: overrides, expected: 'an object of parameter values' });
  for (const key of Object.keys(overrides)) {
    if (!(key in CHECKS))
      throw new InvalidParameterError({
        parameter: key,
        value: (overrides as Record<string, unknown>)[key],
        expected: `a lateral-line parameter name (one of: ${LATERAL_LINE_PARAM_NAMES.join(', ')})`,
      });
  }
  const p = { ...base, ...overrides } as LateralLineParams;
  for (const key of LATERAL_LINE_PARAM_NAMES) {
    const check = CHECKS[key];
    const v = p[key];
    if (check === 'string') {
      if (typeof v !== 'string') throw new InvalidParameterError({ parameter: key, value: v, expected: 'a string' });
      continue;
    }
    if (!ok(check, v)) throw new InvalidParameterError({ parameter: key, value: v, expected: `${EXPECTED[check]} (${describe(key)})` });
  }
  if (p.vThresholdMv <= p.vResetMv) throw new InvalidParameterError({ parameter: 'vThresholdMv', value: p.vThresholdMv, expected: `a threshold > vResetMv = ${p.vResetMv}` });
  if (p.rMaxHz * p.dtMs > 1000) throw new InvalidParameterError({ parameter: 'rMaxHz', value: p.rMaxHz, expected: `a rate <= ${1000 / p.dtMs} Hz (rate·dt must be a probability)` });
  const steps = (ms: number) => Math.abs(ms / p.dtMs - Math.round(ms / p.dtMs)) < 1e-9;
  for (const key of ['trialMs', 'holdMs'] as const) {
    if (!steps(p[key])) throw new InvalidParameterError({ parameter: key, value: p[key], expected: `a whole number of steps of dtMs = ${p.dtMs}` });
  }
  if (p.trainingNoiseScale !== 0) {
    throw new InvalidParameterError({
      parameter: 'trainingNoiseScale',
      value: p.trainingNoiseScale,
      expected: '0 (training-phase afferent noise is not implemented; every baseline trains without it)',
    });
  }
  return Object.freeze(p);
}

function describe(key: keyof LateralLineParams): string {
  if (key === 'rateGainHzPerCmPerS') return 'Hz per cm/s';
  if (key.endsWith('Ms')) return 'ms';
  if (key.endsWith('Mv')) return 'mV';
  if (key.endsWith('Hz')) return 'Hz';
  if (key.endsWith('CmPerS')) return 'cm/s';
  if (key.endsWith('Cm')) return 'cm';
  if (key.endsWith('Topography')) return 'fraction of topographic connections';
  if (key === 'trials') return 'number of training trials';
  return 'dimensionless';
}
