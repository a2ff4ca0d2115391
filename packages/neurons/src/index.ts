export { OlfactoryError } from './errors/olfactory-error';
export { InvalidParameterError } from './errors/invalid-parameter-error';
export { ShapeMismatchError } from './errors/shape-mismatch-error';
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
export type { Vec, VecConstructor } from './core/vec';
export { NA_PER_NS_MV, V_PER_MV } from './core/units';
export { sigmoid, logit } from './math/sigmoid';
export { softplus, softplusDerivative, SOFTPLUS_THRESHOLD } from './math/softplus';
export { philox4x32 } from './random/philox';
export { BlockRng } from './random/block-rng';
export { createRng } from './random/counter-rng';
export type { CounterRng } from './random/counter-rng';
export { portableExp, portableLog } from './random/portable-math';
export {
  softSpike,
  hardSpike,
  spikeFunctionFromConfig,
  spikeValue,
  spikeDerivative,
  SPIKE_FUNCTION_KINDS,
} from './spike/spike-function';
export type { SpikeFunction, SoftSpikeFunction, HardSpikeFunction } from './spike/spike-function';
export { SpikeFlag } from './spike/spike-flags';
export { spikeForward, spikeBackward, refractoryCountdown } from './spike/spike-generation';
export {
  defineLifParams,
  defaultLifParams,
  createLifState,
  createLifStepOutput,
  createLifParamGrads,
  NO_LIF_NOISE,
} from './lif/lif-params';
export type { LifParams, LifParamsOptions, LifState, LifNoise, LifStepOutput, LifParamGrads } from './lif/lif-params';
export { lifForward, lifBackward } from './lif/lif-step';
export type { LifStepGradients, LifBackwardGrads } from './lif/lif-step';
export {
  defineSynapsePathway,
  defineSynapseParams,
  defaultSynapseParams,
  createSynapseParamGrads,
  createSynapseState,
} from './synapse/synapse-pathway';
export type {
  SynapsePathway,
  SynapsePathwayOptions,
  SynapseParams,
  SynapseParamsOptions,
  SynapseParamGrads,
  SynapseState,
} from './synapse/synapse-pathway';
export { synapseForward, synapseBackward } from './synapse/depressing-synapse';
export type { SynapseStepGradients, SynapseBackwardGrads } from './synapse/depressing-synapse';
export {
  defineReceptorMap,
  pairedReceptorMap,
  defineOrnDriveParams,
  createOrnDriveParamGrads,
  orDriveForward,
  orDriveBackward,
  receptorNoiseForward,
  receptorNoiseBackward,
} from './input/or-orn-drive';
export type { ReceptorMap, OrnDriveParams, OrnDriveParamsOptions, OrnDriveParamGrads } from './input/or-orn-drive';
export {
  defineGapJunctionMask,
  gapJunctionForward,
  gapJunctionBackward,
  bipartiteGapJunctionForward,
  bipartiteGapJunctionBackward,
} from './gap/gap-junction';
export type { GapJunctionMask } from './gap/gap-junction';
export {
  defineKenyonCellParams,
  defaultKenyonCellParams,
  createKenyonCellState,
  createKenyonCellStepOutput,
  createKenyonCellParamGrads,
  NO_KENYON_CELL_NOISE,
} from './kenyon/kenyon-cell-params';
export type {
  KenyonCellParams,
  KenyonCellParamsOptions,
  KenyonCellState,
  KenyonCellNoise,
  KenyonCellStepOutput,
  KenyonCellParamGrads,
} from './kenyon/kenyon-cell-params';
export { kenyonPropagator, KENYON_DET_EPSILON_PER_MS2 } from './kenyon/two-compartment-propagator';
export { kenyonCellForward, kenyonCellBackward } from './kenyon/two-compartment-step';
export type { KenyonCellStepGradients, KenyonCellBackwardGrads } from './kenyon/two-compartment-step';
export {
  defineAplCircuit,
  defineAplParams,
  createAplParamGrads,
  createAplStepOutput,
  aplForward,
  aplBackward,
} from './apl/apl-step';
export type { AplCircuit, AplParams, AplParamGrads, AplStepOutput, AplStepGradients, AplBackwardGrads } from './apl/apl-step';
export { divisiveInhibitionForward, divisiveInhibitionBackward } from './apl/divisive-inhibition';
export { defineGradedCoupling, gradedCouplingForward, gradedCouplingBackward } from './graded/graded-coupling';
export type { GradedCoupling } from './graded/graded-coupling';
export {
  NoiseSource,
  defaultNoiseStd,
  noiseSourceId,
  createNoiseContext,
  fillNoise,
  fillOrInputNoise,
  applyOrInputNoise,
  fillReceptorNoise,
  fillMembraneNoise,
  fillBackgroundCurrentNoise,
  fillReleaseNoise,
  fillThresholdJitter,
} from './noise/noise-sources';
export type { NoiseSourceKind, NoiseContext } from './noise/noise-sources';
export { createLifPopulation } from './lif/lif-population';
export type { LifPopulation } from './lif/lif-population';
