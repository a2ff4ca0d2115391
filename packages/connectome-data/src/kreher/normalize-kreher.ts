/**
 * Normalization of Kreher 2008 responses (spike-rate changes, spikes/s) to model input in
 * [0, 1]:
 *
 *   r_norm = clip((r_raw + 50) / 347, 0, 1)
 *
 * a shift by 50 Hz and a scale mapping the largest response (297 Hz) to 1. Inferred from the
 * reference's three published statistics, which it reproduces exactly on the real data:
 * `sfr` row sum 3.63, mean odor-row sum 5.36, and 60 odor pairs with cosine > 0.9
 * (spec §1.1; the min–max map (r+31)/328 gives 2.6, 4.5 and 33).
 */
export function normalizeKreherRate(rawHz: number): number {
  const v = (rawHz + KREHER_SHIFT_HZ) / KREHER_SCALE_HZ;
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Shift (Hz) of the Kreher normalization. */
export const KREHER_SHIFT_HZ = 50;
/** Scale (Hz) of the Kreher normalization: 297 + 50. */
export const KREHER_SCALE_HZ = 347;
