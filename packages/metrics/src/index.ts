export { cosineSimilarity } from './similarity/cosine-similarity';
export { accuracy, argmaxRows } from './classification/accuracy';
export { activeFraction } from './sparsity/active-fraction';
export { confusionMatrix, normalizeConfusionRows, perClassAccuracy } from './classification/confusion-matrix';
export { batchedActiveFraction } from './sparsity/batched-active-fraction';
export type { BatchedActiveFractionOptions } from './sparsity/batched-active-fraction';
export { activityByNeuronType } from './sparsity/activity-by-neuron-type';
export type { ActivityByNeuronTypeOptions } from './sparsity/activity-by-neuron-type';
export { classifyByCentroids } from './classification/classify-by-centroids';
export type { CentroidClassification, CentroidOptions } from './classification/classify-by-centroids';
export { centroidAccuracy } from './classification/centroid-accuracy';
export { similarityMatrix } from './decorrelation/similarity-matrix';
export { pairwiseDecorrelation } from './decorrelation/pairwise-decorrelation';
export type { PairwiseDecorrelation } from './decorrelation/pairwise-decorrelation';
export { meanAbsOffDiagonalSimilarity, meanSimilarityDecorrelation } from './decorrelation/mean-similarity-decorrelation';
export type { MeanSimilarityDecorrelation } from './decorrelation/mean-similarity-decorrelation';
export type { Decorrelation, StagePatterns } from './decorrelation/stage-patterns';
export { aplSuppressionPercent, figure4SuppressionPercent, manciniRatio } from './mancini/mancini-ratio';
export type { ManciniRatio, ManciniRatioOptions } from './mancini/mancini-ratio';
export { CANONICAL_CONCENTRATIONS, hillEffectiveConcentration } from './concentration/hill';
export type { HillOptions } from './concentration/hill';
export { concentrationInvariance, dynamicRange } from './concentration/concentration-invariance';
export type {
  ConcentrationInvariance,
  ConcentrationInvarianceOptions,
  ConcentrationSummary,
  OdorIdentityVerdict,
} from './concentration/concentration-invariance';
export { meanStd } from './aggregation/mean-std';
export type { MeanStd } from './aggregation/mean-std';
export { pearsonCorrelation } from './consistency/pearson-correlation';
export { pairwiseSeedCorrelation } from './consistency/pairwise-seed-correlation';
export type { PairwiseSeedCorrelation } from './consistency/pairwise-seed-correlation';
export {
  STUDENT_CORRELATION_WEIGHTS,
  TEACHER_CORRELATION_WEIGHTS,
  weightedParameterCorrelation,
} from './consistency/weighted-parameter-correlation';
export type { WeightedCorrelationTerm } from './consistency/weighted-parameter-correlation';
export { coefficientOfVariation, scalarConsistency } from './consistency/scalar-consistency';
export type { ScalarConsistency } from './consistency/scalar-consistency';
export { driftInterpretation, parameterDrift } from './consistency/parameter-drift';
export type { DriftInterpretation, ParameterDrift } from './consistency/parameter-drift';
export { crossModelSimilarity } from './consistency/cross-model-similarity';
export type { CrossModelSimilarity } from './consistency/cross-model-similarity';
export { withinOdorConsistency } from './consistency/within-odor-consistency';
export type { WithinOdorConsistency } from './consistency/within-odor-consistency';
export { thresholdBoundaryFractions } from './thresholds/threshold-boundary';
export type { ThresholdBoundaryFractions, ThresholdBoundaryOptions } from './thresholds/threshold-boundary';
export { mixtureInput } from './mixtures/mixture-input';
export { mixtureCodeMetrics } from './mixtures/mixture-code-metrics';
export type { MixtureCodeMetrics } from './mixtures/mixture-code-metrics';
export { combinationAt, combinationCount, combinations } from './mixtures/combinations';
export { subAdditivity } from './mixtures/sub-additivity';
export type { MixtureResponse, SubAdditivity, SubAdditivityOptions } from './mixtures/sub-additivity';
export { stratifiedKFold } from './mixtures/stratified-k-fold';
export { linearSvmAccuracy } from './mixtures/linear-svm-accuracy';
export type { LinearSvmAccuracy, LinearSvmAccuracyOptions } from './mixtures/linear-svm-accuracy';
export { meanPatternSum, meanSimilarityToBaseline } from './concentration/concentration-patterns';
// Graph metrics of trained weights (binarisation, CNM modularity, assortativity, clustering,
// efficiency, small-worldness vs matched-density nulls, KDE entropy) and rank statistics
export { degrees, density, graphFromAdjacency, graphFromBits, graphFromEdges, popcount32 } from './graph/binary-graph';
export type { BinaryGraph } from './graph/binary-graph';
export { binarizeTopFraction, quantileLinear } from './graph/top-fraction-binarize';
export type { BinarizeTopFractionOptions } from './graph/top-fraction-binarize';
export { greedyModularityCommunities, modularity } from './graph/greedy-modularity';
export { averageClustering, clusteringCoefficients, degreeAssortativity, globalEfficiency } from './graph/graph-metrics';
export { randomGraphNM, referenceThresholdGraph, smallWorldness } from './graph/small-worldness';
export type { SmallWorldNullModel, SmallWorldness, SmallWorldnessOptions } from './graph/small-worldness';
export { kdeEntropy } from './graph/kde-entropy';
export type { KdeEntropyOptions } from './graph/kde-entropy';
export { chiSquareSf, erfc, gammaQ, normalSf } from './stats/special-functions';
export { holm, kruskalWallis, mannWhitneyU, rankData } from './stats/rank-tests';
export type { TestResult } from './stats/rank-tests';

// Population-vector map metrics (lateral line, spec §1.4 with the fixes of §1.7)
export { circularMean, circularStd, wrapToPi } from './population-vector/circular';
export type { SpikeTrainInput } from './population-vector/spike-train-input';
export { populationVectorMap } from './population-vector/population-vector-map';
export type { PopulationVectorMap, PopulationVectorMapOptions } from './population-vector/population-vector-map';
export { tuningCurves, tuningWidthFwhm, preferredPositions } from './population-vector/tuning-curves';
export type { TuningCurves } from './population-vector/tuning-curves';
export { averageRanks, spearmanRankCorrelation, mapRankCorrelation } from './population-vector/spearman-correlation';
export { stabilisationTime } from './population-vector/stabilisation-time';
export { syntheticMapSpikes, randomPermutation } from './population-vector/synthetic-map';
