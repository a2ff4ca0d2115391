export { CANONICAL_CHECKPOINTS, canonicalCheckpointFiles, canonicalCheckpointsDir, verifyCanonicalCheckpoints } from './canonical-models';
export type { ShippedCheckpoint } from './canonical-models';
export { ModelFileIntegrityError } from './model-file-integrity-error';
export { SHIPPED_EXPERIMENTS_PROVENANCE, SHIPPED_EXPERIMENT_TABLES, shippedExperimentTableFiles, shippedExperimentsDir } from './shipped-experiments';
export type { ShippedExperimentTable } from './shipped-experiments';
