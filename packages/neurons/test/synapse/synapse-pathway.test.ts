import { createSynapseState, csrFromDense, defaultSynapseParams, defineSynapseParams, defineSynapsePathway, InvalidParameterError, ShapeMismatchError } from '../../src/index';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('defineSynapsePathway / defineSynapseParams', () => {
  it('defineSynapsePathway({ counts, sign }) has the expected defaults and normalises counts by their maximum', () => {
    const p = defineSynapsePathway({ counts: csrFromDense([2, 0, 0, 8, 4, 0], 2, 3), sign: 'inhibitory' });
    expect(p).toMatchObject({ nPre: 2, nPost: 3, sign: -1, shortTermDepression: true, tauSynMs: 5 });
    expect(Array.from(p.weights.values)).toEqual([0.25, 1, 0.5]);
    const zero = defineSynapsePathway({ counts: csrFromDense([0, 0], 1, 2), sign: 'excitatory' });
    expect(zero.weights.values.length).toBe(0);
    const s = createSynapseState(p, 2);
    expect(Array.from(s.resources)).toEqual([1, 1, 1, 1]);
    expect(Array.from(s.currentNa)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('defineSynapseParams() has the expected defaults (5 nA, τ_rec 200 ms, U 0.3) in learnable form', () => {
    const p = defineSynapseParams();
    expect(p.logStrengthNa).toBeCloseTo(Math.log(5), 15);
    expect(p.logTauRecMs).toBeCloseTo(Math.log(200), 15);
    expect(p.logitReleaseProbability).toBeCloseTo(-0.8472978603872037, 12);
    expect(defaultSynapseParams).toEqual({ strengthNa: 5, tauRecMs: 200, releaseProbability: 0.3 });
    expect(defineSynapseParams({ logStrengthNa: 1, logTauRecMs: 2, logitReleaseProbability: 3 })).toEqual({ logStrengthNa: 1, logTauRecMs: 2, logitReleaseProbability: 3 });
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it.each([
    [{ strengthNa: -1 }, /invalid strengthNa: -1; expected a finite number > 0 \(synaptic strength in nA\)/],
    [{ strengthNa: Number.NaN }, /invalid strengthNa: NaN/],
    [{ tauRecMs: -200 }, /invalid tauRecMs: -200; expected a finite number > 0 \(recovery time constant in ms\)/],
    [{ tauRecMs: 0 }, /invalid tauRecMs: 0/],
    [{ releaseProbability: 1 }, /invalid releaseProbability: 1; expected a number in \(0, 1\)/],
    [{ releaseProbability: Number.NaN }, /invalid releaseProbability: NaN/],
    [{ logStrengthNa: Infinity }, /invalid logStrengthNa: Infinity; expected a finite number/],
    [{ logitReleaseProbability: Number.NaN }, /invalid logitReleaseProbability: NaN/],
  ])('defineSynapseParams(%j) throws InvalidParameterError', (options, message) => {
    const e = thrown(() => defineSynapseParams(options));
    expect(InvalidParameterError.isInstance(e)).toBe(true);
    expect((e as Error).message).toMatch(message);
  });

  it.each([
    [{ sign: 'excitatory' as const, counts: csrFromDense([1, -2], 1, 2) }, /invalid counts.values\[1\]: -2; expected a synapse count >= 0/],
    [{ sign: 'excitatory' as const, counts: csrFromDense([1, Number.NaN], 1, 2) }, /invalid values\[1\]: NaN; expected a finite number/],
    [{ sign: 'positive' as never, counts: csrFromDense([1], 1, 1) }, /invalid sign: "positive"; expected 'excitatory' or 'inhibitory'/],
    [{ sign: 'excitatory' as const, counts: csrFromDense([1], 1, 1), tauSynMs: -5 }, /invalid tauSynMs: -5; expected a finite number > 0/],
  ])('defineSynapsePathway(invalid %#) throws InvalidParameterError', (options, message) => {
    const e = thrown(() => defineSynapsePathway(options));
    expect(InvalidParameterError.isInstance(e)).toBe(true);
    expect((e as Error).message).toMatch(message);
  });

  it('defineSynapsePathway with inconsistent CSR arrays throws ShapeMismatchError', () => {
    const counts = { nRows: 2, nCols: 2, rowPtr: Int32Array.of(0, 1), colIdx: Int32Array.of(0), values: Float32Array.of(1) };
    const e = thrown(() => defineSynapsePathway({ counts, sign: 'excitatory' }));
    expect(ShapeMismatchError.isInstance(e)).toBe(true);
    expect((e as Error).message).toMatch(/Argument 'rowPtr' passed to 'createCsr' has length 2; expected length nRows \+ 1 = 3/);
  });
});
