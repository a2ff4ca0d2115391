// Jobs and sweeps
export { JOB_ID_PATTERN } from './job/sweep-job';
export type { SweepJob, SweepCollect, SweepSpec } from './job/sweep-job';
export { parseSweepSpec } from './job/parse-sweep-spec';
export { expandArgv } from './job/expand-argv';
export type { ArgvPlaceholders } from './job/expand-argv';
export { MANIFEST_FILE } from './manifest/sweep-manifest';
export type { SweepManifest, SlurmSubmission } from './manifest/sweep-manifest';
export { sweepPaths } from './manifest/sweep-paths';
export type { SweepPaths } from './manifest/sweep-paths';
export { openSweep, readSweepManifest, writeSweepManifest } from './manifest/read-write-manifest';
export type { JobDoneRecord, JobFailedRecord, SweepBackend, SlurmTaskIds } from './records/job-record';
export { readJobRecords } from './records/read-job-records';
export type { JobRecords } from './records/read-job-records';

// Local backend
export { runLocalSweep } from './local/run-local-sweep';
export type { LocalSweepEvent, LocalSweepOptions, LocalSweepProgress, LocalSweepResult } from './local/run-local-sweep';
export { runCollect } from './local/run-collect';
export { stopOrphanedJobs } from './local/running-jobs';
export { estimateRemainingMs } from './progress/estimate-remaining-ms';
export type { RemainingWork } from './progress/estimate-remaining-ms';

// SLURM backend
export { submitSlurmSweep } from './slurm/submit-slurm-sweep';
export type { SlurmSubmitOptions, SlurmSubmitResult } from './slurm/submit-slurm-sweep';
export { renderArrayScript, renderCollectScript } from './slurm/render-array-script';
export type { ArrayScriptTask } from './slurm/render-array-script';
export { querySlurmJobs } from './slurm/query-slurm-jobs';
export { parseSqueueJson } from './slurm/parse-squeue-json';
export { parseScontrolShowJob } from './slurm/parse-scontrol-show-job';
export { ACTIVE_SLURM_STATES, expandArrayTaskString } from './slurm/slurm-task-state';
export type { SlurmTaskState } from './slurm/slurm-task-state';
export { DEFAULT_SLURM_COMMANDS } from './slurm/run-scheduler-command';
export type { SlurmCommands } from './slurm/run-scheduler-command';
export { shellQuote } from './slurm/shell-quote';

// Status
export { readSweepStatus } from './status/read-sweep-status';
export type { SweepStatusOptions } from './status/read-sweep-status';
export type { JobState, JobStatus, SweepStatus } from './status/sweep-status';

// Errors
export { SweepFormatError } from './errors/sweep-format-error';
export { SweepLockedError } from './errors/sweep-locked-error';
export { SweepInterruptedError } from './errors/sweep-interrupted-error';
export { SweepIncompleteError } from './errors/sweep-incomplete-error';
export { SchedulerError } from './errors/scheduler-error';
