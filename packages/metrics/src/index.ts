export { cosineSimilarity } from './similarity/cosine-similarity';
export { accuracy, argmaxRows } from './classification/accuracy';
export { activeFraction } from './sparsity/active-fraction';
export { confusionMatrix, normalizeConfusionRows, perClassAccuracy } from './classification/confusion-matrix';
export { batchedActiveFraction } from './sparsity/batched-active-fraction';
export type { BatchedActiveFractionOptions } from './sparsity/batched-active-fraction';
export { activityByNeuronType } from './sparsity/activity-by-neuron-type';
export type { ActivityByNeuronTypeOptions } from './sparsity/activity-by-neuron-type';
