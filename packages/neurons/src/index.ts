/**
 * @olfactory/neurons: spiking primitives with hand-derived gradients, seeded counter-based
 * randomness, units and errors. Everything public is listed here by name.
 */

// Errors
export { OlfactoryError } from './errors/olfactory-error';
export { InvalidParameterError } from './errors/invalid-parameter-error';
export { ShapeMismatchError } from './errors/shape-mismatch-error';
export { StateFormatError } from './errors/state-format-error';
export { KernelFallbackError } from './errors/kernel-fallback-error';

// Sparse connectivity (CSR)
export type { CsrMatrix } from './sparse/csr-matrix';
export {
  createCsr,
  csrZeros,
  csrFromDense,
  csrFromTriplets,
  csrToDense,
  csrGet,
  csrNnz,
  csrSum,
  csrMax,
  csrRowSums,
  csrColSums,
  csrRowDegrees,
  csrColDegrees,
  csrTranspose,
  csrSelect,
  csrMap,
  csrAdd,
  csrMask,
  csrKeepRows,
} from './sparse/csr-matrix';

// Buffers, units and scalar maths
export type { Vec, VecConstructor } from './core/vec';
export { NA_PER_NS_MV, V_PER_MV } from './core/units';
export { sigmoid, logit } from './math/sigmoid';
export { softplus, softplusDerivative, SOFTPLUS_THRESHOLD } from './math/softplus';

// Counter-based random generation
export { philox4x32 } from './random/philox';
export { BlockRng } from './random/block-rng';
export { createRng } from './random/counter-rng';
export type { CounterRng } from './random/counter-rng';
export { portableExp, portableLog } from './random/portable-math';

// Spike generation (spec §2.3)
export { softSpike, hardSpike, spikeFunctionFromConfig, spikeValue, spikeDerivative, SPIKE_FUNCTION_KINDS } from './spike/spike-function';
export type { SpikeFunction, SoftSpikeFunction, HardSpikeFunction } from './spike/spike-function';
export { SpikeFlag } from './spike/spike-flags';
export { spikeForward, spikeBackward, refractoryCountdown } from './spike/spike-generation';

// LIF populations (spec §2.4)
export { defineLifParams, defaultLifParams, createLifState, createLifStepOutput, createLifParamGrads, NO_LIF_NOISE } from './lif/lif-params';
export type { LifParams, LifParamsOptions, LifState, LifNoise, LifStepOutput, LifParamGrads } from './lif/lif-params';
export { lifForward, lifBackward } from './lif/lif-step';
export { lifStepCoefficients } from './lif/lif-step-coefficients';
export type { LifStepCoefficients } from './lif/lif-step-coefficients';
export type { LifStepGradients, LifBackwardGrads } from './lif/lif-step';
export { createLifPopulation } from './lif/lif-population';
export type { LifPopulation } from './lif/lif-population';

// Chemical synapses with short-term depression (spec §2.5)
export { defineSynapsePathway, defineSynapseParams, defaultSynapseParams, createSynapseParamGrads, createSynapseState, synapseConnectedIndices } from './synapse/synapse-pathway';
export type { SynapsePathway, SynapsePathwayOptions, SynapseParams, SynapseParamsOptions, SynapseParamGrads, SynapseState, SynapseConnectedIndices } from './synapse/synapse-pathway';
export { synapseForward, synapseBackward, synapseScratchLength } from './synapse/depressing-synapse';
export { synapseCoefficients } from './synapse/synapse-coefficients';
export type { SynapseCoefficients } from './synapse/synapse-coefficients';
export type { SynapseStepGradients, SynapseBackwardGrads, SynapseForwardOptions, SynapseBackwardOptions } from './synapse/depressing-synapse';
export { createKernelArena, fillNormalRuns4, inKernelArena, setWasmKernelsEnabled, wasmKernelsAvailable, SYNAPSE_TILE } from './wasm/kernel-arena';
export { arenaAdd, arenaAddMulOnePlus, arenaAddTo, arenaDivideOnePlus, arenaDivideOnePlusBackward, arenaMulOnePlus } from './wasm/vector-ops';
export type { KernelArena, KernelArenaOptions, KernelExtension } from './wasm/kernel-arena';

// Gap junctions (spec §2.8)
export { defineGapJunctionMask, gapJunctionForward, gapJunctionBackward, bipartiteGapJunctionForward, bipartiteGapJunctionBackward } from './gap/gap-junction';
export type { GapJunctionMask } from './gap/gap-junction';
export { gapJunctionCoefficient } from './gap/gap-junction-coefficient';

