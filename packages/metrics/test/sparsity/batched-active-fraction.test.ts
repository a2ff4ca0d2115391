import { batchedActiveFraction } from '../../src/sparsity/batched-active-fraction';

describe('batchedActiveFraction', () => {
  it('batchedActiveFraction has the expected defaults: batches of 16', () => {
    // 17 samples × 1 neuron: first 16 silent, the 17th active → batches [0/16, 1/1] → mean 0.5
    const counts = new Float32Array(17);
    counts[16] = 3;
    expect(batchedActiveFraction(counts, 1)).toBe(0.5);
  });

  it('batchedActiveFraction(counts, nNeurons, { batchSize }) averages per-batch fractions, last batch partial', () => {
    // 3 samples × 2 neurons, batchSize 2: batch 0 = [1,0],[0,0] → 1/4; batch 1 = [1,1] → 1
    expect(batchedActiveFraction([1, 0, 0, 0, 1, 1], 2, { batchSize: 2 })).toBe(0.625);
    // pooled it would be 3/6 = 0.5; batchSize ≥ nSamples gives the pooled value
    expect(batchedActiveFraction([1, 0, 0, 0, 1, 1], 2, { batchSize: 3 })).toBe(0.5);
  });

  it('is NaN for no samples', () => {
    expect(batchedActiveFraction([], 4)).toBeNaN();
  });

  it('rejects a bad batchSize and a ragged counts array', () => {
    expect(() => batchedActiveFraction([1, 0], 2, { batchSize: 0 })).toThrow(/Argument 'batchSize' passed to 'batchedActiveFraction' is 0; expected an integer ≥ 1/);
    expect(() => batchedActiveFraction([1, 0, 1], 2)).toThrow(/Argument 'counts' passed to 'batchedActiveFraction' has length 3; expected a multiple of nNeurons = 2/);
  });
});
