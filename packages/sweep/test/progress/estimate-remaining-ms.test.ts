import { estimateRemainingMs } from '../../src/index';

describe('estimateRemainingMs', () => {
  it('estimateRemainingMs(work) is undefined before a job has finished and 0 when nothing is left', () => {
    expect(estimateRemainingMs({ finishedDurationsMs: [], runningElapsedMs: [100], queued: 3, workers: 2 })).toBeUndefined();
    expect(estimateRemainingMs({ finishedDurationsMs: [], runningElapsedMs: [], queued: 0, workers: 2 })).toBe(0);
  });

  it('estimateRemainingMs(work) spreads the mean job time of the rest over the workers', () => {
    // mean 2000 ms; running job has 1500 ms left; 3 queued → 6000 ms; 7500 ms over 2 workers
    expect(estimateRemainingMs({ finishedDurationsMs: [1000, 3000], runningElapsedMs: [500], queued: 3, workers: 2 })).toBe(3750);
    // a running job past the mean counts as 0; one job left runs on one worker whatever `workers` is
    expect(estimateRemainingMs({ finishedDurationsMs: [1000], runningElapsedMs: [4000], queued: 1, workers: 8 })).toBe(500);
    expect(estimateRemainingMs({ finishedDurationsMs: [600], runningElapsedMs: [], queued: 1, workers: 4 })).toBe(600);
  });
});