// Two-compartment neurons (dendrite + axon/soma; the larval model's Kenyon cells, spec §2.9)
export {
  defineTwoCompartmentParams,
  defaultTwoCompartmentParams,
  createTwoCompartmentState,
  createTwoCompartmentStepOutput,
  createTwoCompartmentParamGrads,
  NO_TWO_COMPARTMENT_NOISE,
} from './two-compartment/two-compartment-params';
export type {
  TwoCompartmentParams,
  TwoCompartmentParamsOptions,
  TwoCompartmentState,
  TwoCompartmentNoise,
  TwoCompartmentStepOutput,
  TwoCompartmentParamGrads,
} from './two-compartment/two-compartment-params';
export { twoCompartmentPropagator, TWO_COMPARTMENT_DET_EPSILON_PER_MS2 } from './two-compartment/two-compartment-propagator';
export { twoCompartmentForward, twoCompartmentBackward } from './two-compartment/two-compartment-step';
export type { TwoCompartmentStepGradients, TwoCompartmentBackwardGrads } from './two-compartment/two-compartment-step';
export { twoCompartmentDriveCoefficients } from './two-compartment/two-compartment-coefficients';
// deprecated names of the same (the neuron was called "Kenyon cell" before 0.2)
export {
  defineKenyonCellParams,
  defaultKenyonCellParams,
  createKenyonCellState,
  createKenyonCellStepOutput,
  createKenyonCellParamGrads,
  NO_KENYON_CELL_NOISE,
  kenyonPropagator,
  KENYON_DET_EPSILON_PER_MS2,
  kenyonCellForward,
  kenyonCellBackward,
} from './two-compartment/kenyon-cell-aliases';
export type {
  KenyonCellParams,
  KenyonCellParamsOptions,
  KenyonCellState,
  KenyonCellNoise,
  KenyonCellStepOutput,
  KenyonCellParamGrads,
  KenyonCellStepGradients,
  KenyonCellBackwardGrads,
} from './two-compartment/kenyon-cell-aliases';

// Graded KC–KC couplings (spec §2.10)
export { defineGradedCoupling, gradedCouplingForward, gradedCouplingBackward } from './graded/graded-coupling';
export type { GradedCoupling } from './graded/graded-coupling';
export { gradedCouplingCoefficients } from './graded/graded-coupling-coefficients';

// General spiking-network simulator: a network is data (issue 11)
export type {
  PerNeuron,
  BinnedSchedule,
  InitialVoltage,
  LifPopulationSpec,
  PoissonPopulationSpec,
  PopulationSpec,
  ProjectionSpec,
  CurrentInjectionSpec,
  NetworkSpec,
  SimulationOptions,
} from './simulator/network-types';
export { compileNetwork, MAX_SIMULATION_STEPS } from './simulator/compile-network';
export type { CompiledNetwork } from './simulator/compile-network';
export { createSimState, cloneSimState, INITIAL_VOLTAGE_SOURCE, POISSON_SOURCE } from './simulator/sim-state';
export type { SimState, LifPopulationState, ProjectionState } from './simulator/sim-state';
export { runSimulation } from './simulator/run-simulation';
export { encodeSimState, decodeSimState } from './simulator/sim-state-codec';
export type { RunOptions } from './simulator/run-simulation';
export { lifMembraneCoefficients, synapseChannelDecay, synapseChannelGain } from './simulator/lif-propagator';
export type { LifCoefficients } from './simulator/lif-propagator';
export { fixedProbabilityProjection, fixedOutDegreeProjection, fixedInDegreeProjection, oneToOneProjection, projectionFromCsr, ringKernelProjection, CONNECT_SOURCE } from './simulator/connect';
export type { ProjectionEnds } from './simulator/connect';
export { cubaNetwork } from './simulator/cuba-network';
export { lifSimdModuleBytes as simulatorKernelBytes, MAX_SIMD_CHANNELS } from './simulator/lif-simd-kernel';
export type { CubaNetworkOptions } from './simulator/cuba-network';

// Plasticity rules as values
export { stdpAdditive, stdpMultiplicative, stdpPreEvents, stdpPostEvents, stdpTraceJumps } from './plasticity/stdp';
export type { StdpRule, StdpAdditiveRule, StdpMultiplicativeRule } from './plasticity/stdp';
export { homeostasisMultiplicative, incomingSumHomeostasis, applyHomeostasisInPlace } from './plasticity/homeostasis';
export type { HomeostasisRule } from './plasticity/homeostasis';
export { epropReward } from './plasticity/eprop';
export type { EpropRewardRule, EpropState } from './plasticity/eprop';
export type { PseudoDerivative } from './plasticity/pseudo-derivative';
export { epropSnapshot, applyEpropReward } from './simulator/eprop-events';
export type { EpropRewardOptions } from './simulator/eprop-events';
export { setLearningSignal, takeLowRankGradients } from './simulator/low-rank-api';
export type { LowRankProjectionSpec, LowRankState } from './simulator/low-rank';
export { PLASTICITY_RULE_KINDS } from './plasticity/plasticity-rule';
export type { PlasticityRule } from './plasticity/plasticity-rule';

// Monitors with bounded memory
export type {
  TimeWindow,
  SpikeMonitorSpec,
  RateMonitorSpec,
  StateMonitorSpec,
  WeightMonitorSpec,
  MonitorSpec,
  SpikeMonitorData,
  RateMonitorData,
  StateMonitorData,
  WeightMonitorData,
  MonitorData,
} from './monitors/monitor-types';
export { spikeTrainStatistics, binnedRatesHz } from './monitors/spike-statistics';
export { spikeMonitor, rateMonitor, stateMonitor, weightMonitor } from './monitors/monitor-access';
export type { SpikeTrainStatistics } from './monitors/spike-statistics';
// WebAssembly STDP kernels of the simulator (issue 14 §4)
export { stdpSimdModuleBytes as simulatorStdpKernelBytes } from './simulator/stdp-simd-kernel';
export type { PoissonKernelChoice, ProjectionKernelChoice } from './simulator/compile-network';
export { poissonWasmModuleBytes as simulatorPoissonKernelBytes } from './simulator/poisson-wasm-kernel';
