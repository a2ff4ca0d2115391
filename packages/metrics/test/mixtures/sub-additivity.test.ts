import { subAdditivity } from '../../src/mixtures/sub-additivity';

describe('subAdditivity', () => {
  // mixture 1: pred = [2, 0, 0.02, 0.009]; mix = [1.5, 0, 0.03, 0.02]
  //   responsive: KC0 (pred), KC2 (both), KC3 (mix only) → 3; sub-additive: KC0 only → 1
  // mixture 2: pred = [0, 2]; mix = [0, 0.5] → responsive 1, sub-additive 1
  const mixtures = [
    {
      mixture: [1.5, 0, 0.03, 0.02],
      components: [
        [1, 0, 0, 0.005],
        [1, 0, 0.02, 0.004],
      ],
    },
    {
      mixture: [0, 0.5],
      components: [
        [0, 1],
        [0, 1],
      ],
    },
  ];

  it('subAdditivity(mixtures) has the expected defaults: threshold 0.01 and a pooled fraction', () => {
    const r = subAdditivity(mixtures);
    expect(r.responsive).toBe(4);
    expect(r.subAdditive).toBe(2);
    expect(r.fraction).toBe(0.5); // pooled 2/4, not the mean of 1/3 and 1
    expect(r.perMixture[0]).toBeCloseTo(1 / 3, 15);
    expect(r.perMixture[1]).toBe(1);
  });

  it('subAdditivity(mixtures, { threshold }) sums three components and uses the given threshold', () => {
    const r = subAdditivity(
      [
        {
          mixture: [0.05, 0.2],
          components: [
            [0.02, 0.1],
            [0.02, 0.05],
            [0.02, 0],
          ],
        },
      ],
      { threshold: 0.1 },
    );
    // pred = [0.06, 0.15]: KC0 not responsive at 0.1; KC1 responsive, 0.2 ≥ 0.15 → not sub-additive
    expect(r).toMatchObject({ responsive: 1, subAdditive: 0, fraction: 0 });
  });

  it('is NaN when nothing responds', () => {
    expect(subAdditivity([{ mixture: [0], components: [[0], [0]] }]).fraction).toBeNaN();
  });

  it('rejects a mixture without components and components of the wrong length', () => {
    expect(() => subAdditivity([{ mixture: [1], components: [] }])).toThrow(/has mixtures\[0\].components empty/);
    expect(() => subAdditivity([{ mixture: [1, 2], components: [[1]] }])).toThrow(/Argument 'mixtures\[0\].components\[0\]' passed to 'subAdditivity' has length 1; expected 2/);
  });
});
