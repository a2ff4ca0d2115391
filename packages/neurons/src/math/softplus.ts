/**
 * Softplus with PyTorch's default threshold (`torch.nn.functional.softplus`, β = 1,
 * threshold = 20):
 *
 *   softplus(x) = x                 if x > 20
 *               = ln(1 + exp(x))    otherwise
 *
 * Dimensionless. Used to keep raw gain parameters positive (OR gains, APL gain, dendritic gains).
 *
 * @example
 *   softplus(0); // ln 2 ≈ 0.6931
 */
export function softplus(x: number): number {
  return x > SOFTPLUS_THRESHOLD ? x : Math.log1p(Math.exp(x));
}

/**
 * d softplus / dx exactly as PyTorch's softplus backward computes it: 1 above the threshold
 * (x > 20), σ(x) = exp(x) / (1 + exp(x)) below.
 *
 * @example
 *   softplusDerivative(0); // 0.5
 */
export function softplusDerivative(x: number): number {
  if (x > SOFTPLUS_THRESHOLD) return 1;
  const z = Math.exp(x);
  return z / (z + 1);
}

/** PyTorch's default softplus linearisation threshold (20). */
export const SOFTPLUS_THRESHOLD = 20;
