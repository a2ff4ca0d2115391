// Type tests of @olfactory/neurons' public API, checked against the built declarations
// (`pnpm --filter @olfactory/neurons typetest`): what a user who installed the package sees.
import {
  applyEpropReward,
  compileNetwork,
  createRng,
  createSimState,
  decodeSimState,
  encodeSimState,
  epropReward,
  fixedProbabilityProjection,
  homeostasisMultiplicative,
  InvalidParameterError,
  OlfactoryError,
  PLASTICITY_RULE_KINDS,
  runSimulation,
  setLearningSignal,
  spikeMonitor,
  stateMonitor,
  stdpAdditive,
  stdpMultiplicative,
  takeLowRankGradients,
  weightMonitor,
} from '@olfactory/neurons';
import type {
  CompiledNetwork,
  CounterRng,
  EpropRewardRule,
  HomeostasisRule,
  LowRankProjectionSpec,
  NetworkSpec,
  PlasticityRule,
  ProjectionSpec,
  SimState,
  SpikeMonitorData,
  StateMonitorData,
  StdpAdditiveRule,
  StdpMultiplicativeRule,
  WeightMonitorData,
} from '@olfactory/neurons';
import { expectType } from './type-assert';
import type { Equal } from './type-assert';

const rng = createRng(1);
expectType<Equal<typeof rng, CounterRng>>();

const conn = fixedProbabilityProjection({ name: 'p', pre: 'a', post: 'b', synapse: 'exc', preSize: 4, postSize: 3, probability: 0.5, weightMv: 1, rng });
const asProjection: ProjectionSpec = conn; // a builder's output is a projection as it stands
void asProjection;

const spec: NetworkSpec = {
  populations: [
    { kind: 'poisson', name: 'a', size: 4, rateHz: 10 },
    { kind: 'lif', name: 'b', size: 3, tauMemMs: 20, vRestMv: 0, vThresholdMv: 20, vResetMv: 0, refractoryMs: 2, synapses: { exc: { tauMs: 5 } } },
  ],
  projections: [conn],
};
const net = compileNetwork(spec, { dtMs: 0.1, seed: 1 });
expectType<Equal<typeof net, CompiledNetwork>>();
const state = createSimState(net);
expectType<Equal<typeof state, SimState>>();
expectType<Equal<ReturnType<typeof runSimulation>, SimState>>();
expectType<Equal<ReturnType<typeof encodeSimState>, Uint8Array>>();
expectType<Equal<ReturnType<typeof decodeSimState>, SimState>>();
expectType<Equal<ReturnType<typeof spikeMonitor>, SpikeMonitorData>>();
expectType<Equal<ReturnType<typeof stateMonitor>, StateMonitorData>>();
expectType<Equal<ReturnType<typeof weightMonitor>, WeightMonitorData>>();

// rules are values discriminated by `kind`
expectType<Equal<ReturnType<typeof stdpAdditive>, StdpAdditiveRule>>();
expectType<Equal<ReturnType<typeof stdpMultiplicative>, StdpMultiplicativeRule>>();
expectType<Equal<ReturnType<typeof homeostasisMultiplicative>, HomeostasisRule>>();
expectType<Equal<ReturnType<typeof epropReward>, EpropRewardRule>>();
expectType<Equal<PlasticityRule['kind'], (typeof PLASTICITY_RULE_KINDS)[number]>>();
expectType<Equal<ReturnType<typeof applyEpropReward>, { predictionError: number; rewards: number }>>();
expectType<Equal<ReturnType<typeof takeLowRankGradients>, { gradA: Float64Array; gradB: Float64Array; steps: number }>>();
expectType<Equal<Parameters<typeof setLearningSignal>[3], ArrayLike<number>>>();
expectType<
  Equal<LowRankProjectionSpec['etrace'], { readonly decay: number; readonly pseudoDerivative: { readonly gamma: number; readonly widthMv?: number; readonly atSpike?: 'reset' | 'peak' } } | undefined>
>();

// typed errors share one base class
expectType<Equal<InvalidParameterError extends OlfactoryError ? true : false, true>>();

// misuse the compiler must refuse
// @ts-expect-error dtMs is a number of ms, not a string
compileNetwork(spec, { dtMs: '0.1', seed: 1 });
// @ts-expect-error the seed is required
compileNetwork(spec, { dtMs: 0.1 });
// @ts-expect-error there is no such population kind
const bad: NetworkSpec = { populations: [{ kind: 'izhikevich', name: 'x', size: 1 }] };
void bad;
// @ts-expect-error an additive STDP rule has mV jumps, not dimensionless ones
stdpAdditive({ tauPreMs: 20, tauPostMs: 20, aPre: 0.01, aPost: -0.01, wMaxMv: 1 });
// @ts-expect-error a duration is a number of ms
runSimulation(net, state, '100ms');
// @ts-expect-error the state is read-only where the simulator owns it
state.populations = {};
