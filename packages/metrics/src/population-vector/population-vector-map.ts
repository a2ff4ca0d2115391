import { circularMean, circularStd, wrapToPi } from './circular';
import type { SpikeTrainInput } from './spike-train-input';
import { spikeCount } from './spike-train-input';

/** Options of {@link populationVectorMap}. */
export interface PopulationVectorMapOptions {
  /** Cells of the layer; cell k has preferred angle φ_k = 2πk/nNeurons. */
  readonly nNeurons: number;
  /** Stimulus position at each step of the test, cm (its length sets the number of steps). */
  readonly xCm: ArrayLike<number>;
  /** Step, ms. */
  readonly dtMs: number;
  /** Position bins for the bias. Default min(100, nNeurons). */
  readonly nPositionBins?: number;
  /** Boxcar smoothing of the rates, ms. Default 20. */
  readonly smoothMs?: number;
  /** Only steps with x in [minCm, maxCm] count; θ maps this window to [0, 2π). Default: the whole path. */
  readonly evalWindowCm?: readonly [number, number];
}

/** The population-vector decode of a test sweep and its summary statistics (radians). */
export interface PopulationVectorMap {
  /** σ_θ: Mardia circular SD of the per-bin biases (a constant offset costs nothing). */
  readonly sigmaTheta: number;
  /** Δ_trial: RMS over bins of the within-bin circular SD. */
  readonly deltaTrial: number;
  /** Fraction of all test steps (inside the window) whose smoothed activity is non-zero. */
  readonly validFraction: number;
  /** Mean PV length |Σ r_k e^{iφ_k}| / Σ r_k over the valid steps (0: no direction, 1: one cell). */
  readonly pvLength: number;
  /** Number of position bins with a bias. */
  readonly binsWithBias: number;
  readonly thetaTrue: Float64Array;
  /** Decoded angle per step in [0, 2π), NaN where silent. */
  readonly thetaHat: Float64Array;
  /** Per-bin bias (circular mean error) and within-bin circular SD, NaN where empty. */
  readonly bias: Float64Array;
  readonly sigmaTrial: Float64Array;
}

/**
 * Population-vector map quality of a 1-D somatotopic layer, as the lateral-line reference
 * defines it (thesis §4.1.4; spec §1.4):
 *
 *   r_k(t): spikes in 1-step bins (Hz), zeroed outside the window, then a boxcar of smoothMs
 *           (numpy `convolve(…, mode='same')` alignment: steps t − ⌈(w−1)/2⌉ … t + ⌊(w−1)/2⌋)
 *   θ̂(t) = arg Σ_k r_k(t) e^{iφ_k},  φ_k = 2πk/N;   θ(t) = 2π (x(t) − x_min)/(x_max − x_min)
 *   δ(t) = wrap(θ̂ − θ);  per bin b of θ (nPositionBins on [0, 2π)): bias_b = circmean δ,
 *   σ_b = circstd(wrap(δ − bias_b)) (0 with one sample)
 *   σ_θ = circstd(bias_b over bins with data);  Δ_trial = √mean σ_b²
 *
 * σ_θ alone cannot show that a map formed (a perfect map over a 4-cm body scored on the 5-cm
 * test path gives ≈ 0.34 rad; see `syntheticMapSpikes`): report it beside `pvLength` and
 * `mapRankCorrelation`.
 */
