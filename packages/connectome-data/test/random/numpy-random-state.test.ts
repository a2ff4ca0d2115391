import { InvalidParameterError } from '@olfactory/neurons';
import { NumpyRandomState } from '../../src/random/numpy-random-state';

// Golden values from NumPy 2.4.6 `numpy.random.RandomState` on the development machine (python3
// is not a test dependency; regenerate with the snippets quoted in each test).
describe('NumpyRandomState', () => {
  it('NumpyRandomState has the expected defaults (fresh state, no cached normal)', () => {
    const st = new NumpyRandomState(42).getState();
    expect(st.key.length).toBe(624);
    expect(st.key[0]).toBe(42);
    expect(st.pos).toBe(624);
    expect(st.hasGauss).toBe(false);
    expect(st.cachedGaussian).toBe(0);
  });

  it('randomUint32() matches RandomState(42).randint(0, 2**32, dtype=np.uint32)', () => {
    const rs = new NumpyRandomState(42);
    const got = Array.from({ length: 10 }, () => rs.randomUint32());
    expect(got).toEqual([1608637542, 3421126067, 4083286876, 787846414, 3143890026, 3348747335, 2571218620, 2563451924, 670094950, 1914837113]);
  });

  it('permutation(20) matches RandomState(1042).permutation(20) and RandomState(0).permutation(20)', () => {
    expect(Array.from(new NumpyRandomState(1042).permutation(20))).toEqual([10, 11, 0, 17, 9, 16, 19, 6, 2, 18, 3, 14, 5, 13, 8, 1, 4, 7, 15, 12]);
    expect(Array.from(new NumpyRandomState(0).permutation(20))).toEqual([18, 1, 19, 8, 10, 17, 6, 13, 4, 2, 5, 14, 9, 7, 16, 11, 3, 0, 15, 12]);
  });

  it('permutation(2952) starts like RandomState(1000).permutation(2952) and is a permutation', () => {
    const p = new NumpyRandomState(1000).permutation(2952);
    expect(Array.from(p.subarray(0, 10))).toEqual([350, 1979, 1356, 2705, 2021, 2534, 134, 1187, 245, 1141]);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 2952 }, (_, i) => i));
  });

  it('permutation(0) and permutation(1) draw nothing', () => {
    const rs = new NumpyRandomState(42);
    expect(Array.from(rs.permutation(0))).toEqual([]);
    expect(Array.from(rs.permutation(1))).toEqual([0]);
    expect(rs.randomUint32()).toBe(1608637542);
  });

  it('choice(351, 50) matches RandomState(4042).choice(351, 50, replace=False)', () => {
    expect(Array.from(new NumpyRandomState(4042).choice(351, 50))).toEqual([
      46, 220, 296, 310, 70, 232, 214, 335, 333, 63, 297, 227, 222, 153, 115, 189, 20, 66, 236, 246, 64, 155, 230, 255, 33, 125, 78, 239, 29, 184, 279, 83, 338, 264, 178, 334, 103, 329, 173, 15, 6,
      256, 243, 218, 252, 320, 181, 253, 146, 182,
    ]);
  });

  it('choice(28, 7) matches sorted(RandomState(2042).choice(28, 7, replace=False)) (spec §1.5 odor subsets)', () => {
    const got = Array.from(new NumpyRandomState(2042).choice(28, 7)).sort((a, b) => a - b);
    expect(got).toEqual([1, 6, 9, 10, 12, 21, 24]);
  });

  it('randint(3, 9) matches a RandomState(3042).randint(3, 9) sequence', () => {
    const rs = new NumpyRandomState(3042);
    const got = Array.from({ length: 20 }, () => rs.randint(3, 9));
    expect(got).toEqual([7, 5, 6, 3, 8, 3, 5, 6, 4, 6, 5, 6, 4, 3, 4, 6, 6, 6, 5, 6]);
  });

  it('randint handles negative lows, the full 2^32 range and an empty range like NumPy', () => {
    // rs = RandomState(3042); [rs.randint(-5, 2**32-5) for 4]; [rs.randint(-1000, 1000) for 4];
    // rs.randint(7, 8); rs.randint(0, 2**32, dtype=np.uint32)
    const rs = new NumpyRandomState(3042);
    expect(Array.from({ length: 4 }, () => rs.randint(-5, 2 ** 32 - 5))).toEqual([1659945903, 1622860874, 988232477, 945561786]);
    expect(Array.from({ length: 4 }, () => rs.randint(-1000, 1000))).toEqual([-853, -304, -875, -712]);
    expect(rs.randint(7, 8)).toBe(7); // range of one value: no draw
    expect(rs.randomUint32()).toBe(3362239442);
  });

  it('randomSample() matches RandomState(42).random_sample()', () => {
    const rs = new NumpyRandomState(42);
    const got = Array.from({ length: 5 }, () => rs.randomSample());
    expect(got).toEqual([0.3745401188473625, 0.9507143064099162, 0.7319939418114051, 0.5986584841970366, 0.15601864044243652]);
  });

  it('standardNormal() matches RandomState(5042).standard_normal() (legacy polar method)', () => {
    const rs = new NumpyRandomState(5042);
    const want = [0.432782598489364, 1.7569834511422322, 1.2419150092239106, 1.6075356987353404, -2.193498095928826, 0.3788256256185937];
    // Math.log may differ from libm in the last ulp for rare inputs: compare to 1e-15 relative.
    for (const w of want) {
      const g = rs.standardNormal();
      expect(Math.abs(g - w)).toBeLessThanOrEqual(1e-15 * Math.abs(w));
    }
  });

  it('standardNormal() keeps its cached second value across integer draws, like NumPy', () => {
    // rs = RandomState(5042); a = rs.standard_normal(); b = rs.randint(3, 9);
    // c = rs.standard_normal(); d = rs.standard_normal(); e = rs.normal(0.5, 0.25)
    const rs = new NumpyRandomState(5042);
    const a = rs.standardNormal();
    expect(rs.getState().hasGauss).toBe(true);
    const b = rs.randint(3, 9);
    const c = rs.standardNormal();
    const d = rs.standardNormal();
    const e = rs.normal(0.5, 0.25);
    expect(a).toBeCloseTo(0.432782598489364, 14);
    expect(b).toBe(5);
    expect(c).toBeCloseTo(1.7569834511422322, 14);
    expect(d).toBeCloseTo(1.01122545785078, 14);
    expect(e).toBeCloseTo(0.380767555815831, 14);
  });

  it('getState() → JSON → fromState() round-trips the stream, cached normal included', () => {
    const rs = new NumpyRandomState(99);
    rs.standardNormal();
    rs.randomUint32();
    const restored = NumpyRandomState.fromState(JSON.parse(JSON.stringify(rs.getState())));
    const clone = rs.clone();
    const want = [rs.standardNormal(), rs.randomUint32(), ...rs.permutation(30)];
    expect([restored.standardNormal(), restored.randomUint32(), ...restored.permutation(30)]).toEqual(want);
    expect([clone.standardNormal(), clone.randomUint32(), ...clone.permutation(30)]).toEqual(want);
  });

  it('uniformSource() yields the randomSample() stream as an rng: () => number', () => {
    const rng = new NumpyRandomState(42).uniformSource();
    expect([rng(), rng()]).toEqual([0.3745401188473625, 0.9507143064099162]);
  });

  it.each([
    ['a negative seed', -1],
    ['a seed ≥ 2^32', 2 ** 32],
    ['NaN', Number.NaN],
    ['a non-integer seed', 0.5],
  ])('new NumpyRandomState(seed) rejects %s', (_label, seed) => {
    expect(() => new NumpyRandomState(seed)).toThrow(InvalidParameterError);
    expect(() => new NumpyRandomState(seed)).toThrow(/^invalid seed: .*expected an integer in \[0, 2\^32\) \(argument of 'NumpyRandomState'/);
  });

  it('choice(n, k) rejects k > n', () => {
    expect(() => new NumpyRandomState(1).choice(5, 6)).toThrow(InvalidParameterError);
    expect(() => new NumpyRandomState(1).choice(5, 6)).toThrow(/^invalid k: 6; expected at most n = 5/);
  });

  it('permutation(n) rejects a negative or non-integer n', () => {
    expect(() => new NumpyRandomState(1).permutation(-1)).toThrow(/^invalid n: -1; expected an integer in \[0, 2\^31\)/);
    expect(() => new NumpyRandomState(1).permutation(2.5)).toThrow(InvalidParameterError);
  });

  it('randint(low, high) rejects high ≤ low, non-integers and ranges over 2^32', () => {
    const rs = new NumpyRandomState(1);
    expect(() => rs.randint(5, 5)).toThrow(/^invalid high: 5; expected a safe integer > low = 5/);
    expect(() => rs.randint(0.5, 5)).toThrow(/^invalid low: 0.5/);
    expect(() => rs.randint(0, 2 ** 32 + 1)).toThrow(/high − low ≤ 2\^32/);
  });

  it('normal(loc, scale) rejects a negative scale and NaN', () => {
    const rs = new NumpyRandomState(1);
    expect(() => rs.normal(0, -1)).toThrow(/^invalid scale: -1; expected a finite number ≥ 0/);
    expect(() => rs.normal(Number.NaN, 1)).toThrow(/^invalid loc: NaN/);
  });

  it('fromState(state) rejects a key of the wrong length', () => {
    expect(() => NumpyRandomState.fromState({ key: [1, 2, 3], pos: 0, hasGauss: false, cachedGaussian: 0 })).toThrow(/^invalid state\.key: "length 3"; expected 624/);
  });
});
