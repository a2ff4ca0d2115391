import { DataFormatError } from '../../src/errors/data-format-error';
import { catchError as catchFormatError } from '../helpers/catch-error';
import { doorNumber, parseDoorCsv } from '../../src/door/parse-door-csv';

const R_STYLE = ['"Class";"Name";"InChIKey";"Kreher.2008.EN"', '"1";NA;"sfr";"SFR";13', '"2";"acid";"propanoic acid";"XX";NA', '"3";"ester";"a ""quoted"" name";"YY";-5.5'].join('\n');

const catchError = (f: () => unknown): DataFormatError => catchFormatError(DataFormatError.isInstance, f);

describe('parseDoorCsv', () => {
  it('parseDoorCsv(text) handles `;`, quoting, NA and a header one field shorter than the rows', () => {
    const t = parseDoorCsv(R_STYLE, 'Or1a.csv');
    expect(t.columns).toEqual(['Class', 'Name', 'InChIKey', 'Kreher.2008.EN']);
    expect(t.rows).toHaveLength(3);
    expect(t.rows[0]!.rowName).toBe('1');
    expect(t.rows[0]!.cells).toEqual([null, 'sfr', 'SFR', '13']);
    expect(t.rows[2]!.cells[1]).toBe('a "quoted" name');
    expect(doorNumber(t, t.rows[0]!, 'Kreher.2008.EN', 'Or1a.csv')).toBe(13);
    expect(doorNumber(t, t.rows[1]!, 'Kreher.2008.EN', 'Or1a.csv')).toBeNull();
    expect(doorNumber(t, t.rows[2]!, 'Kreher.2008.EN', 'Or1a.csv')).toBe(-5.5);
  });

  it('keeps a quoted "NA" string as text (only bare NA is missing)', () => {
    const t = parseDoorCsv('"A";"B"\n"1";"NA";NA\n', 'x.csv');
    expect(t.rows[0]!.cells).toEqual(['NA', null]);
  });

  it('also accepts a header with an empty first field of the same length as the rows', () => {
    const t = parseDoorCsv('"";"A";"B"\n"1";2;3\n', 'x.csv');
    expect(t.columns).toEqual(['A', 'B']);
    expect(t.rows[0]!.cells).toEqual(['2', '3']);
  });

  it('rejects a ragged row with its line', () => {
    const e = catchError(() => parseDoorCsv(`${R_STYLE}\n"4";"x";"y"\n`, 'Or1a.csv'));
    expect(e.line).toBe(5);
    expect(e.message).toMatch(/Or1a.csv at line 5.*3 fields; expected 5 fields/);
  });

  it('rejects a first row that matches neither header convention', () => {
    expect(catchError(() => parseDoorCsv('"A";"B";"C"\n"1";2\n', 'x.csv')).message).toMatch(/2 fields; expected 4 fields/);
  });

  it('rejects an unclosed quote', () => {
    expect(catchError(() => parseDoorCsv('"A";"B"\n"1";"oops;3\n', 'x.csv')).message).toMatch(/unclosed quoted field/);
  });

  it('rejects a duplicate column name', () => {
    const e = catchError(() => parseDoorCsv('"A";"A"\n"1";2;3\n', 'x.csv'));
    expect([e.line, e.column]).toEqual([1, 2]);
  });

  it('doorNumber rejects a non-numeric cell with line and column', () => {
    const t = parseDoorCsv('"Name";"Kreher.2008.EN"\n"1";"sfr";abc\n', 'Or2a.csv');
    const e = catchError(() => doorNumber(t, t.rows[0]!, 'Kreher.2008.EN', 'Or2a.csv'));
    expect([e.file, e.line, e.column]).toEqual(['Or2a.csv', 2, 3]);
    expect(e.message).toMatch(/non-numeric cell "abc"/);
  });

  it('doorNumber rejects a missing column', () => {
    const t = parseDoorCsv('"Name";"X"\n"1";"sfr";1\n', 'x.csv');
    expect(catchError(() => doorNumber(t, t.rows[0]!, 'Kreher.2008.EN', 'x.csv')).message).toMatch(/no column "Kreher.2008.EN"/);
  });

  it('rejects an empty file', () => {
    expect(catchError(() => parseDoorCsv('', 'x.csv')).message).toMatch(/empty file/);
  });
});
