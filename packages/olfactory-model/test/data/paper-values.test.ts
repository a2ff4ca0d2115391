import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAPER_VALUES, paperValue } from '../../src/index';

describe('paper-values.json (spec §5.1–5.5)', () => {
  test('every value has a unique key, a finite value, a unit and a source; the shipped JSON is what the module exports', () => {
    const raw = JSON.parse(readFileSync(join(__dirname, '..', '..', 'paper-values.json'), 'utf8'));
    expect(raw.schema).toBe('olfactory-paper-values');
    expect(raw.values).toEqual(PAPER_VALUES);
    expect(new Set(PAPER_VALUES.map((v) => v.key)).size).toBe(PAPER_VALUES.length);
    for (const v of PAPER_VALUES) {
      expect(Number.isFinite(v.value)).toBe(true);
      expect(v.unit.length).toBeGreaterThan(0);
      expect(v.source).toMatch(/spec §5|spec §3/);
    }
  });

  test('the values the experiment tables look up, as the paper prints them', () => {
    expect(paperValue('canonical.accuracy')).toMatchObject({ value: 0.7033, std: 0.0107 });
    expect(paperValue('r1.ce-only.kcSparsity')?.value).toBe(0.797);
    expect(paperValue('r1.energy-50.mbDecorrelation')?.value).toBe(-18.57);
    expect(paperValue('r3.shuffled.accuracy')?.value).toBe(0.647);
    expect(paperValue('r4.q0.417.alDecorrelation')?.value).toBe(-1.53);
    expect(paperValue('std.no-std-train.pnDynamicRange')?.value).toBe(2.75);
    expect([7, 14, 28, 56].map((n) => paperValue(`r6.n${n}.kcAtUpperBoundPercent`)?.value)).toEqual([11.9, 35.3, 46.7, 55.8]);
    expect(['canonical', 'shuffled', 'no-apl', 'ce-only'].map((c) => paperValue(`fig4.${c}.subAdditivePercent`)?.value)).toEqual([69.4, 43.78, 70.15, 84.35]);
    expect(paperValue('r5.mixtureComponentCosine')).toMatchObject({ value: 0.805, std: 0.004 });
    expect(paperValue('r2.student.allParameters')?.value).toBe(0.909);
    expect(paperValue('r3.no-gap.centroidAccuracy')).toBeUndefined(); // the paper prints no centroid for R3
  });
});
