// Tasks
export { TASK_NAMES } from './tasks/task-types';
export type { TaskData, TaskName } from './tasks/task-types';
export { MAZE_DIRECTIONS, MAZE_PROBLEMS, mazeTask } from './tasks/maze-task';
export type { MazeTaskOptions } from './tasks/maze-task';
export { goNogoTask } from './tasks/go-nogo-task';
export type { GoNogoTaskOptions } from './tasks/go-nogo-task';
export { COHERENCES, perceptualDecisionTask } from './tasks/perceptual-decision-task';
export type { PerceptualDecisionTaskOptions } from './tasks/perceptual-decision-task';
export { makeTask } from './tasks/make-task';
export { RNG_STREAMS, randomSource } from './random-source';
export type { RandomSource } from './random-source';

// Initialisation and geometry
export { bioInitialWeights, glorotUniform, minMaxScale, orthogonalMatrix, permuteMatrix, perronRoot, randomPermutation } from './init/bio-init';
export type { BioInitInputs, BioInitKind } from './init/bio-init';
export { FIELD_GRIDS, gridDistanceMatrix, pairwiseDistances, referenceReshapedPositions, somaDistanceMatrix, upperTriangleCorrelation } from './init/distance-matrix';

// Regularisers
export { PADE13, expm, expmScaling, invertMatrix, matrixInverse } from './regularizers/expm';
export { communicability, communicabilityValues } from './regularizers/communicability';
export { emdSorted, regularizerPenalty, sortFlat } from './regularizers/regularizers';
export type { RecurrentRegularizer } from './regularizers/regularizers';

// Model, variants, training, metrics
export { createSimpleRnn, disposeSimpleRnn, simpleRnnLogits } from './model/simple-rnn';
export { matMulFast, reluRecurrence, timeSteps, transposeFast } from './model/relu-recurrence';
export type { SimpleRnnInit, SimpleRnnParams } from './model/simple-rnn';
export { VARIANTS, variantByName } from './model/variants';
export type { VariantSpec } from './model/variants';
export { trainRnn, variantRegularizer } from './train/train-rnn';
export type { RnnFieldInputs, TrainRnnOptions, TrainRnnResult } from './train/train-rnn';
export { fieldInputsFrom, loadCorticalField } from './train/field-inputs';
export type { CorticalFieldInputs } from './train/field-inputs';
export { weightGraphMetrics } from './analysis/weight-metrics';
export type { WeightGraphMetrics, WeightGraphMetricsOptions } from './analysis/weight-metrics';

// onnxruntime engine
export { ONNXRUNTIME_INSTALL, OnnxRuntimeUnavailableError, createRnnOrtEngine, loadOnnxRuntime } from './onnx/ort-engine';
export type { RnnOrtEngine, RnnParamGrads, RnnParamValues } from './onnx/ort-engine';
export { EXPM_SAVED, expmForwardGraph, expmReverseGraph } from './onnx/expm-graphs';
export { RNN_INPUTS, rnnBackwardGraph, rnnForwardGraph } from './onnx/rnn-graphs';
export type { RnnGraphShape } from './onnx/rnn-graphs';
export { ortPenalty } from './onnx/ort-regularizer';
export type { PenaltyAndGradient } from './onnx/ort-regularizer';
export { softmaxCrossEntropy } from './train/ort-loop';
