import { heatmap } from '../../src/heatmap/heatmap';
import { serializeSvg } from '../../src/svg/create-svg-document';

describe('heatmap', () => {
  it('heatmap(data) draws one cell per entry, coloured by value, with the viridis extremes at the data extent', () => {
    const svg = heatmap({ values: [0, 1, 2, 3, 4, 5], nRows: 2, nCols: 3 }, { cellSizePx: 10 });
    const cells = Array.from(svg.querySelectorAll('rect.cell'));
    expect(cells).toHaveLength(6);
    expect(cells[5]!.getAttribute('x')).toBe('20');
    expect(cells[5]!.getAttribute('y')).toBe('10');
    expect(cells[0]!.getAttribute('fill')).toBe('#440154'); // viridis(0) = rgb(68, 1, 84)
    expect(cells[5]!.getAttribute('fill')).toBe('#fde725'); // viridis(1) = rgb(253, 231, 37)
  });

  it('uses a fixed domain and the reversed scheme (RdYlBu_r: red = high)', () => {
    const svg = heatmap({ values: [-0.2, 1], nRows: 1, nCols: 2 }, { domain: [-0.2, 1], colorScheme: 'interpolateRdYlBu', reverse: true });
    const [low, high] = Array.from(svg.querySelectorAll('rect.cell')).map((c) => c.getAttribute('fill'));
    expect(high).toBe('rgb(165, 0, 38)');
    expect(low).toBe('rgb(49, 54, 149)');
  });

  it('writes title and axis labels in DejaVu Sans, and serializes with the SVG namespace', () => {
    const svg = heatmap({ values: [1, NaN, 3, 4], nRows: 2, nCols: 2 }, { title: 'KC Similarity', xLabel: 'Odor', yLabel: 'Odor' });
    const text = serializeSvg(svg);
    expect(text).toMatch(/^<\?xml/);
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(text).toContain('font-family="DejaVu Sans"');
    expect(svg.querySelector('text.title')!.textContent).toBe('KC Similarity');
    expect(svg.querySelectorAll('rect.cell')[1]!.getAttribute('fill')).toBe('#dddddd');
  });

  it('rejects data whose length is not nRows × nCols', () => {
    expect(() => heatmap({ values: [1, 2, 3], nRows: 2, nCols: 2 })).toThrow(/invalid heatmap data: 3 values for 2 × 2/);
  });
});
