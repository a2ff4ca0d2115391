import { activityByNeuronType } from '../../src/sparsity/activity-by-neuron-type';

describe('activityByNeuronType', () => {
  const types = ['ORN', 'PN', 'KC', 'KC'];
  // 3 samples × 4 neurons
  const counts = [1, 0, 0, 2, 1, 1, 0, 0, 0, 0, 0, 0];

  it('activityByNeuronType(counts, neuronTypes) pools each type over samples, keys in order of first appearance', () => {
    const a = activityByNeuronType(counts, types);
    expect(Object.keys(a)).toEqual(['ORN', 'PN', 'KC']);
    expect(a.ORN).toBeCloseTo(2 / 3, 15);
    expect(a.PN).toBeCloseTo(1 / 3, 15);
    expect(a.KC).toBeCloseTo(1 / 6, 15);
  });

  it('activityByNeuronType(counts, neuronTypes, { batchSize }) averages per-batch fractions', () => {
    const a = activityByNeuronType(counts, types, { batchSize: 2 });
    // ORN: batch0 2/2, batch1 0/1 → 0.5; PN: 1/2, 0 → 0.25; KC: 1/4, 0 → 0.125
    expect(a).toEqual({ ORN: 0.5, PN: 0.25, KC: 0.125 });
  });

  it('rejects counts whose length is not a multiple of the number of labels', () => {
    expect(() => activityByNeuronType([1, 2, 3], ['KC', 'KC'])).toThrow(/Argument 'counts' passed to 'activityByNeuronType' has length 3; expected a multiple of neuronTypes.length = 2/);
  });
});
