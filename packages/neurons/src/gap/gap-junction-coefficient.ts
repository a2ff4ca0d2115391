import { NA_PER_NS_MV } from '../core/units';

/**
 * The coupling coefficient of a gap junction (spec §2.8): c = 1e−3·exp(ln g) nA per mV of
 * voltage difference (g in nS), computed here once for the JavaScript loops, the WebAssembly
 * dispatch and the ONNX export.
 *
 * @example
 *   gapJunctionCoefficient(Math.log(2)); // 0.002 nA/mV
 */
export function gapJunctionCoefficient(logConductanceNs: number): number {
  return NA_PER_NS_MV * Math.exp(logConductanceNs);
}
