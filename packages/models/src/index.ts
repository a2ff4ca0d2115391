export { CANONICAL_CHECKPOINTS, canonicalCheckpointFiles, canonicalCheckpointsDir, verifyCanonicalCheckpoints } from './canonical-models';
export type { ShippedCheckpoint } from './canonical-models';
export { ModelFileIntegrityError } from './model-file-integrity-error';
export { SHIPPED_CANONICAL_RESULTS, SHIPPED_CANONICAL_RESULTS_COMMAND, SHIPPED_EXPERIMENTS_PROVENANCE, SHIPPED_EXPERIMENT_TABLES, shippedCanonicalResults, shippedCanonicalResultsDir, shippedExperimentTableFiles, shippedExperimentsDir } from './shipped-experiments';
export type { ShippedExperimentTable, ShippedResultFile } from './shipped-experiments';
export { SHIPPED_EXPERIMENT_RUNS, SHIPPED_EXPERIMENT_RUNS_PROVENANCE, shippedExperimentRunFiles, shippedExperimentRunsDir } from './experiment-runs';
export type { ShippedRunCheckpoint, ShippedRunFile } from './experiment-runs';
