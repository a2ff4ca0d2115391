/** What the ETA is computed from. */
export interface RemainingWork {
  /** Wall times (ms) of the jobs finished in this run (done or failed), not of skipped ones. */
  readonly finishedDurationsMs: readonly number[];
  /** How long each running job has been running, ms. */
  readonly runningElapsedMs: readonly number[];
  /** Jobs not started yet. */
  readonly queued: number;
  /** Parallel workers. */
  readonly workers: number;
}

/**
 * Estimated wall time (ms) until every job has finished, assuming each job takes the mean
 * wall time `d̄` of the jobs finished so far and `workers` run at once:
 *
 *     ETA = ( Σ_running max(d̄ − elapsed, 0) + queued · d̄ ) / min(workers, running + queued)
 *
 * Returns `undefined` before the first job has finished (no estimate yet) and 0 when nothing
 * is left.
 * @example
 *   estimateRemainingMs({ finishedDurationsMs: [1000, 3000], runningElapsedMs: [500], queued: 3, workers: 2 }); // 3750
 */
export function estimateRemainingMs(work: RemainingWork): number | undefined {
  const running = work.runningElapsedMs.length;
  if (running + work.queued === 0) return 0;
  if (work.finishedDurationsMs.length === 0) return undefined;
  const mean = work.finishedDurationsMs.reduce((a, b) => a + b, 0) / work.finishedDurationsMs.length;
  const left = work.runningElapsedMs.reduce((a, e) => a + Math.max(mean - e, 0), 0) + work.queued * mean;
  return left / Math.max(1, Math.min(work.workers, running + work.queued));
}
