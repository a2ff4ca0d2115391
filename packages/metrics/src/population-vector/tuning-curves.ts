import type { SpikeTrainInput } from './spike-train-input';
import { spikeCount } from './spike-train-input';

/** Position tuning curves: rate of each cell in each position bin. */
export interface TuningCurves {
  readonly nNeurons: number;
  readonly nBins: number;
  /** Bin centres, cm. */
  readonly centresCm: Float64Array;
  readonly binWidthCm: number;
  /** nNeurons × nBins rates, Hz, row-major. */
  readonly ratesHz: Float64Array;
}

/**
 * Rates (Hz) of every cell in `nBins` equal position bins spanning [min x, max x] of the test
 * path: spikes in the bin / time spent in the bin (the reference's `_tuning_fwhm_cm` binning).
 */
export function tuningCurves(spikes: SpikeTrainInput, o: { readonly nNeurons: number; readonly xCm: ArrayLike<number>; readonly dtMs: number; readonly nBins?: number }): TuningCurves {
  const fn = 'tuningCurves';
  const count = spikeCount(spikes, fn);
  const nb = o.nBins ?? 50;
  const nt = o.xCm.length;
  if (nt < 2) throw new RangeError(`Argument 'xCm' passed to '${fn}' has length ${nt}; expected at least 2 steps.`);
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < nt; t++) ((lo = Math.min(lo, o.xCm[t]!)), (hi = Math.max(hi, o.xCm[t]!)));
  if (!(hi > lo)) throw new RangeError(`Argument 'xCm' passed to '${fn}' does not move (all ${lo} cm); expected a sweep.`);
  const width = (hi - lo) / nb;
  const binOf = new Int32Array(nt);
  const time = new Float64Array(nb);
  for (let t = 0; t < nt; t++) {
    // np.digitize(x, edges) − 1, clipped: right edge belongs to the last bin.
    const b = Math.min(nb - 1, Math.max(0, Math.floor((o.xCm[t]! - lo) / width)));
    binOf[t] = b;
    time[b] += o.dtMs / 1000;
  }
  const n = o.nNeurons;
  const ratesHz = new Float64Array(n * nb);
  for (let k = 0; k < count; k++) {
    const t = spikes.steps[k]!;
    const i = spikes.neurons[k]!;
    if (t >= 0 && t < nt && i >= 0 && i < n) ratesHz[i * nb + binOf[t]!] += 1;
  }
  for (let i = 0; i < n; i++) for (let b = 0; b < nb; b++) ratesHz[i * nb + b] /= Math.max(time[b]!, 1e-9);
  const centresCm = Float64Array.from({ length: nb }, (_, b) => lo + (b + 0.5) * width);
  return { nNeurons: n, nBins: nb, centresCm, binWidthCm: width, ratesHz };
}

/**
 * Tuning width per cell as the reference measures it: (number of bins with rate ≥ half the
 * peak) × bin width, cm, for cells whose peak ≥ minPeakHz (default 1). Mean and SD (ddof 1) over
 * those cells; NaN with fewer than 2.
 */
export function tuningWidthFwhm(curves: TuningCurves, minPeakHz = 1): { readonly meanCm: number; readonly sdCm: number; readonly nCells: number; readonly widthsCm: Float64Array } {
  const widths: number[] = [];
  const { nNeurons: n, nBins: nb, ratesHz } = curves;
  for (let i = 0; i < n; i++) {
    let peak = 0;
    for (let b = 0; b < nb; b++) peak = Math.max(peak, ratesHz[i * nb + b]!);
    if (peak < minPeakHz) continue;
    let above = 0;
    for (let b = 0; b < nb; b++) if (ratesHz[i * nb + b]! >= peak / 2) above++;
    widths.push(above * curves.binWidthCm);
  }
  if (widths.length < 2) return { meanCm: NaN, sdCm: NaN, nCells: widths.length, widthsCm: Float64Array.from(widths) };
  const m = widths.reduce((a, b) => a + b, 0) / widths.length;
  const sd = Math.sqrt(widths.reduce((a, b) => a + (b - m) ** 2, 0) / (widths.length - 1));
  return { meanCm: m, sdCm: sd, nCells: widths.length, widthsCm: Float64Array.from(widths) };
}

/** Preferred position of each cell: centre of its peak bin (first on ties), cm; NaN for a silent cell. */
export function preferredPositions(curves: TuningCurves): Float64Array {
  const { nNeurons: n, nBins: nb, ratesHz } = curves;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let at = -1;
    for (let b = 0; b < nb; b++) {
      if (ratesHz[i * nb + b]! > best) ((best = ratesHz[i * nb + b]!), (at = b));
    }
    if (at >= 0) out[i] = curves.centresCm[at]!;
  }
  return out;
}
