import { accuracy, argmaxRows } from '../../src/classification/accuracy';

describe('accuracy', () => {
  it('accuracy(predicted, labels) counts exact matches', () => {
    expect(accuracy([0, 1, 2, 2], [0, 1, 1, 2])).toBe(0.75);
    expect(accuracy(Int32Array.of(3), Int32Array.of(4))).toBe(0);
  });

  it('is NaN for no samples and rejects mismatched lengths', () => {
    expect(accuracy([], [])).toBeNaN();
    expect(() => accuracy([1, 2], [1])).toThrow(/Argument 'labels' passed to 'accuracy' has length 1; expected 2/);
  });
});

describe('argmaxRows', () => {
  it('argmaxRows(values, nCols) picks the first maximum of each row', () => {
    expect(Array.from(argmaxRows([0.1, 0.9, 0.5, 2, 2, 1], 3))).toEqual([1, 0]);
  });

  it('rejects a length that is not a multiple of nCols', () => {
    expect(() => argmaxRows([1, 2, 3], 2)).toThrow(/expected a multiple of nCols = 2/);
  });
});
