import { similarityFigure } from '../../src/similarity/similarity-figure';
import { confusionMatrixFigure } from '../../src/matrix/confusion-matrix-figure';
import { kcHeatmapFigure } from '../../src/matrix/kc-heatmap-figure';
import { withinOdorConsistencyFigure } from '../../src/supplementary/within-odor-consistency-figure';

const names = ['sfr', 'ethyl acetate', 'pentyl acetate', '2-heptanone'];
const square = Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0.2));
const texts = (root: Element, sel: string) => Array.from(root.querySelectorAll(sel), (t) => t.textContent);

describe('odor names on the axes (tickLabels)', () => {
  it('similarity: every odor named on x of each panel and on y of the first, x names rotated; the figure grows to hold them', () => {
    const plain = similarityFigure({
      panels: [
        { title: 'A', values: square },
        { title: 'B', values: square },
      ],
    });
    const svg = similarityFigure(
      {
        panels: [
          { title: 'A', values: square },
          { title: 'B', values: square },
        ],
      },
      { tickLabels: names },
    );
    const [p0, p1] = Array.from(svg.querySelectorAll('g.panel'));
    expect(texts(p0!, 'g.x-axis g.tick text')).toEqual(names);
    expect(texts(p0!, 'g.y-axis g.tick text')).toEqual(names);
    expect(texts(p1!, 'g.y-axis g.tick text')).toEqual(['', '', '', '']);
    expect(p0!.querySelector('g.x-axis g.tick text')!.getAttribute('transform')).toBe('rotate(-60)');
    expect(Number(svg.getAttribute('height'))).toBeGreaterThan(Number(plain.getAttribute('height')));
    expect(texts(plain.querySelector('g.panel')!, 'g.x-axis g.tick text')).toEqual(['1']);
  });

  it('confusion, KC heat map and within-odor consistency take the names too', () => {
    const conf = confusionMatrixFigure({ counts: square, nClasses: 4 }, { tickLabels: names });
    expect(texts(conf, 'g.x-axis g.tick text')).toEqual(names);
    expect(texts(conf, 'g.y-axis g.tick text')).toEqual(names);
    const heat = kcHeatmapFigure({ values: Array.from({ length: 4 * 6 }, (_, i) => i % 3), nOdors: 4, nKcs: 6 }, { tickLabels: names });
    expect(texts(heat, 'g.y-axis g.tick text')).toEqual(names);
    const within = withinOdorConsistencyFigure({ withinOdor: { mean: [0.9, 0.8, 0.7, 0.6] }, betweenOdor: { mean: 0.3 } }, { tickLabels: names });
    expect(texts(within, 'g.x-axis g.tick text')).toEqual(names);
  });

  it('a name list of the wrong length is refused, naming the option', () => {
    expect(() => confusionMatrixFigure({ counts: square, nClasses: 4 }, { tickLabels: names.slice(0, 3) })).toThrow(/tickLabels.*3 entries; expected 4 strings/);
  });
});
