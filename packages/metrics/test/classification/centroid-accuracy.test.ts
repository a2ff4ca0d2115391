import { centroidAccuracy } from '../../src/classification/centroid-accuracy';

describe('centroidAccuracy', () => {
  // Odors interleaved in row order; within each odor the trial order is t0, t1, t2, t3.
  // odor 0: [1,0], [1,0.2] → centroid [1, 0.1]; test [1,1] (correct: .774 vs .707), [0,0] (silent)
  // odor 1: [0,1], [0,1]   → centroid [0, 1];   test [0,2] (correct), [2,1] (→ odor 0: .934 vs .447)
  const responses = [1, 0, 0, 1, 1, 0.2, 0, 1, 1, 1, 0, 2, 0, 0, 2, 1];
  const labels = [0, 1, 0, 1, 0, 1, 0, 1];

  it('centroidAccuracy(responses, labels, dim) builds centroids from the first half of each odor and classifies the second half', () => {
    const r = centroidAccuracy(responses, labels, 2);
    expect(r.accuracy).toBeCloseTo(2 / 3, 15);
    expect(r.classified).toBe(3);
    expect(r.skipped).toBe(1);
    expect(Array.from(r.predicted)).toEqual([-1, -1, -1, -1, 0, 1, -1, 0]);
  });

  it('uses ⌊n/2⌋ trials for the centroid when an odor has an odd trial count', () => {
    // odor 0: [1,0] | [0,1], [1,0] ; odor 1: [0,1] | [0,1]  → odor-0 test trial [0,1] goes to odor 1
    const r = centroidAccuracy([1, 0, 0, 1, 1, 0, 0, 1, 0, 1], [0, 0, 0, 1, 1], 2);
    expect(r).toMatchObject({ accuracy: 2 / 3, classified: 3, skipped: 0 });
  });

  it('rejects an odor with fewer than two trials, negative labels and ragged responses', () => {
    expect(() => centroidAccuracy([1, 0, 0, 1, 1, 1], [0, 0, 1], 2)).toThrow(/has 1 trial\(s\) of odor 1; expected ≥ 2 per odor/);
    expect(() => centroidAccuracy([1, 0, 0, 1, 1, 1], [0, 0, 2], 2)).toThrow(/has 0 trial\(s\) of odor 1/);
    expect(() => centroidAccuracy([1, 0], [-1], 2)).toThrow(/labels\[0\] = -1; expected an integer class index/);
    expect(() => centroidAccuracy([1, 0, 1], [0], 2)).toThrow(/Argument 'responses' passed to 'centroidAccuracy' has length 3/);
  });
});
