import { finiteNumber } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import type { CompiledNetwork } from './compile-network';
import type { CompiledLowRank, LowRankState } from './low-rank';
import type { SimState } from './sim-state';

function traced(net: CompiledNetwork, state: SimState, name: string, where: string): { lr: CompiledLowRank; st: LowRankState } {
  const lr = net.lowRank.find((x) => x.name === name);
  const withTrace = net.lowRank.filter((x) => x.etrace !== null).map((x) => x.name);
  if (!lr || lr.etrace === null) {
    throw new InvalidParameterError({ parameter: `${where}: projection`, value: name, expected: `a low-rank projection with etrace (one of: ${withTrace.join(', ') || 'none in this network'})` });
  }
  const st = state?.lowRank?.[name];
  if (!st || st.learningSignal?.length !== lr.postSize) {
    throw new InvalidParameterError({ parameter: `${where}: state`, value: 'no low-rank state', expected: `a state made by createSimState for this network (projection ${name})` });
  }
  return { lr, st };
}

/**
 * Set the learning signal ℓ_j = ∂L/∂z_j of a low-rank projection's post neurons (held until
 * changed; all zeros stops the gradient work). Changes `state` in place.
 *
 * @throws {ShapeMismatchError} when `values` does not have one entry per post neuron.
 * @throws {InvalidParameterError} on a non-finite value or a projection without etrace.
 */
export function setLearningSignal(net: CompiledNetwork, state: SimState, projection: string, values: ArrayLike<number>): void {
  const { lr, st } = traced(net, state, projection, 'setLearningSignal');
  if (values == null || values.length !== lr.postSize) {
    throw new ShapeMismatchError({ argument: 'values', functionName: 'setLearningSignal', actual: `length ${values?.length}`, expected: `${lr.postSize} (one per neuron of ${lr.postName})` });
  }
  for (let j = 0; j < lr.postSize; j++) st.learningSignal[j] = finiteNumber(`setLearningSignal: values[${j}]`, values[j], 'learning signal');
}

/**
 * The gradients ∂L/∂A (N_post × r) and ∂L/∂B (r × N_pre) accumulated since the last call, with
 * the number of steps that contributed; the accumulators are cleared.
 */
export function takeLowRankGradients(net: CompiledNetwork, state: SimState, projection: string): { gradA: Float64Array; gradB: Float64Array; steps: number } {
  const { st } = traced(net, state, projection, 'takeLowRankGradients');
  const out = { gradA: st.gradA.slice(), gradB: st.gradB.slice(), steps: st.gradSteps[0]! };
  st.gradA.fill(0);
  st.gradB.fill(0);
  st.gradSteps[0] = 0;
  return out;
}
