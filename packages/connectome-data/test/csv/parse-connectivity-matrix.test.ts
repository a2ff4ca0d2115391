import { csrToDense } from '@olfactory/neurons';
import { DataFormatError } from '../../src/errors/data-format-error';
import { parseConnectivityMatrix } from '../../src/csv/parse-connectivity-matrix';
import { catchError } from '../helpers/catch-error';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const parse = (s: string) => parseConnectivityMatrix(bytes(s), 'test.csv');
const expectFormatError = (s: string, re: RegExp, line: number, column: number): void => {
  const err = catchError(DataFormatError.isInstance, () => parse(s));
  expect(err.message).toMatch(re);
  expect(err.file).toBe('test.csv');
  expect(err.line).toBe(line);
  expect(err.column).toBe(column);
};

describe('parseConnectivityMatrix', () => {
  it('parseConnectivityMatrix(bytes) reads ids and non-zero counts in the file order', () => {
    const m = parseConnectivityMatrix(bytes(',30,10,20\n10,0.0,2.0,0.0\n20,1.0,0.0,0.0\n30,0.0,0.0,7.0\n'), 'x.csv');
    expect(Array.from(m.rowIds)).toEqual([10, 20, 30]);
    expect(Array.from(m.colIds)).toEqual([30, 10, 20]);
    expect(Array.from(csrToDense(m.matrix))).toEqual([0, 2, 0, 1, 0, 0, 0, 0, 7]);
    expect(m.matrix.values.length).toBe(3);
  });

  it('accepts CRLF line ends, a quoted corner cell, integers, exponents and no trailing newline', () => {
    const m = parseConnectivityMatrix(bytes('"",1,2\r\n1,3,1e1\r\n2,0,0.5'), 'x.csv');
    expect(Array.from(csrToDense(m.matrix))).toEqual([3, 10, 0, 0.5]);
  });

  it('rejects a header whose corner cell is not empty', () => {
    expectFormatError('id,1,2\n1,0,0\n2,0,0\n', /corner cell "id"/, 1, 1);
  });

  it('rejects a non-integer column id with its column', () => {
    expectFormatError(',1,abc\n1,0,0\n', /column id "abc".*positive integer skeleton id/, 1, 3);
  });

  it('rejects a duplicate column id', () => {
    expectFormatError(',1,1\n1,0,0\n', /duplicate column id 1/, 1, 3);
  });

  it('rejects a ragged row (too few values) at its line', () => {
    expectFormatError(',1,2\n1,0,0\n2,0\n', /1 values; expected 2 values per row/, 3, 2);
  });

  it('rejects a ragged row (too many values) at its line', () => {
    expectFormatError(',1,2\n1,0,0,5\n', /more than 2 values/, 2, 4);
  });

  it('rejects a non-numeric cell with line and column', () => {
    expectFormatError(',1,2\n1,0,0\n2,0,x7\n', /non-numeric cell "x7".*non-negative synapse count/, 3, 3);
  });

  it('rejects an empty cell', () => {
    expectFormatError(',1,2\n1,,0\n', /non-numeric cell ""/, 2, 2);
  });

  it('rejects a negative count', () => {
    expectFormatError(',1,2\n1,0,-3.0\n', /negative count -3/, 2, 3);
  });

  it('rejects a duplicate row id', () => {
    expectFormatError(',1,2\n1,0,0\n1,0,0\n', /duplicate row id 1/, 3, 1);
  });

  it('rejects a blank line inside the matrix', () => {
    expectFormatError(',1,2\n1,0,0\n\n2,0,0\n', /empty line/, 3, 1);
  });

  it('says how to fix it', () => {
    expectFormatError(',1,2\n1,0,0\n2,0,?\n', /olfactory data fetch/, 3, 3);
  });
});