export function populationVectorMap(spikes: SpikeTrainInput, o: PopulationVectorMapOptions): PopulationVectorMap {
  const fn = 'populationVectorMap';
  const n = o.nNeurons;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Argument 'nNeurons' passed to '${fn}' is ${n}; expected an integer >= 1.`);
  if (!(o.dtMs > 0)) throw new RangeError(`Argument 'dtMs' passed to '${fn}' is ${o.dtMs}; expected a number > 0 (ms).`);
  const nt = o.xCm.length;
  if (nt < 1) throw new RangeError(`Argument 'xCm' passed to '${fn}' is empty; expected one position per test step.`);
  const nBins = o.nPositionBins ?? Math.min(100, n);
  const count = spikeCount(spikes, fn);
  const rates = new Float64Array(nt * n);
  const hz = 1000 / o.dtMs;
  for (let k = 0; k < count; k++) {
    const t = spikes.steps[k]!;
    const i = spikes.neurons[k]!;
    if (t >= 0 && t < nt && i >= 0 && i < n) rates[t * n + i] += hz;
  }
  const win = o.evalWindowCm;
  const ok = new Uint8Array(nt).fill(1);
  if (win) {
    for (let t = 0; t < nt; t++) {
      const x = o.xCm[t]!;
      if (!(x >= win[0] && x <= win[1])) {
        ok[t] = 0;
        rates.fill(0, t * n, (t + 1) * n);
      }
    }
  }
  const w = Math.max(1, Math.round((o.smoothMs ?? 20) / o.dtMs));
  let smooth = rates;
  if (w > 1) {
    smooth = new Float64Array(nt * n);
    const before = w - 1 - Math.floor((w - 1) / 2);
    const after = Math.floor((w - 1) / 2);
    for (let t = 0; t < nt; t++) {
      const a = Math.max(0, t - before);
      const b = Math.min(nt - 1, t + after);
      const row = smooth.subarray(t * n, (t + 1) * n);
      for (let u = a; u <= b; u++) for (let i = 0; i < n; i++) row[i] += rates[u * n + i]!;
      for (let i = 0; i < n; i++) row[i] /= w;
    }
  }
  const cosPhi = Float64Array.from({ length: n }, (_, k) => Math.cos((2 * Math.PI * k) / n));
  const sinPhi = Float64Array.from({ length: n }, (_, k) => Math.sin((2 * Math.PI * k) / n));
  const thetaHat = new Float64Array(nt).fill(NaN);
  let lengthSum = 0;
  let lengthN = 0;
  for (let t = 0; t < nt; t++) {
    let d = 0;
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      const r = smooth[t * n + i]!;
      d += r;
      re += r * cosPhi[i]!;
      im += r * sinPhi[i]!;
    }
    if (d > 1e-12) {
      re /= d;
      im /= d;
      let a = Math.atan2(im, re);
      if (a < 0) a += 2 * Math.PI;
      thetaHat[t] = a;
      if (ok[t]) {
        lengthSum += Math.hypot(re, im);
        lengthN++;
      }
    }
  }
  const thetaTrue = new Float64Array(nt).fill(NaN);
  if (win) {
    const span = Math.max(win[1] - win[0], 1e-12);
    for (let t = 0; t < nt; t++) if (ok[t]) thetaTrue[t] = (2 * Math.PI * (o.xCm[t]! - win[0])) / span;
  } else {
    let lo = Infinity;
    let hi = -Infinity;
    for (let t = 0; t < nt; t++) ((lo = Math.min(lo, o.xCm[t]!)), (hi = Math.max(hi, o.xCm[t]!)));
    const span = hi - lo + 1e-12;
    for (let t = 0; t < nt; t++) thetaTrue[t] = (2 * Math.PI * (o.xCm[t]! - lo)) / span;
  }
  const delta = new Float64Array(nt).fill(NaN);
  const perBin: number[][] = Array.from({ length: nBins }, () => []);
  let valid = 0;
  for (let t = 0; t < nt; t++) {
    if (!Number.isFinite(thetaHat[t]!) || !Number.isFinite(thetaTrue[t]!)) continue;
    delta[t] = wrapToPi(thetaHat[t]! - thetaTrue[t]!);
    if (ok[t]) valid++;
    const b = Math.floor((thetaTrue[t]! / (2 * Math.PI)) * nBins);
    if (b >= 0 && b < nBins) perBin[b]!.push(delta[t]!);
  }
  const bias = new Float64Array(nBins).fill(NaN);
  const sigmaTrial = new Float64Array(nBins).fill(NaN);
  const biases: number[] = [];
  let sq = 0;
  let sqN = 0;
  for (let b = 0; b < nBins; b++) {
    const e = perBin[b]!;
    if (e.length === 0) continue;
    const mu = circularMean(e);
    bias[b] = mu;
    sigmaTrial[b] = e.length >= 2 ? circularStd(e.map((x) => wrapToPi(x - mu))) : 0;
    biases.push(mu);
    sq += sigmaTrial[b]! ** 2;
    sqN++;
  }
  const validDeltas = Array.from(delta).filter((x, t) => Number.isFinite(x) && ok[t]);
  const fallback = validDeltas.length > 0 ? circularStd(validDeltas) : Math.PI;
  return {
    sigmaTheta: biases.length > 0 ? circularStd(biases) : fallback,
    deltaTrial: sqN > 0 ? Math.sqrt(sq / sqN) : fallback,
    validFraction: valid / nt,
    pvLength: lengthN > 0 ? lengthSum / lengthN : 0,
    binsWithBias: biases.length,
    thetaTrue,
    thetaHat,
    bias,
    sigmaTrial,
  };
}
