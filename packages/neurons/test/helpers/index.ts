/**
 * `@olfactory/neurons/test`: shared test helpers for packages built on this one (deterministic
 * data from the counter-based generator, random connectome counts, finite differences, numeric
 * assertions that print the numbers, sample statistics, the README-example harness every package's README test uses). The
 * TensorFlow.js parity helpers are in `@olfactory/neurons/test/tf`.
 */
export { assertInDelta, expectArrayClose } from './assert-close';
export { randomCounts } from './connectivity';
export { numericGradient, numericDerivative, dot, FD_TOLERANCE } from './finite-difference';
export { seededUniform, seededNormal } from './seeded';
export { meanVariance, normalCdf, ksStatistic } from './statistics';
export { readmeBlock, runReadmeExample } from './readme-example';
export type { TypeScriptTranspiler } from './readme-example';
