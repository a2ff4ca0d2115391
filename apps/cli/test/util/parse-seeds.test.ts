import { CliUsageError } from '../../src/util/cli-error';
import { MAX_SEED, parseSeeds } from '../../src/util/parse-seeds';

const usage = (value: string): string => {
  try {
    parseSeeds(value);
  } catch (e) {
    expect(e).toBeInstanceOf(CliUsageError);
    return (e as Error).message;
  }
  throw new Error(`parseSeeds(${value}) did not throw`);
};

describe('parseSeeds (issue 13 §3.2)', () => {
  test('lists and ranges give sorted unique integer seeds', () => {
    expect(parseSeeds('42-46')).toEqual([42, 43, 44, 45, 46]);
    expect(parseSeeds('44, 42,42-43')).toEqual([42, 43, 44]);
    expect(parseSeeds('0')).toEqual([0]);
    expect(parseSeeds(String(MAX_SEED))).toEqual([4294967295]);
    expect(parseSeeds('4294967290-4294967295')).toHaveLength(6);
  });

  test('seeds at or above 2^32 (and beyond 2^53, which used to loop forever) are refused with the range', () => {
    expect(usage('9007199254740993')).toMatch(/seed 9007199254740993 is out of range; seeds are integers from 0 to 4294967295/);
    expect(usage('9007199254740992-9007199254740993')).toMatch(/out of range/);
    expect(usage('4294967296')).toMatch(/seed 4294967296 is out of range/);
    expect(usage('1e3')).toMatch(/expected a list like 42-46/);
    expect(usage('-1')).toMatch(/expected a list like 42-46/);
  });

  test('the range-size message says the range is too large, not that low > high', () => {
    expect(usage('1-5000')).toBe('invalid --seeds range: 1-5000 holds 5000 seeds; at most 1000 seeds per run.');
    expect(usage('46-42')).toMatch(/low ≤ high/);
    expect(usage('0-999,2000-2999')).toMatch(/more than 1000 seeds/);
  });
});
