import { linearSvmAccuracy } from '../../src/mixtures/linear-svm-accuracy';

describe('linearSvmAccuracy', () => {
  it('linearSvmAccuracy has the expected defaults: 5 stratified folds, mean of fold accuracies', async () => {
    // 1-D: class 0 at 0,1,2,3 and an outlier at 20 (its 5th sample → fold 4); class 1 at 10..14.
    // Each fold holds one sample per class; only fold 4's outlier lands on the class-1 side.
    const x = [0, 1, 2, 3, 20, 10, 11, 12, 13, 14];
    const y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    const r = await linearSvmAccuracy(x, y, 1);
    expect(Array.from(r.folds)).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    expect(Array.from(r.foldAccuracies)).toEqual([1, 1, 1, 1, 0.5]);
    expect(r.accuracy).toBe(0.9);
  });

  it('linearSvmAccuracy(features, labels, dim, { nSplits }) separates three classes in 2-D', async () => {
    // classes around (0,0), (10,0), (0,10); 2 folds of 2 samples per class
    const x = [0, 0, 1, 0, 0, 1, 1, 1, 10, 0, 11, 0, 10, 1, 11, 1, 0, 10, 1, 10, 0, 11, 1, 11];
    const y = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
    const r = await linearSvmAccuracy(x, y, 2, { nSplits: 2 });
    expect(Array.from(r.folds)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
    expect(r.accuracy).toBe(1);
  });

  it('rejects ragged features, non-integer labels and a bad cost', async () => {
    await expect(linearSvmAccuracy([1, 2, 3], [0], 2)).rejects.toThrow(/Argument 'features' passed to 'linearSvmAccuracy' has length 3/);
    await expect(linearSvmAccuracy([1, 2], [0.5, 1], 1)).rejects.toThrow(/labels\[0\] = 0.5; expected an integer class label/);
    await expect(linearSvmAccuracy([1, 2], [0, 1], 1, { cost: 0 })).rejects.toThrow(/Argument 'cost' passed to 'linearSvmAccuracy' is 0/);
  });
});
