import { confusionMatrix, normalizeConfusionRows, perClassAccuracy } from '../../src/classification/confusion-matrix';

describe('confusionMatrix', () => {
  it('confusionMatrix(predicted, labels, nClasses) counts true class by row and prediction by column', () => {
    // true:  0 0 0 1 2 2 ; predicted: 0 1 1 1 0 2
    const m = confusionMatrix([0, 1, 1, 1, 0, 2], [0, 0, 0, 1, 2, 2], 3);
    expect(Array.from(m)).toEqual([1, 2, 0, 0, 1, 0, 1, 0, 1]);
  });

  it('rejects mismatched lengths, labels out of range and a bad nClasses', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/Argument 'labels' passed to 'confusionMatrix' has length 1; expected 2/);
    expect(() => confusionMatrix([0, 2], [0, 1], 2)).toThrow(/predicted\[1\] = 2; expected an integer class index in \[0, 2\)/);
    expect(() => confusionMatrix([0], [0.5], 2)).toThrow(/labels\[0\] = 0.5/);
    expect(() => confusionMatrix([0], [0], 0)).toThrow(/Argument 'nClasses' passed to 'confusionMatrix' is 0; expected an integer ≥ 1/);
  });
});

describe('normalizeConfusionRows', () => {
  it('normalizeConfusionRows(counts, nClasses) divides each row by its sum and leaves empty rows at 0', () => {
    const r = normalizeConfusionRows([1, 3, 0, 0, 0, 0, 2, 2, 4], 3);
    expect(Array.from(r)).toEqual([0.25, 0.75, 0, 0, 0, 0, 0.25, 0.25, 0.5]);
  });

  it('rejects a matrix that is not nClasses × nClasses', () => {
    expect(() => normalizeConfusionRows([1, 2, 3], 2)).toThrow(/Argument 'counts' passed to 'normalizeConfusionRows' has length 3; expected 4/);
  });
});

describe('perClassAccuracy', () => {
  it('perClassAccuracy(predicted, labels, nClasses) is the confusion diagonal over row sums, NaN for absent classes', () => {
    const acc = perClassAccuracy([0, 1, 1, 1, 0, 2], [0, 0, 0, 1, 2, 2], 4);
    expect(acc[0]).toBeCloseTo(1 / 3, 15);
    expect(acc[1]).toBe(1);
    expect(acc[2]).toBe(0.5);
    expect(acc[3]).toBeNaN();
  });

  it('names itself in its errors', () => {
    expect(() => perClassAccuracy([0], [3], 2)).toThrow(/passed to 'perClassAccuracy' has labels\[0\] = 3/);
  });
});
