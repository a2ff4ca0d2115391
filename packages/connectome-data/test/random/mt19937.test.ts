import { InvalidParameterError } from '@olfactory/neurons';
import { MT19937_STATE_LENGTH, mt19937Clone, mt19937NextDouble, mt19937NextUint32, mt19937Seed } from '../../src/random/mt19937';

// Golden values from NumPy 2.4.6 on the development machine (python3 is not a test dependency):
//   rs = np.random.RandomState(s); rs.randint(0, 2**32, dtype=np.uint32)   (raw 32-bit outputs)
//   np.random.RandomState(42).get_state()
describe('mt19937', () => {
  it('mt19937Seed has the expected defaults (624 words, pos = 624 so the first draw regenerates)', () => {
    const s = mt19937Seed(42);
    expect(MT19937_STATE_LENGTH).toBe(624);
    expect(s.key.length).toBe(624);
    expect(s.pos).toBe(624);
  });

  it('mt19937Seed(42) fills the key like NumPy init_genrand (get_state()[1])', () => {
    const s = mt19937Seed(42);
    expect(Array.from(s.key.subarray(0, 4))).toEqual([42, 3107752595, 1895908407, 3900362577]);
    expect(s.key[623]).toBe(26719530);
  });

  it('mt19937NextUint32 reproduces the reference MT19937 output for init_genrand(5489)', () => {
    const s = mt19937Seed(5489);
    expect([mt19937NextUint32(s), mt19937NextUint32(s)]).toEqual([3499211612, 581869302]);
  });

  it('mt19937NextUint32 matches NumPy RandomState(42) for the first 10 draws', () => {
    const s = mt19937Seed(42);
    const got = Array.from({ length: 10 }, () => mt19937NextUint32(s));
    expect(got).toEqual([1608637542, 3421126067, 4083286876, 787846414, 3143890026, 3348747335, 2571218620, 2563451924, 670094950, 1914837113]);
  });

  it('mt19937NextUint32 matches NumPy across the 624-word regeneration boundary', () => {
    const s = mt19937Seed(42);
    for (let i = 0; i < 624; i++) mt19937NextUint32(s);
    const got = Array.from({ length: 5 }, () => mt19937NextUint32(s));
    expect(got).toEqual([108880612, 791707097, 4134543476, 347346749, 3590507286]);
  });

  it('mt19937NextUint32 matches NumPy for seeds 0 and 2^32 − 1', () => {
    const s0 = mt19937Seed(0);
    expect(Array.from({ length: 5 }, () => mt19937NextUint32(s0))).toEqual([2357136044, 2546248239, 3071714933, 3626093760, 2588848963]);
    const sMax = mt19937Seed(2 ** 32 - 1);
    expect(Array.from({ length: 5 }, () => mt19937NextUint32(sMax))).toEqual([419326371, 479346978, 3918654476, 2416749639, 3388880820]);
  });

  it('mt19937NextDouble matches NumPy RandomState(42).random_sample() exactly', () => {
    const s = mt19937Seed(42);
    const got = Array.from({ length: 5 }, () => mt19937NextDouble(s));
    expect(got).toEqual([0.3745401188473625, 0.9507143064099162, 0.7319939418114051, 0.5986584841970366, 0.15601864044243652]);
  });

  it('mt19937Clone(state) forks an independent stream with the same future', () => {
    const a = mt19937Seed(7);
    mt19937NextUint32(a);
    const b = mt19937Clone(a);
    const fromA = Array.from({ length: 700 }, () => mt19937NextUint32(a));
    const fromB = Array.from({ length: 700 }, () => mt19937NextUint32(b));
    expect(fromB).toEqual(fromA);
  });

  it.each([
    ['a negative seed', -1],
    ['a seed ≥ 2^32', 2 ** 32],
    ['NaN', Number.NaN],
    ['a non-integer seed', 1.5],
  ])('mt19937Seed rejects %s with InvalidParameterError', (_label, seed) => {
    expect(() => mt19937Seed(seed)).toThrow(InvalidParameterError);
    expect(() => mt19937Seed(seed)).toThrow(/^invalid seed: .*; expected an integer in \[0, 2\^32\)/);
  });
});
