import { NA_PER_NS_MV } from '../core/units';
import { softplus } from '../math/softplus';
import type { GradedCoupling } from './graded-coupling';

/**
 * The coefficients of a graded KC–KC coupling (spec §2.10), computed here once for the
 * JavaScript loops, the WebAssembly dispatch and the ONNX export:
 *
 *   scale = 1e−3·g_scale (nA per mV per unit gain),   c = scale·softplus(gainRaw)  (nA per mV)
 *
 * @example
 *   gradedCouplingCoefficients(coupling, -5).coefficient; // ≈ 1e−3·0.0067
 */
export function gradedCouplingCoefficients(coupling: Pick<GradedCoupling, 'conductanceScaleNs'>, gainRaw: number): { readonly scale: number; readonly coefficient: number } {
  const scale = NA_PER_NS_MV * coupling.conductanceScaleNs;
  return { scale, coefficient: scale * softplus(gainRaw) };
}
