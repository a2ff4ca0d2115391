/** `@olfactory/sweep/test`: a throwaway Slurm cluster for the tests that submit real jobs. */
export { slurmSkipReason, startSlurm, stopSlurm, waitFor } from './slurm-cluster';
export type { SlurmCluster } from './slurm-cluster';
