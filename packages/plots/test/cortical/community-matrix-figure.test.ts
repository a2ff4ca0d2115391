import { communityMatrixFigure, serializeSvg } from '../../src/index';

describe('communityMatrixFigure', () => {
  it('communityMatrixFigure reorders |W| by community and outlines each diagonal block', () => {
    // 4 units, communities {2, 0} and {1, 3}; W[2][0] = -5 is the largest magnitude
    const w = [0, 1, 0, 0, 1, 0, 0, 1, -5, 0, 0, 0, 0, 1, 0, 0];
    const svg = communityMatrixFigure(
      {
        weights: w,
        n: 4,
        communities: [
          [2, 0],
          [1, 3],
        ],
      },
      { cellSizePx: 10, title: 'test' },
    );
    const blocks = Array.from(svg.querySelectorAll('rect.community'));
    expect(blocks.map((r) => [r.getAttribute('x'), r.getAttribute('width')])).toEqual([
      ['0', '20'],
      ['20', '20'],
    ]);
    const cells = Array.from(svg.querySelectorAll('rect.cell'));
    expect(cells).toHaveLength(16);
    // reordered (row 0 = unit 2, col 1 = unit 0): the brightest cell of magma is at index 0·4 + 1
    const fills = cells.map((c) => c.getAttribute('fill'));
    expect(fills[1]).not.toBe(fills[0]);
    expect(serializeSvg(svg)).toContain('to unit (by community)');
    expect(() =>
      communityMatrixFigure({
        weights: w,
        n: 4,
        communities: [
          [0, 1],
          [1, 3],
        ],
      }),
    ).toThrow(/^invalid community matrix data/);
  });
});

describe('communityMatrixFigure (large)', () => {
  it('communityMatrixFigure averages k×k blocks above maxCellsPerSide and scales the outlines', () => {
    const n = 10;
    const w = Array.from({ length: n * n }, (_, i) => (i % 7) - 3);
    const svg = communityMatrixFigure(
      {
        weights: w,
        n,
        communities: [
          [0, 1, 2, 3, 4, 5],
          [6, 7, 8, 9],
        ],
      },
      { cellSizePx: 3, maxCellsPerSide: 5 },
    );
    expect(svg.querySelectorAll('rect.cell')).toHaveLength(25);
    expect(Array.from(svg.querySelectorAll('rect.community')).map((r) => r.getAttribute('width'))).toEqual(['9', '6']);
  });
});
