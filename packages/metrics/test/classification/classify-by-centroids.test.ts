import { classifyByCentroids } from '../../src/classification/classify-by-centroids';

describe('classifyByCentroids', () => {
  it('classifyByCentroids(trials, labels, centroids, dim) picks the centroid of highest cosine and skips silent trials', () => {
    // centroids c0 = [1, 0], c1 = [0, 1]; trials [3, 1] → c0 (cos .949 vs .316), [1, 2] → c1, [0, 0] silent
    const r = classifyByCentroids([3, 1, 1, 2, 0, 0], [0, 0, 1], [1, 0, 0, 1], 2);
    expect(Array.from(r.predicted)).toEqual([0, 1, -1]);
    expect(r).toMatchObject({ accuracy: 0.5, classified: 2, skipped: 1 });
  });

  it('has the expected defaults: centroid norms are floored at 1e−8, not zeroed', () => {
    // c0 = [1e−9, 0] scores 1e−9/(1e−8·‖x‖) ≈ 0.1; c1 = [0, 1e−3] scores 1e−7/(1e−3·‖x‖) ≈ 1e−4
    const r = classifyByCentroids([1, 1e-4], [0], [1e-9, 0, 0, 1e-3], 2);
    expect(r.predicted[0]).toBe(0);
    expect(r.accuracy).toBe(1);
  });

  it('breaks ties toward the first centroid and is NaN when every trial is silent', () => {
    expect(classifyByCentroids([1, 1], [1], [1, 0, 0, 1], 2).predicted[0]).toBe(0);
    expect(classifyByCentroids([0, 0], [0], [1, 0], 2).accuracy).toBeNaN();
  });

  it('rejects ragged inputs and a label count that does not match the trials', () => {
    expect(() => classifyByCentroids([1, 2, 3], [0], [1, 0], 2)).toThrow(/Argument 'trials' passed to 'classifyByCentroids' has length 3; expected a multiple of dim = 2/);
    expect(() => classifyByCentroids([1, 2], [0], [1, 0, 1], 2)).toThrow(/Argument 'centroids' passed to 'classifyByCentroids' has length 3/);
    expect(() => classifyByCentroids([1, 2], [0, 1], [1, 0], 2)).toThrow(/Argument 'labels' passed to 'classifyByCentroids' has length 2; expected 1/);
  });
});
