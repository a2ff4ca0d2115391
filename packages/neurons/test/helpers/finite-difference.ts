import type { Vec } from '@olfactory/neurons';

/**
 * Central finite differences in float64: ∂L/∂x[k] ≈ (L(x + h e_k) − L(x − h e_k)) / 2h for
 * every element of `x` (restored afterwards). Truncation error O(h²·L'''), round-off
 * O(ε·|L|/h). The default h = 1e-5 suits mV-scale variables; pass h = 1e-8 for nA currents
 * (which R_m = 1000 MΩ turns into mV) so that h·R_m stays ≈ 1e-5 mV.
 */
export function numericGradient(loss: () => number, x: Vec, h = 1e-5): Float64Array {
  const g = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const x0 = x[k]!;
    x[k] = x0 + h;
    const lp = loss();
    x[k] = x0 - h;
    const lm = loss();
    x[k] = x0;
    g[k] = (lp - lm) / (2 * h);
  }
  return g;
}

/** Central difference of a scalar function at x0. */
export function numericDerivative(loss: (x: number) => number, x0: number, h = 1e-5): number {
  return (loss(x0 + h) - loss(x0 - h)) / (2 * h);
}

/** Σ w·y: the linear test loss whose gradient w.r.t. y is w. */
export function dot(w: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += w[i]! * y[i]!;
  return s;
}

/**
 * Tolerance of every float64 gradient check against central differences:
 * |analytic − numeric| ≤ 1e-6·(|numeric| + max|numeric|), i.e. relative 1e-6 with an absolute
 * floor of 1e-6 times the largest gradient entry (FD round-off is ≈ ε·|L|/h ≈ 1e-9 here).
 */
export const FD_TOLERANCE = Object.freeze({ rtol: 1e-6 });
