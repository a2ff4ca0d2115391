/**
 * The flow a small sphere moving in still water produces at the neuromasts, read along the body.
 *
 * In the far field a sphere of radius R moving with velocity U·e is a potential-flow dipole
 * (Lamb, Hydrodynamics §92), with ρ = sensor − sphere:
 *
 *   φ(ρ) = (R³/2) · U (e·ρ) / |ρ|³
 *   v_x  = ∂φ/∂x = −(U R³ / 2) · ((2ρx² − ρy²) e_x + 3 ρx ρy e_y) / |ρ|⁵
 *
 * A superficial neuromast senses the component along the body axis, v_x. Its two lobes swap sign
 * with the direction of motion. |ρ|² is floored at 1e-9 cm² so contact does not divide by zero.
 */
export interface DipoleSource {
  /** Sphere centre along the body, cm. */
  readonly xCm: number;
  /** Lateral distance of the sphere from the body axis (D), cm. */
  readonly yCm: number;
  /** Speed U, cm/s. */
  readonly speedCmPerS: number;
  /** Radius R, cm. */
  readonly radiusCm: number;
  /** Direction of motion along x (+1 head → tail, −1 back); the y component of e is 0. */
  readonly direction: number;
}

/** Velocity potential φ (cm²/s) of the dipole at sensor (x, y) cm. */
export function dipolePotential(xCm: number, yCm: number, s: DipoleSource): number {
  const dx = xCm - s.xCm;
  const dy = yCm - s.yCm;
  const r2 = Math.max(dx * dx + dy * dy, 1e-9);
  return ((s.radiusCm ** 3 / 2) * s.speedCmPerS * (s.direction * dx)) / r2 ** 1.5;
}

/**
 * Flow along the body axis, v_x = ∂φ/∂x (cm/s), at sensors on y = `sensorYCm` (default 0).
 * Writes into `out` when given (length = sensors) and returns it.
 *
 * @example
 *   const xs = Float64Array.from({ length: 100 }, (_, i) => (4 * i) / 99);
 *   const v = dipoleFlowAlongBody(xs, { xCm: 2, yCm: 0.8, speedCmPerS: 5, radiusCm: 0.5, direction: 1 });
 */
export function dipoleFlowAlongBody(sensorXCm: ArrayLike<number>, s: DipoleSource, sensorYCm = 0, out: Float64Array = new Float64Array(sensorXCm.length)): Float64Array {
  const k = -0.5 * s.speedCmPerS * s.radiusCm ** 3;
  for (let i = 0; i < sensorXCm.length; i++) {
    const dx = sensorXCm[i]! - s.xCm;
    const dy = sensorYCm - s.yCm;
    const r2 = Math.max(dx * dx + dy * dy, 1e-9);
    out[i] = (k * ((2 * dx * dx - dy * dy) * s.direction)) / r2 ** 2.5;
  }
  return out;
}

/** Neuromast positions: `n` equally spaced on [0, bodyLengthCm], cm. */
export function neuromastPositionsCm(n: number, bodyLengthCm: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (n === 1 ? 0 : (bodyLengthCm * i) / (n - 1)));
}

/** Afferent rates r_i = clip(r0 + A·v_i + η_i, 0, r_max), Hz, in place into `out`. */
export function afferentRatesHz(
  flowCmPerS: ArrayLike<number>,
  rate: { readonly r0Hz: number; readonly rMaxHz: number; readonly rateGainHzPerCmPerS: number },
  noiseHz: ArrayLike<number> | null = null,
  out: Float64Array = new Float64Array(flowCmPerS.length),
): Float64Array {
  for (let i = 0; i < flowCmPerS.length; i++) {
    const r = rate.r0Hz + rate.rateGainHzPerCmPerS * flowCmPerS[i]! + (noiseHz ? noiseHz[i]! : 0);
    out[i] = r < 0 ? 0 : r > rate.rMaxHz ? rate.rMaxHz : r;
  }
  return out;
}
