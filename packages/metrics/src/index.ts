export { cosineSimilarity } from './similarity/cosine-similarity';
export { accuracy, argmaxRows } from './classification/accuracy';
export { activeFraction } from './sparsity/active-fraction';
export { confusionMatrix, normalizeConfusionRows, perClassAccuracy } from './classification/confusion-matrix';
