import { confusionMatrixFigure } from '../../src/matrix/confusion-matrix-figure';
import { confusionCounts } from '../helpers/seeded';
import { expectSvgSnapshot } from '../helpers/snapshot';

describe('confusionMatrixFigure', () => {
  it('confusionMatrixFigure(data) has the expected defaults: n × n cells, row-normalised Blues, "Predicted odor" / "True odor" axes', () => {
    const svg = confusionMatrixFigure({ counts: confusionCounts(5, 28, 50, 0.7), nClasses: 28 });
    expect(svg.querySelectorAll('rect.cell')).toHaveLength(784);
    expect(svg.querySelector('text.x-label')!.textContent).toBe('Predicted odor');
    expect(svg.querySelector('text.y-label')!.textContent).toBe('True odor');
    expect(svg.querySelector('text.colorbar-label')!.textContent).toBe('Fraction of trials');
    expect(Array.from(svg.querySelectorAll('g.x-axis g.tick text'), (t) => t.textContent)).toEqual(['1', '6', '11', '16', '21', '26']);
  });

  it('row-normalises: a row with all trials on one class is the darkest blue whatever its count; empty rows stay 0', () => {
    const svg = confusionMatrixFigure({ counts: [3, 0, 0, 0], nClasses: 2 });
    const fills = Array.from(svg.querySelectorAll('rect.cell'), (c) => c.getAttribute('fill'));
    expect(fills[0]).toBe('rgb(8, 48, 107)');
    expect(fills[2]).toBe(fills[1]);
    expect(fills[3]).toBe(fills[1]);
  });

  it('matches the committed SVG snapshot (seeded data)', () => {
    expectSvgSnapshot(confusionMatrixFigure({ counts: confusionCounts(5, 12, 20, 0.7), nClasses: 12 }, { title: 'Confusion matrix (pooled seeds)' }), 'figure-s2-confusion');
  });

  it('rejects counts of the wrong length and negative counts', () => {
    expect(() => confusionMatrixFigure({ counts: [1, 2, 3], nClasses: 2 })).toThrow(/'data.counts' passed to 'confusionMatrixFigure' has length 3; expected 4 \(nClasses² = 2²\)/);
    expect(() => confusionMatrixFigure({ counts: [1, -2, 3, 4], nClasses: 2 })).toThrow(/has -2 at index 1; expected values >= 0/);
  });
});
