export { CANONICAL_CHECKPOINTS, canonicalCheckpointFiles, canonicalCheckpointsDir, verifyCanonicalCheckpoints } from './canonical-models';
export type { ShippedCheckpoint } from './canonical-models';
export { ModelFileIntegrityError } from './model-file-integrity-error';
