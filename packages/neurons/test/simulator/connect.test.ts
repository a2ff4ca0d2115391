import {
  createRng,
  fixedInDegreeProjection,
  fixedOutDegreeProjection,
  fixedProbabilityProjection,
  InvalidParameterError,
  oneToOneProjection,
  projectionFromCsr,
  csrFromTriplets,
} from '../../src/index';

const ends = { name: 'p', pre: 'a', post: 'b', synapse: 'exc' };

describe('projection builders', () => {
  it('fixedProbabilityProjection has the expected defaults (delay 0, self-pairs allowed) and connects a fraction p of the pairs', () => {
    const p = fixedProbabilityProjection({ ...ends, post: 'a', preSize: 400, postSize: 400, probability: 0.1, weightMv: 2, rng: createRng(1) });
    expect(p.delaySteps).toBe(0);
    const n = p.postIndex.length;
    expect(Math.abs(n - 16000)).toBeLessThan(4 * Math.sqrt(16000 * 0.9)); // binomial, ±4 sd
    let self = 0;
    for (let i = 0; i < 400; i++) for (let s = p.rowPtr[i]!; s < p.rowPtr[i + 1]!; s++) if (p.postIndex[s] === i) self++;
    expect(self).toBeGreaterThan(10); // ≈ 40 expected
    const none = fixedProbabilityProjection({ ...ends, post: 'a', preSize: 400, postSize: 400, probability: 0.1, weightMv: 2, rng: createRng(1), allowSelf: false });
    for (let i = 0; i < 400; i++) for (let s = none.rowPtr[i]!; s < none.rowPtr[i + 1]!; s++) expect(none.postIndex[s]).not.toBe(i);
    expect(Array.from(p.weightsMv).slice(0, 3)).toEqual([2, 2, 2]);
  });

  it('fixedOutDegreeProjection gives every pre neuron exactly k uniform targets; fixedInDegreeProjection every post neuron exactly k sources', () => {
    const out = fixedOutDegreeProjection({ ...ends, preSize: 300, postSize: 50, outDegree: 16, weightMv: 1, rng: createRng(2), delaySteps: 4 });
    for (let i = 0; i < 300; i++) expect(out.rowPtr[i + 1]! - out.rowPtr[i]!).toBe(16);
    const inCounts = new Float64Array(50);
    for (const j of Array.from(out.postIndex)) inCounts[j]++;
    // 4,800 targets over 50 cells: mean 96, binomial sd ≈ 9.7
    for (const c of inCounts) expect(Math.abs(c - 96)).toBeLessThan(45);
    expect(out.delaySteps).toBe(4);
    const inn = fixedInDegreeProjection({ ...ends, preSize: 100, postSize: 3200, inDegree: 10, weightMv: 1, rng: createRng(3) });
    const perPost = new Float64Array(3200);
    for (const j of Array.from(inn.postIndex)) perPost[j]++;
    expect(Array.from(perPost).every((c) => c === 10)).toBe(true);
    expect(inn.rowPtr[100]).toBe(32000);
    expect(() => fixedOutDegreeProjection({ ...ends, preSize: 3, postSize: 3, outDegree: -1, weightMv: 1, rng: createRng(1) })).toThrow(/invalid outDegree: -1; expected an integer >= 0/);
    let error: unknown;
    try {
      fixedInDegreeProjection({ ...ends, preSize: 3, postSize: 3, inDegree: 1.5, weightMv: 1, rng: createRng(1) });
    } catch (e) {
      error = e;
    }
    expect(InvalidParameterError.isInstance(error)).toBe(true);
  });

  it('oneToOneProjection and projectionFromCsr keep the structure and weights', () => {
    const one = oneToOneProjection({ ...ends, size: 3, weightMv: 0.5 });
    expect([Array.from(one.rowPtr), Array.from(one.postIndex), Array.from(one.weightsMv)]).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2],
      [0.5, 0.5, 0.5],
    ]);
    const csr = csrFromTriplets(2, 3, [0, 0, 1], [1, 2, 0], [1.5, 2.5, 3.5]);
    const p = projectionFromCsr(csr, ends);
    expect([Array.from(p.rowPtr), Array.from(p.postIndex), Array.from(p.weightsMv)]).toEqual([
      [0, 2, 3],
      [1, 2, 0],
      [1.5, 2.5, 3.5],
    ]);
  });
});
