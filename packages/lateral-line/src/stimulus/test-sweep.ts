import { createRng } from '@olfactory/neurons';
import type { BinnedSchedule } from '@olfactory/neurons';
import type { LateralLineParams } from '../params/lateral-line-params';
import { afferentRatesHz, dipoleFlowAlongBody, neuromastPositionsCm } from './dipole-flow';

/** Counter `source` word of the test sweep's noise innovations. */
export const TEST_NOISE_SOURCE = 0x11a70001;

/** The continuous test sweep. */
export interface TestSweep {
  /** Afferent rates, one 1-step bin per step (nSteps × nLl, Hz). */
  readonly schedule: BinnedSchedule;
  /** Sphere position at each step, cm. */
  readonly xCm: Float64Array;
  /** Steps of the sweep. */
  readonly steps: number;
  readonly durationMs: number;
}

/** Lower-triangular Cholesky factor (row-major n × n) of a symmetric positive-definite matrix. */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, 0)) : s / l[j * n + j]!;
    }
  }
  return l;
}

/**
 * The test stimulus: the sphere moves from testStartCm at speedCmPerS along `direction` for
 * testPathCm / speedCmPerS at distance testDistanceCm (5 cm in 1 s in the presets: it starts
 * half a centimetre before the head and ends half a centimetre past the tail). The rate noise
 * is an Ornstein–Uhlenbeck process per neuromast with spatially correlated innovations
 * (squared-exponential kernel of length noiseLengthCm, Cholesky factor L), stationary SD
 * noiseSdHz and time constant noiseTauMs, stepped by Euler–Maruyama as in the reference:
 *
 *   η ← η − (dt/τ)·η + √(2σ²dt/τ)·L z,   z ~ N(0, I) from the counter RNG (seed, stream, step)
 *
 * `extraNoiseSdHz` adds independent Gaussian noise per neuromast and step (the reference's
 * `--test-ll-noise-hz`), clipped at 0.
 */
export function testSweep(p: LateralLineParams, options: { readonly seed: number; readonly stream?: number; readonly distanceCm?: number; readonly extraNoiseSdHz?: number }): TestSweep {
  const n = p.nLl;
  const dtS = p.dtMs / 1000;
  const durationMs = Math.round(((p.testPathCm / p.speedCmPerS) * 1000) / p.dtMs) * p.dtMs;
  const steps = Math.round(durationMs / p.dtMs);
  const sensors = neuromastPositionsCm(n, p.bodyLengthCm);
  const corr = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) corr[i * n + j] = Math.exp(-0.5 * ((sensors[i]! - sensors[j]!) / p.noiseLengthCm) ** 2) + (i === j ? 1e-12 : 0);
  const chol = cholesky(corr, n);
  const tauS = p.noiseTauMs / 1000;
  const gain = Math.sqrt((2 * p.noiseSdHz ** 2 * dtS) / tauS);
  const rng = createRng(options.seed);
  const stream = options.stream ?? 0;
  const eta = new Float64Array(n);
  const z = new Float64Array(n);
  const extra = new Float64Array(n);
  const flow = new Float64Array(n);
  const values = new Float64Array(steps * n);
  const xCm = new Float64Array(steps);
  const distance = options.distanceCm ?? p.testDistanceCm;
  const extraSd = options.extraNoiseSdHz ?? 0;
  for (let k = 0; k < steps; k++) {
    const block = rng.block(k, 0, TEST_NOISE_SOURCE, stream);
    block.fillNormal(z, 0, n);
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let j = 0; j <= i; j++) c += chol[i * n + j]! * z[j]!;
      eta[i] = eta[i]! + dtS * (-eta[i]! / tauS) + gain * c;
    }
    const x = p.testStartCm + p.speedCmPerS * p.direction * k * dtS;
    xCm[k] = x;
    dipoleFlowAlongBody(sensors, { xCm: x, yCm: distance, speedCmPerS: p.speedCmPerS, radiusCm: p.sphereRadiusCm, direction: p.direction }, 0, flow);
    const row = values.subarray(k * n, (k + 1) * n);
    afferentRatesHz(flow, p, eta, row);
    if (extraSd > 0) {
      block.fillNormal(extra, 0, n, 0, extraSd);
      for (let i = 0; i < n; i++) row[i] = Math.max(0, row[i]! + extra[i]!);
    }
  }
  return { schedule: { kind: 'schedule', binMs: p.dtMs, values }, xCm, steps, durationMs };
}
