import { defineLateralLineParams } from '../src/index';
import type { LateralLineParams } from '../src/index';

/**
 * A small, fast network of the baseline recipe for tests: 20 afferents, 200 MON, 30 TS, trials
 * of 240 ms (snapshots of 10 ms), with gains scaled as the reference's size sweep does
 * (220·3200/N at MON→TS) so that TS is active.
 */
export function smallParams(overrides: Partial<LateralLineParams> = {}): LateralLineParams {
  return defineLateralLineParams('baseline', {
    nLl: 20,
    nMon: 200,
    nTs: 30,
    trialMs: 240,
    holdMs: 10,
    trials: 6,
    checkpointTrials: 2,
    tsLateralRadius: 4,
    monTsGainMv: (220 * 3200) / 200 / 4,
    llMonHomeostasisEveryTrials: 2,
    monTsHomeostasisEveryTrials: 2,
    ...overrides,
  });
}
