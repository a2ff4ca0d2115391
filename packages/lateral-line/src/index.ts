/**
 * @olfactory/lateral-line: the lateral-line LL → MON → TS spiking network with STDP, built as
 * data on the @olfactory/neurons simulator, with its stimulus, training and test protocol.
 */

// Parameters and presets (every value in its unit)
export { defineLateralLineParams, LL_THESIS_PRESET, BASELINE_PRESET, LATERAL_LINE_PRESETS, LATERAL_LINE_PARAM_NAMES } from './params/lateral-line-params';
export type { LateralLineParams } from './params/lateral-line-params';

// Stimulus
export { dipolePotential, dipoleFlowAlongBody, neuromastPositionsCm, afferentRatesHz } from './stimulus/dipole-flow';
export type { DipoleSource } from './stimulus/dipole-flow';
export { trainingStream, trainingPositionCm } from './stimulus/training-stream';
export type { TrainingStream } from './stimulus/training-stream';
export { testSweep, cholesky, TEST_NOISE_SOURCE } from './stimulus/test-sweep';
export type { TestSweep } from './stimulus/test-sweep';

// Network
export { topographicInDegreeProjection, topographicOutDegreeProjection } from './network/topographic-wiring';
export type { TopographicOptions } from './network/topographic-wiring';
export { buildLateralLineNetwork, LATERAL_LINE_NAMES, WEIGHT_INIT_SOURCE } from './network/build-network';
export type { LateralLineNetwork, LateralLineNetworkOptions } from './network/build-network';

// Protocol
export { createTrainingRun, advanceTraining, trainedWeights, saveTrainingRun, restoreTrainingRun } from './protocol/training-run';
export type { TrainingRun, CheckpointRecord, WeightStats, SavedTrainingRun } from './protocol/training-run';
export { evaluateMap, layerMapMetrics, referenceMaps } from './protocol/evaluate-map';
export type { EvaluateMapOptions, MapEvaluation, LayerMapMetrics, LayerSpikes } from './protocol/evaluate-map';
export { mapVerdict } from './protocol/map-verdict';
export type { MapVerdict } from './protocol/map-verdict';
export { REFERENCE_PUBLISHED_GRADIENT } from './protocol/reference-results';
