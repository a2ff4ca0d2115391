import { finiteNumber } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';
import { epropApplyReward } from '../plasticity/eprop';
import type { CompiledNetwork, CompiledProjection } from './compile-network';
import type { SimState } from './sim-state';

function epropProjection(net: CompiledNetwork, state: SimState, projection: string, where: string): { pr: CompiledProjection; ps: SimState['projections'][string] } {
  const withRule = net.projections.filter((p) => p.eprop !== null).map((p) => p.name);
  const pr = net.projections.find((p) => p.name === projection);
  if (!pr || pr.eprop === null) {
    throw new InvalidParameterError({ parameter: `${where}: projection`, value: projection, expected: `a projection with an e-prop rule (one of: ${withRule.join(', ') || 'none in this network'})` });
  }
  const ps = state?.projections?.[projection];
  if (!ps?.eprop || ps.eprop.eligibility.length !== pr.postIndex.length) {
    throw new InvalidParameterError({ parameter: `${where}: state`, value: 'no e-prop state', expected: `a state made by createSimState for this network (projection ${projection})` });
  }
  return { pr, ps };
}

/**
 * Save the current filtered eligibility ē of an e-prop projection as its snapshot e* (the
 * macro-brain protocol takes it at CS offset). Changes `state` in place.
 *
 * @throws {InvalidParameterError} when the projection has no e-prop rule or the state is not this network's.
 */
export function epropSnapshot(net: CompiledNetwork, state: SimState, projection: string): void {
  const { ps } = epropProjection(net, state, projection, 'epropSnapshot');
  ps.eprop!.snapshot.set(ps.eprop!.eligibility);
}

/** Options of {@link applyEpropReward}. */
export interface EpropRewardOptions {
  /** Which eligibility the reward multiplies: the last snapshot (default) or the current ē. */
  readonly from?: 'snapshot' | 'current';
}

/**
 * Deliver a reward R to an e-prop projection (see `EpropRewardRule`): R̄ ← d·R̄ + (1 − d)·R, then
 * w ← clip(w + η·(R − R̄)·e). Changes the weights in `state` in place and returns the reward
 * prediction error R − R̄ and the number of rewards so far.
 *
 * @throws {InvalidParameterError} on a non-finite reward, an unknown projection or a foreign state.
 */
export function applyEpropReward(net: CompiledNetwork, state: SimState, projection: string, reward: number, options: EpropRewardOptions = {}): { predictionError: number; rewards: number } {
  const { pr, ps } = epropProjection(net, state, projection, 'applyEpropReward');
  const r = finiteNumber('applyEpropReward: reward', reward, 'reward');
  const from = options.from ?? 'snapshot';
  if (from !== 'snapshot' && from !== 'current') throw new InvalidParameterError({ parameter: 'applyEpropReward: options.from', value: from, expected: "'snapshot' or 'current'" });
  const st = ps.eprop!;
  const predictionError = epropApplyReward(pr.eprop!.rule, st, ps.weightsMv, r, from === 'snapshot' ? st.snapshot : st.eligibility);
  return { predictionError, rewards: st.baseline[1]! };
}
