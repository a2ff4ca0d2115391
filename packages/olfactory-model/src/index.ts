export { CHEMICAL_PATHWAYS, pathwayCounts } from './parameters/chemical-pathways';
export type { ChemicalPathwaySpec } from './parameters/chemical-pathways';
export { parameterCount, studentParameterLayout } from './parameters/parameter-layout';
export type { ParameterGroup, ParameterSpec } from './parameters/parameter-layout';
export { NOISE_SOURCE, NOISE_STREAM } from './data/noise-streams';
export { epochOrder, fillNoisyOdorSamples } from './data/noisy-odor-samples';
export { TEACHER_PATHWAYS, createRateTeacher, teacherForward, teacherLoss, teacherVariableList } from './teacher/rate-teacher';
export type { RateTeacher, RateTeacherVariables, TeacherPathway } from './teacher/rate-teacher';
export { evaluateRateTeacher, trainRateTeacher } from './teacher/train-rate-teacher';
export type { TrainRateTeacherOptions } from './teacher/train-rate-teacher';
export { CIRCUIT_NOISE_STD, buildSpikingCircuit } from './engine/spiking-circuit';
export type { CircuitPathway, NoiseLayout, NoiseSegment, SpikingCircuit } from './engine/spiking-circuit';
export { ablateParameters, createStudentParameters, initialStudentParameters, kernelParameters, layoutForCircuit, projectToBounds } from './engine/student-parameters';
export type { KernelParameters, StudentParameters, TeacherTransfer } from './engine/student-parameters';
export { DT_MS, STEPS, createCircuitEngine, fillCircuitNoise } from './engine/circuit-engine';
export type { CircuitCounts, CircuitEngine, CircuitEngineOptions, CircuitForwardOptions, CircuitNoiseSource, OtherCountGradients } from './engine/circuit-engine';
export {
  CANONICAL_TRAINING,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  CheckpointError,
  checkpointLabel,
  checkpointPreprocessing,
  checkpointTrainingVariant,
  parametersToRecord,
  readCheckpoint,
  readCheckpointJson,
  trainingVariantDifferences,
  trainingVariantFields,
  validateCheckpoint,
  validateCheckpointConfig,
  writeCheckpoint,
} from './checkpoint/checkpoint';
export { loadModel } from './checkpoint/load-model';
export type { LoadModelOptions, LoadedModel } from './checkpoint/load-model';
export type { Checkpoint, CheckpointConfig, LoadedCheckpoint, OptimizerState, TrainingHistoryEntry, TrainingVariant, ValidateCheckpointOptions } from './checkpoint/checkpoint';
export { ODOR_COUNTS, ODOR_SUBSET_SEED_OFFSET, SYNTHETIC_ODOR_SEED_OFFSET, odorSet, syntheticOdors } from './data/odor-sets';
export type { OdorCount, OdorSet } from './data/odor-sets';
export { decodeInto, evaluateStudentResponses } from './training/evaluate-student';
export type { EvaluableStudent, EvaluationOptions, EvaluationResponses } from './training/evaluate-student';
export { CANONICAL_SPARSITY, createStudentTrainer } from './training/student-trainer';
export type { StudentTrainer, StudentTrainerOptions, TrainBatch, TrainStepResult } from './training/student-trainer';
export { monitorStudent, trainStudentRun } from './training/train-run';
export type { TrainRunOptions } from './training/train-run';
export { ONNX_CIRCUIT_INPUTS, ONNX_CIRCUIT_OUTPUTS, exportOnnx } from './onnx/export-onnx';
export type { ExportOnnxOptions, ExportableStudent } from './onnx/export-onnx';
export { ONNX_IR_VERSION, ONNX_OPSET } from './onnx/onnx-graph-builder';
export { fillCircuitNoiseBatch } from './onnx/circuit-noise-batch';
export type { NoiseRowRange } from './onnx/circuit-noise-batch';
export { ONNX_DEVICES, createOnnxCircuitSession, onnxRuntimeVersion } from './onnx/onnx-circuit-session';
export type { OnnxCircuitResult, OnnxCircuitSession, OnnxCircuitSessionOptions, OnnxCircuitSwitches, OnnxDevice } from './onnx/onnx-circuit-session';
export { ExecutionProviderError } from './onnx/execution-provider-error';
export { ONNXRUNTIME_INSTALL, OnnxRuntimeMissingError, loadOnnxRuntime } from './onnx/load-onnxruntime';
export { ThreadEntryMissingError } from './threads/thread-entry';
export { createCircuitNoisePool } from './recompute/circuit-noise-pool';
export type { CircuitNoisePool } from './recompute/circuit-noise-pool';
export { createOnnxRecomputeEvaluator } from './recompute/onnx-recompute-evaluator';
export type { OnnxRecomputeEvaluatorOptions } from './recompute/onnx-recompute-evaluator';
export { createTypescriptRecomputeEvaluator } from './recompute/typescript-recompute-evaluator';
export type { TypescriptRecomputeEvaluatorOptions } from './recompute/typescript-recompute-evaluator';
export { RECOMPUTE_STREAM_OFFSETS, runRecomputeProtocol } from './recompute/recompute-protocol';
export type { RecomputeProtocolOptions } from './recompute/recompute-protocol';
export { checkpointParameterSummary } from './recompute/checkpoint-parameter-summary';
export type { CheckpointParameterSummary } from './recompute/checkpoint-parameter-summary';
export { RECOMPUTE_SUMMARY_METRICS, summarizeRecomputeMetrics } from './recompute/summarize-recompute';
export type { RecomputeSummaryMetric } from './recompute/summarize-recompute';
export type {
  RecomputeConcentrationSweep,
  RecomputeEvaluator,
  RecomputeFigureData,
  RecomputeMetrics,
  RecomputeModel,
  RecomputeModelResult,
  RecomputeRequest,
  RecomputeSwitches,
} from './recompute/recompute-types';
export { PAPER_VALUES, paperValue } from './paper/paper-values';
export type { PaperValue } from './paper/paper-values';
export { PACKED_CHECKPOINT_ENCODING, PACKED_CHECKPOINT_VERSION, decodePackedCheckpoint, encodePackedCheckpoint, isPackedCheckpoint, packedTensorsSha256 } from './checkpoint/checkpoint-codec';
export type { PackedCheckpoint, PackedTensor } from './checkpoint/checkpoint-codec';
export type { WriteCheckpointOptions } from './checkpoint/checkpoint';
export { readCachedTeacher, teacherCacheFile, teacherCacheKey, writeCachedTeacher } from './teacher/teacher-cache';
export type { TeacherCacheInput, TeacherCacheLookup, TrainedTeacher } from './teacher/teacher-cache';

// Olfactory-only primitives (moved up from @olfactory/neurons, issue 11)
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
export { defineAplCircuit, defineAplParams, createAplParamGrads, createAplStepOutput, aplForward, aplBackward } from './apl/apl-step';
export type { AplCircuit, AplParams, AplParamGrads, AplStepOutput, AplStepGradients, AplBackwardGrads } from './apl/apl-step';
export { divisiveInhibitionForward, divisiveInhibitionBackward } from './apl/divisive-inhibition';
export { aplKernelExtension, createCircuitKernelArena } from './apl/apl-arena';
export type { CircuitKernelArenaOptions } from './apl/apl-arena';
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
