import { DataFormatError } from '../../src/errors/data-format-error';
import { catchError as catchFormatError } from '../helpers/catch-error';
import { parseAnnotations } from '../../src/csv/parse-annotations';

const HEADER = 'left_id,right_id,celltype,additional_annotations,level_7_cluster\n';

const catchError = (f: () => unknown): DataFormatError => catchFormatError(DataFormatError.isInstance, f);

describe('parseAnnotations', () => {
  it('parseAnnotations(text) reads pairs, `no pair` sides and `no cluster`', () => {
    const rows = parseAnnotations(`${HEADER}1,2,KC,KC,30\nno pair,3,LN,APL,no cluster\n`);
    expect(rows).toEqual([
      { leftId: 1, rightId: 2, celltype: 'KC', additionalAnnotations: 'KC', level7Cluster: 30, line: 2 },
      { leftId: null, rightId: 3, celltype: 'LN', additionalAnnotations: 'APL', level7Cluster: null, line: 3 },
    ]);
  });

  it('keeps `;`-joined annotations and quoted fields with commas', () => {
    const rows = parseAnnotations(`${HEADER}1,2,PN,"42a PN; uPN, x",12\n`);
    expect(rows[0]!.additionalAnnotations).toBe('42a PN; uPN, x');
  });

  it('rejects a wrong header', () => {
    const e = catchError(() => parseAnnotations('left,right,type\n1,2,KC\n'));
    expect(e.line).toBe(1);
    expect(e.message).toMatch(/header .*expected the header left_id,right_id/);
  });

  it('rejects a ragged row with its line', () => {
    const e = catchError(() => parseAnnotations(`${HEADER}1,2,KC,KC,30\n3,4,KC\n`));
    expect([e.line, e.message]).toEqual([3, expect.stringMatching(/3 fields; expected 5 fields/)]);
  });

  it('rejects a non-numeric id with line and column', () => {
    const e = catchError(() => parseAnnotations(`${HEADER}1,abc,KC,KC,30\n`));
    expect([e.line, e.column]).toEqual([2, 2]);
    expect(e.message).toMatch(/id "abc".*positive integer skeleton id or `no pair`/);
  });

  it('rejects a duplicate skeleton id, naming the first line', () => {
    const e = catchError(() => parseAnnotations(`${HEADER}1,2,KC,KC,30\n5,2,KC,KC,30\n`));
    expect([e.line, e.column]).toEqual([3, 2]);
    expect(e.message).toMatch(/duplicate skeleton id 2 \(first on line 2\)/);
  });

  it('rejects a row with no id on either side', () => {
    expect(catchError(() => parseAnnotations(`${HEADER}no pair,no pair,KC,KC,30\n`)).message).toMatch(/both sides `no pair`/);
  });

  it('rejects a non-integer cluster', () => {
    expect(catchError(() => parseAnnotations(`${HEADER}1,2,KC,KC,3.5\n`)).column).toBe(5);
  });

  it('rejects an empty file', () => {
    expect(catchError(() => parseAnnotations('')).message).toMatch(/empty file/);
  });
});
