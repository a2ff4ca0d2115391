import { ABLATION_CONDITIONS, ABLATION_PANELS, barPanelsFigure } from '../../src/bars/bar-panels-figure';
import { meanStd } from '../../src/stats/mean-std';
import { mulberry32, perSeed } from '../helpers/seeded';
import { expectSvgSnapshot } from '../helpers/snapshot';

// Seeded per-seed values around plausible Figure 4 means (canonical AL 4.4 %, MB 35.8 %, suppression 46 %, sub-additive 69 %).
const rng = mulberry32(4);
const means = [
  [4.4, -18, 3, 2.5],
  [35.8, 20, 12, 30],
  [46, 44, 0.5, 40],
  [69.4, 66, 35, 71],
];
const results = means.map((m) => {
  const s = meanStd(perSeed(rng, m, 0.08));
  return m.map((_, c) => ({ mean: Number(s.mean[c]!.toFixed(3)), std: Number(s.std[c]!.toFixed(3)) }));
});
const data = { conditions: ABLATION_CONDITIONS, panels: ABLATION_PANELS.map((p, i) => ({ ...p, values: results[i]! })) };

describe('barPanelsFigure', () => {
  it('barPanelsFigure(data) has the expected defaults: 2 × 2 panels, 4 bars each in the Figure 4 colours, one legend', () => {
    const svg = barPanelsFigure(data);
    expect(svg.querySelectorAll('g.panel')).toHaveLength(4);
    expect(svg.querySelectorAll('rect.bar')).toHaveLength(16);
    expect(Array.from(svg.querySelectorAll('g.panel')[0]!.querySelectorAll('rect.bar'), (b) => b.getAttribute('fill'))).toEqual(['#3d4a5c', '#2e6da4', '#4a9583', '#bb4a3a']);
    expect(Array.from(svg.querySelectorAll('.legend text'), (t) => t.textContent)).toEqual(ABLATION_CONDITIONS.map((c) => c.label));
    expect(Array.from(svg.querySelectorAll('text.panel-letter'), (t) => t.textContent)).toEqual(['A', 'B', 'C', 'D']);
    const [a, , c] = Array.from(svg.querySelectorAll('g.panel'));
    const yTicks = (p: Element) => Array.from(p.querySelectorAll('g.y-axis g.tick text'), (t) => t.textContent);
    expect(yTicks(a!)[0]).toBe('−30');
    expect(yTicks(a!).at(-1)).toBe('30');
    expect(yTicks(c!)[0]).toBe('0');
  });

  it('draws a zero line only where the y range spans 0 (panels A and B)', () => {
    const panels = Array.from(barPanelsFigure(data).querySelectorAll('g.panel'));
    expect(panels.map((p) => p.querySelectorAll('line.zero-line').length)).toEqual([1, 1, 0, 0]);
  });

  it('writes value labels above positive bars and below negative ones', () => {
    const a = barPanelsFigure(data).querySelectorAll('g.panel')[0]!;
    const labels = Array.from(a.querySelectorAll('text.value-label'));
    const bars = Array.from(a.querySelectorAll('rect.bar'));
    expect(labels.map((l) => l.textContent)).toEqual(results[0]!.map((v) => v.mean.toFixed(1).replace('-', '−')));
    const top = (i: number) => Number(bars[i]!.getAttribute('y'));
    const bottom = (i: number) => top(i) + Number(bars[i]!.getAttribute('height'));
    expect(Number(labels[0]!.getAttribute('y'))).toBeLessThan(top(0)); // positive: above
    expect(Number(labels[1]!.getAttribute('y'))).toBeGreaterThan(bottom(1)); // negative: below
  });

  it('takes any number of conditions and panels, with automatic y ranges and palette colours', () => {
    const svg = barPanelsFigure(
      { conditions: [{ label: 'a' }, { label: 'b' }, { label: 'c' }, { label: 'd' }, { label: 'e' }], panels: [{ title: 'X', values: [1, 2, 3, 4, 5].map((mean) => ({ mean })) }] },
      { columns: 3 },
    );
    expect(svg.querySelectorAll('rect.bar')).toHaveLength(5);
    expect(svg.querySelectorAll('g.error-bar')).toHaveLength(0);
    expect(svg.querySelectorAll('rect.bar')[4]!.getAttribute('fill')).toBe('#4e79a7');
  });

  it('11 bars in a 260-px panel: value labels upright along the bars (white inside a long bar, dark past a short one); error bars past the y range stop at its edge without a cap', () => {
    const conditions = Array.from({ length: 11 }, (_, i) => ({ label: `v${i}` }));
    const values = conditions.map((_, i) => (i === 3 ? { mean: 0.04, std: 0.01 } : { mean: 0.85, std: i === 0 ? 0.25 : 0.02 }));
    const svg = barPanelsFigure({ conditions, panels: [{ title: 'T', yDomain: [0, 1], values }] }, { valueFormat: (v) => v.toFixed(2) });
    const labels = Array.from(svg.querySelectorAll('text.value-label'));
    expect(labels).toHaveLength(11);
    for (const l of labels) expect(l.getAttribute('transform')).toMatch(/^translate\([0-9.]+,[0-9.]+\) rotate\(-90\)$/);
    const at = (l: Element) =>
      l
        .getAttribute('transform')!
        .match(/translate\(([0-9.]+),([0-9.]+)\)/)!
        .slice(1)
        .map(Number);
    // inside the long bar, starting 4 px above its base (the plot is 200 px high), in white
    expect(at(labels[1]!)[1]).toBe(196);
    expect(labels[1]!.getAttribute('fill')).toBe('#ffffff');
    // past the short bar's error bar, in dark: y(0.05) = 190, minus 3
    expect(at(labels[3]!)[1]).toBeCloseTo(187, 6);
    expect(labels[3]!.getAttribute('fill')).toBe('#222222');
    // 0.85 + 0.25 > 1: the error bar stops at the plot's top (y 0) and has one cap only
    const bar0 = svg.querySelectorAll('g.error-bar')[0]!;
    const lines = Array.from(bar0.querySelectorAll('line'));
    expect(lines).toHaveLength(2);
    expect(Math.min(...lines.flatMap((l) => [Number(l.getAttribute('y1')), Number(l.getAttribute('y2'))]))).toBe(0);
    expect(svg.querySelectorAll('g.error-bar')[1]!.querySelectorAll('line')).toHaveLength(3);
  });

  it('matches the committed SVG snapshot (seeded data)', () => {
    expectSvgSnapshot(barPanelsFigure(data, { title: 'Architecture and ablations' }), 'figure-4-ablation-bars');
  });

  it('rejects a panel with the wrong number of values', () => {
    expect(() => barPanelsFigure({ conditions: ABLATION_CONDITIONS, panels: [{ title: 'A', values: [{ mean: 1 }] }] })).toThrow(
      /'data.panels\[0\].values' passed to 'barPanelsFigure' has length 1; expected 4 \(one per condition\)/,
    );
  });

  it('rejects NaN means, negative std and NaN y ranges', () => {
    const one = { conditions: [{ label: 'a' }] };
    expect(() => barPanelsFigure({ ...one, panels: [{ title: 'A', values: [{ mean: NaN }] }] })).toThrow(/has NaN at index 0; expected finite numbers/);
    expect(() => barPanelsFigure({ ...one, panels: [{ title: 'A', values: [{ mean: 1, std: -1 }] }] })).toThrow(/expected values >= 0/);
    expect(() => barPanelsFigure({ ...one, panels: [{ title: 'A', values: [{ mean: 1 }], yDomain: [NaN, 1] }] })).toThrow(/'data.panels\[0\].yDomain' passed to 'barPanelsFigure' is \[NaN, 1\]/);
  });
});
