import { createRng, BlockRng, InvalidParameterError } from '../../src/index';

describe('createRng', () => {
  it('createRng(seed) has the expected defaults (stream 0)', () => {
    const rng = createRng(42);
    expect(rng.seed).toBe(42);
    expect(rng.block(1, 2, 3).getState()).toEqual(rng.block(1, 2, 3, 0).getState());
  });

  it('createRng(42).block(0, 0, 0) produces the golden first values', () => {
    const rng = createRng(42);
    expect(rng.block(0, 0, 0).getState()).toEqual([2632642643, 2012563771, 314527917, 1463989207]);
    const g = rng.block(0, 0, 0);
    expect(Array.from({ length: 4 }, () => g.nextUint32())).toEqual([250589443, 2760627312, 2645826795, 3864451661]);
    const z = new Float64Array(6);
    rng.block(0, 0, 0).fillNormal(z, 0, 6);
    expect(Array.from(z)).toEqual([0.024886899868476454, 1.5396860017650065, -1.3916473419324977, 1.54344109057531, 1.4055960647611383, -0.06743233720697334]);
    const u = new Float64Array(4);
    rng.block(3, 5, 7, 1).fillUniform(u, 0, 4);
    expect(Array.from(u)).toEqual([0.6871856451034546, 0.6024540066719055, 0.3554067611694336, 0.8718312382698059]);
  });

  it('block(sample, step, source, stream) opened twice gives the same numbers, regardless of what was drawn in between', () => {
    const rng = createRng(7);
    const a = new Float32Array(300);
    const b = new Float32Array(300);
    rng.block(11, 3, 5, 2).fillNormal(a, 0, 300);
    const other = rng.block(12, 3, 5, 2);
    other.fillNormal(new Float32Array(1000), 0, 1000);
    const reused = new BlockRng();
    rng.openInto(reused, 11, 3, 5, 2).fillNormal(b, 0, 300);
    expect(b).toEqual(a);
  });

  it('block(...) differs when any counter word or the seed changes', () => {
    const draw = (seed: number, sample: number, step: number, source: number, stream: number) => {
      const out = new Float64Array(16);
      createRng(seed).block(sample, step, source, stream).fillNormal(out, 0, 16);
      return Array.from(out);
    };
    const base = draw(1, 2, 3, 4, 5);
    for (const variant of [draw(2, 2, 3, 4, 5), draw(1, 3, 3, 4, 5), draw(1, 2, 4, 4, 5), draw(1, 2, 3, 5, 5), draw(1, 2, 3, 4, 6), draw(2 ** 32 + 1, 2, 3, 4, 5)]) {
      let same = 0;
      for (let i = 0; i < 16; i++) if (variant[i] === base[i]) same++;
      expect(same).toBe(0);
    }
  });

  it('blocks of neighbouring samples are uncorrelated', () => {
    const rng = createRng(99);
    const n = 20_000;
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let s = 0; s < n; s++) {
      a[s] = rng.block(s, 0, 1).nextNormal();
      b[s] = rng.block(s + 1, 0, 1).nextNormal();
    }
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (let i = 0; i < n; i++) {
      sab += a[i]! * b[i]!;
      saa += a[i]! ** 2;
      sbb += b[i]! ** 2;
    }
    expect(Math.abs(sab / Math.sqrt(saa * sbb))).toBeLessThan(4 / Math.sqrt(n));
  });

  it.each([
    [NaN, /invalid seed: NaN; expected an integer in \[0, 2\^53\)/],
    [-1, /invalid seed: -1; expected/],
    [1.5, /invalid seed: 1.5; expected/],
    [2 ** 53, /invalid seed: 9007199254740992; expected/],
  ])('createRng(%p) throws InvalidParameterError', (seed, message) => {
    expect(() => createRng(seed)).toThrow(message);
    try {
      createRng(seed);
    } catch (e) {
      expect(InvalidParameterError.isInstance(e)).toBe(true);
    }
  });
});
