import type { Vec } from '@olfactory/neurons';

/**
 * Divisive (shunting) inhibition of the KC dendritic drive by the APL (spec §2.10, note 8):
 *
 *   I_d = I_tot / (1 + D)
 *
 * where I_tot = I_PN→KC + I_PN→KC,nonAD + kc_inject (nA) and D ≥ 0 the per-KC factor from
 * `aplForward`. Only these currents are divided; graded dd and spike-driven KC–KC currents
 * are added after the division by the caller. Writes `out` (may alias neither input).
 *
 * @example
 *   divisiveInhibitionForward(iTot, aplOut.inhibition, iDend);
 */
export function divisiveInhibitionForward(totalNa: Vec, inhibition: Vec, out: Vec): void {
  for (let k = 0; k < out.length; k++) out[k] = totalNa[k]! / (1 + inhibition[k]!);
}

/**
 * VJP of {@link divisiveInhibitionForward}: gI_tot += g/(1 + D),  gD += −g·I_tot/(1 + D)².
 * Accumulates (+=); either output may be `null`.
 */
export function divisiveInhibitionBackward(totalNa: Vec, inhibition: Vec, gOut: Vec, grads: { readonly totalNa: Vec | null; readonly inhibition: Vec | null }): void {
  const gT = grads.totalNa;
  const gD = grads.inhibition;
  for (let k = 0; k < gOut.length; k++) {
    const inv = 1 / (1 + inhibition[k]!);
    const g = gOut[k]! * inv;
    if (gT !== null) gT[k]! += g;
    if (gD !== null) gD[k]! -= g * totalNa[k]! * inv;
  }
}
