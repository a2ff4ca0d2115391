/**
 * Logistic sigmoid σ(x) = 1 / (1 + exp(−x)), dimensionless. Saturates to exactly 0 / 1 for
 * large |x|, propagates NaN (like `torch.sigmoid`).
 *
 * @example
 *   sigmoid(0); // 0.5
 */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * logit(p) = ln(p / (1 − p)), the inverse of {@link sigmoid}; p in (0, 1).
 *
 * @example
 *   logit(0.3); // ≈ −0.8473 (the reference's initial logit U)
 */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}
