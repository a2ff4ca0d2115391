import type { CsrMatrix } from '@olfactory/neurons';
import { InvalidParameterError, csrRowDegrees } from '@olfactory/neurons';

/** Excitatory/inhibitory classification of the local neurons (spec §1.3). */
export interface LnSplit {
  /** Per LN: true for excitatory ("Picky", glutamatergic) LNs. */
  readonly isExcitatory: readonly boolean[];
  /** Per LN: true when the LN has at least one LN→PN (ad) synapse. */
  readonly hasPnTargets: readonly boolean[];
  /** Number of PN targets (fan-out) per LN. */
  readonly fanOut: Int32Array;
  /** The fan-out threshold: quantile `q` of the connected LNs' fan-outs. */
  readonly threshold: number;
  readonly quantile: number;
  readonly excitatory: number;
  readonly inhibitory: number;
  readonly withoutPnTargets: number;
}

/**
 * Split LNs by LN→PN fan-out: among LNs with PN targets, those with fan-out ≤ the `q`-quantile
 * (linear interpolation, PyTorch/NumPy default) are excitatory, the rest inhibitory. LNs without
 * PN targets are neither (their other outputs are inhibitory). Canonical q = 0.33 → 9 : 17,
 * 82 without PN targets.
 *
 * @param lnToPn the AD LN→PN matrix (108 × 72)
 * @param quantile q in [0, 1]
 */
export function splitLocalNeurons(lnToPn: CsrMatrix, quantile = 0.33): LnSplit {
  if (!(quantile >= 0 && quantile <= 1)) {
    throw new InvalidParameterError({ parameter: 'lnQuantile', value: quantile, expected: 'a number in [0, 1] (canonical 0.33)' });
  }
  const fanOut = csrRowDegrees(lnToPn);
  const connected = Array.from(fanOut).filter((f) => f > 0);
  const threshold = connected.length > 0 ? quantileLinear(connected, quantile) : 0;
  const hasPnTargets = Array.from(fanOut, (f) => f > 0);
  const isExcitatory = Array.from(fanOut, (f) => f > 0 && f <= threshold);
  const excitatory = isExcitatory.filter(Boolean).length;
  return {
    isExcitatory,
    hasPnTargets,
    fanOut,
    threshold,
    quantile,
    excitatory,
    inhibitory: connected.length - excitatory,
    withoutPnTargets: fanOut.length - connected.length,
  };
}

/** Quantile with linear interpolation between order statistics at position q·(n−1). */
export function quantileLinear(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
