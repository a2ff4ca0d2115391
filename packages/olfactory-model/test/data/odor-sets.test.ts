import { InvalidParameterError } from '@olfactory/neurons';
import { odorSet, syntheticOdors } from '../../src/index';

// A 28 × 21 stand-in for the real matrix: x[i][j] = ((7i + 3j) mod 11) / 10, in float32.
const real = Float32Array.from({ length: 28 * 21 }, (_, k) => ((Math.floor(k / 21) * 7 + (k % 21) * 3) % 11) / 10);

// Oracle: NumPy 1.x/2.x legacy RandomState with the reference's generate_synthetic_odors(real, 28, 42)
// (computed once with Debian's /usr/bin/python3 on this matrix rounded to float32; values as float32).
const FIRST = [
  0.1263243854045868, 1.0, 0.1779821515083313, 0.20073199272155762, 0.0, 0.6197952032089233, 0.04910188913345337, 0.06256385892629623, 0.12450616806745529, 0.15647847950458527, 0.1494002342224121,
  0.711734414100647, 0.047212328761816025, 0.08672334998846054, 0.0662960633635521, 0.1519622653722763, 0.047050464898347855, 0.13965250551700592, 0.09773937612771988, 0.09955892711877823,
  0.16810333728790283,
];
const LAST = [
  0.7283065319061279, 0.818063497543335, 0.029033273458480835, 0.1542731672525406, 0.20384304225444794, 0.03318297863006592, 0.6771037578582764, 0.1395433396100998, 0.1105431467294693,
  0.06518128514289856, 0.7553809881210327, 0.38964390754699707, 0.1991962194442749, 0.1517891138792038, 0.9158453345298767, 0.4631373882293701, 0.1204143688082695, 0.18002359569072723, 1.0,
  0.16677680611610413, 0.04336600378155708,
];

describe('R6 odor sets (spec §1.5)', () => {
  test('synthetic odors follow NumPy RandomState(seed + 5000) draw for draw', () => {
    const s = syntheticOdors(real, 21, 28, 42);
    expect(s).toHaveLength(28 * 21);
    Array.from(s.subarray(0, 21)).forEach((x, j) => expect(x).toBeCloseTo(FIRST[j]!, 6));
    Array.from(s.subarray(27 * 21)).forEach((x, j) => expect(x).toBeCloseTo(LAST[j]!, 6));
    expect(Array.from(s).filter((x) => x > 0).length).toBe(563);
    expect(Array.from(s).reduce((a, b) => a + b, 0)).toBeCloseTo(134.365579, 3);
    // another seed, another set
    expect(syntheticOdors(real, 21, 1, 43)[1]).not.toBeCloseTo(FIRST[1]!, 3);
  });

  test('7 and 14 odors are the sorted RandomState(seed + 2000).choice(28, n) rows; 56 = 28 real + 28 synthetic; 28 is the real set unchanged', () => {
    expect(odorSet(real, 21, 7, 42).rows).toEqual([1, 6, 9, 10, 12, 21, 24]);
    expect(odorSet(real, 21, 14, 42).rows).toEqual([1, 2, 6, 7, 9, 10, 12, 13, 17, 18, 21, 22, 24, 25]);
    expect(odorSet(real, 21, 7, 46).rows).toEqual([1, 5, 7, 8, 17, 20, 23]);
    expect(odorSet(real, 21, 14, 46).rows).toEqual([0, 1, 3, 5, 6, 7, 8, 9, 15, 17, 20, 21, 23, 26]);
    const seven = odorSet(real, 21, 7, 42);
    expect(Array.from(seven.odors.subarray(21, 42))).toEqual(Array.from(real.subarray(6 * 21, 7 * 21)));
    expect(odorSet(real, 21, 28, 42).odors).toBe(real);
    const big = odorSet(real, 21, 56, 42);
    expect(big.odors).toHaveLength(56 * 21);
    expect(Array.from(big.odors.subarray(0, 28 * 21))).toEqual(Array.from(real));
    expect(Array.from(big.odors.subarray(28 * 21))).toEqual(Array.from(syntheticOdors(real, 21, 28, 42)));
    expect(big.rows.slice(27, 30)).toEqual([27, -1, -2]);
    expect(() => odorSet(real, 21, 10, 42)).toThrow(InvalidParameterError);
  });
});
