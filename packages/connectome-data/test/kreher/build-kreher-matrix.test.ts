import { DataFormatError } from '../../src/errors/data-format-error';
import { buildKreherMatrix, odorMatrixStats } from '../../src/kreher/build-kreher-matrix';
import { KREHER_CONDITIONS, KREHER_RECEPTORS } from '../../src/kreher/kreher-constants';
import { normalizeKreherRate } from '../../src/kreher/normalize-kreher';
import { parseDoorCsv } from '../../src/door/parse-door-csv';
import { catchError } from '../helpers/catch-error';
import { realDoorTables } from '../helpers/load-real-data';

describe('buildKreherMatrix', () => {
  const m = buildKreherMatrix(realDoorTables());

  it('has 28 conditions × 21 receptors in the reference order', () => {
    expect(m.conditions).toEqual([...KREHER_CONDITIONS]);
    expect(m.receptors).toEqual([...KREHER_RECEPTORS]);
    expect(m.normalized).toHaveLength(28 * 21);
  });

  it('reads the raw Kreher.2008.EN values (range −31..297 Hz), Or83a 8 Hz spontaneous only', () => {
    expect(Math.min(...m.rawHz)).toBe(-31);
    expect(Math.max(...m.rawHz)).toBe(297);
    const or42a = KREHER_RECEPTORS.indexOf('Or42a');
    expect(m.rawHz[0 * 21 + or42a]).toBe(13); // sfr
    expect(m.rawHz[4 * 21 + or42a]).toBe(197); // E2-hexenal
    const or83a = KREHER_RECEPTORS.indexOf('Or83a');
    expect(m.rawHz[or83a]).toBe(8);
    for (let c = 1; c < 28; c++) expect(m.rawHz[c * 21 + or83a]).toBe(0);
  });

  it('normalizes with clip((r + 50) / 347, 0, 1)', () => {
    expect(normalizeKreherRate(297)).toBe(1);
    expect(normalizeKreherRate(-50)).toBe(0);
    expect(normalizeKreherRate(-80)).toBe(0);
    expect(normalizeKreherRate(400)).toBe(1);
    expect(m.normalized[0]).toBeCloseTo((m.rawHz[0]! + 50) / 347, 6);
  });

  it('gives sfr row sum 3.63, mean odor row sum 5.36 and 60 pairs above cosine 0.9', () => {
    const s = odorMatrixStats(m);
    expect(s.sfrRowSum).toBeCloseTo(3.634, 3);
    expect(s.meanOdorRowSum).toBeCloseTo(5.3594, 3);
    expect(s.pairsCosineAbove).toBe(60);
  });

  it('rejects a table without a Kreher value for a condition, naming file and condition', () => {
    const tables = realDoorTables();
    tables.set('Or42a', parseDoorCsv('"Class";"Name";"Kreher.2008.EN"\n"1";NA;"sfr";13\n', 'Or42a.csv'));
    expect(() => buildKreherMatrix(tables)).toThrow(/Or42a.csv.*no Kreher.2008.EN value for "propanoic acid"/);
  });

  it('rejects a missing receptor table', () => {
    const tables = realDoorTables();
    tables.delete('Or7a');
    expect(catchError(DataFormatError.isInstance, () => buildKreherMatrix(tables)).message).toMatch(/Or7a.csv/);
  });
});
