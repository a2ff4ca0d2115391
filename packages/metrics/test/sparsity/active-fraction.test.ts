import { activeFraction } from '../../src/sparsity/active-fraction';

describe('activeFraction', () => {
  it('activeFraction(counts, nNeurons) is the fraction of entries with ≥ 1 spike', () => {
    expect(activeFraction([0, 2, 0, 0, 1, 0], 3)).toBeCloseTo(1 / 3, 12);
    expect(activeFraction(new Float32Array(144 * 2), 144)).toBe(0);
  });

  it('rejects a length that is not a multiple of nNeurons', () => {
    expect(() => activeFraction([1, 2, 3], 2)).toThrow(/expected a multiple of nNeurons = 2/);
  });
});
