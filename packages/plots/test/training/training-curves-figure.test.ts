import { trainingCurvesFigure } from '../../src/training/training-curves-figure';
import { trainingRuns } from '../helpers/seeded';
import { expectSvgSnapshot } from '../helpers/snapshot';

const runs = trainingRuns(300);
const data = { runs, teacherAccuracy: 0.926 };

describe('trainingCurvesFigure', () => {
  it('trainingCurvesFigure(data) has the expected defaults: 2 × 3 panels A–F, one line per run, per-run final bars', () => {
    const svg = trainingCurvesFigure(data);
    const panels = Array.from(svg.querySelectorAll('g.panel'));
    expect(panels).toHaveLength(6);
    expect(Array.from(svg.querySelectorAll('text.panel-letter'), (t) => t.textContent)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(panels[0]!.querySelectorAll('g.run path.line')).toHaveLength(5);
    expect(panels[2]!.querySelectorAll('g.run path.line')).toHaveLength(10); // AL + MB per run
    expect(panels[2]!.querySelectorAll('g.mbDecorrelationPercent path.line[stroke-dasharray="5,3"]')).toHaveLength(5);
    expect(panels[5]!.querySelectorAll('rect.bar')).toHaveLength(5);
    expect(Array.from(svg.querySelectorAll('.legend text'), (t) => t.textContent).slice(0, 5)).toEqual(runs.map((r, i) => `${i + 1}: ${r.label}`));
  });

  it('draws the reference lines: teacher in A and F, 10 % sparsity target, Mancini 1.5/2.0/2.5, g_soma 1 and 20 nS', () => {
    const panels = Array.from(trainingCurvesFigure(data).querySelectorAll('g.panel'));
    expect(panels[0]!.querySelectorAll('line.teacher')).toHaveLength(1);
    expect(panels[5]!.querySelectorAll('line.teacher')).toHaveLength(1);
    expect(panels[1]!.querySelectorAll('line.target')).toHaveLength(1);
    expect(panels[3]!.querySelectorAll('line.mancini-bound')).toHaveLength(2);
    expect(panels[3]!.querySelectorAll('line.mancini-target')).toHaveLength(1);
    expect(panels[4]!.querySelectorAll('line.g-soma-bound')).toHaveLength(2);
    // The sparsity target line sits at the y of 10 %: the tick "10" has the same transform y.
    const tick10 = Array.from(panels[1]!.querySelectorAll('g.y-axis g.tick')).find((t) => t.textContent === '10')!;
    const ty = Number(/translate\(0,([\d.]+)\)/.exec(tick10.getAttribute('transform')!)![1]);
    expect(Number(panels[1]!.querySelector('line.target')!.getAttribute('y1'))).toBeCloseTo(ty - 0.5, 1);
  });

  it('omits the teacher line without teacherAccuracy; a metric logged only at some epochs is one line through its values, marked', () => {
    const withGap = { ...runs[0]!, testAccuracy: runs[0]!.testAccuracy.map((v, i) => (i === 3 ? NaN : v)) };
    const svg = trainingCurvesFigure({ runs: [withGap] });
    expect(svg.querySelectorAll('line.teacher')).toHaveLength(0);
    const d = svg.querySelector('g.testAccuracy path.line')!.getAttribute('d')!;
    expect(d.match(/M/g)).toHaveLength(1);
    expect(d.match(/L/g)).toHaveLength(runs[0]!.epochs.length - 2);
    expect(svg.querySelectorAll('g.testAccuracy path.point')).toHaveLength(runs[0]!.epochs.length - 1);
    // AL / MB / Mancini logged every other epoch, as train.jsonl does every 50 epochs: drawn, not dropped
    const every = <T>(a: readonly T[]) => a.map((v, i) => (i % 2 === 0 ? v : NaN));
    const sparse = { ...runs[0]!, alDecorrelationPercent: every(runs[0]!.alDecorrelationPercent), mbDecorrelationPercent: every(runs[0]!.mbDecorrelationPercent), mancini: every(runs[0]!.mancini) };
    const logged = Math.ceil(runs[0]!.epochs.length / 2);
    const svg2 = trainingCurvesFigure({ runs: [sparse] });
    for (const k of ['alDecorrelationPercent', 'mbDecorrelationPercent', 'mancini']) {
      expect(svg2.querySelector(`g.${k} path.line`)!.getAttribute('d')!.match(/[ML]/g)).toHaveLength(logged);
      expect(svg2.querySelectorAll(`g.${k} path.point`)).toHaveLength(logged);
    }
    // dense metrics stay unmarked lines
    expect(svg2.querySelectorAll('g.testAccuracy path.point')).toHaveLength(0);
  });

  it('matches the committed SVG snapshot (seeded data)', () => {
    expectSvgSnapshot(trainingCurvesFigure(data, { title: 'Training curves' }), 'training-curves');
  });

  it('rejects a metric array whose length differs from epochs', () => {
    expect(() => trainingCurvesFigure({ runs: [{ ...runs[0]!, mancini: [1, 2] }] })).toThrow(/'data.runs\[0\].mancini' passed to 'trainingCurvesFigure' has length 2; expected 7 \(one per epoch\)/);
  });

  it('rejects no runs and a NaN teacher accuracy', () => {
    expect(() => trainingCurvesFigure({ runs: [] })).toThrow(/'data.runs' passed to 'trainingCurvesFigure' is empty/);
    expect(() => trainingCurvesFigure({ runs, teacherAccuracy: NaN })).toThrow(/'data.teacherAccuracy' .* is NaN; expected a finite fraction/);
  });
});
