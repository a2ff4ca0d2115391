import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError } from '../../src/errors/data-format-error';
import { PickleRejectedError } from '../../src/errors/pickle-rejected-error';
import { parseNpy, npyToFloat64 } from '../../src/npy/read-npy';
import { catchError } from '../helpers/catch-error';

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, 'fixtures', name)));

describe('parseNpy', () => {
  it('parseNpy(bytes) reads a little-endian int32 matrix in C order', () => {
    const a = parseNpy(fixture('int32.npy'), 'int32.npy');
    expect(a.kind).toBe('numeric');
    if (a.kind !== 'numeric') return;
    expect(a.dtype).toBe('int32');
    expect(a.shape).toEqual([2, 2]);
    expect(Array.from(a.data as Int32Array)).toEqual([1, -2, 3, 4]);
  });

  it('parseNpy(bytes) reads a big-endian Fortran-ordered float64 matrix into C order', () => {
    const a = parseNpy(fixture('float-fortran.npy'), 'float-fortran.npy');
    if (a.kind !== 'numeric') throw new Error('numeric expected');
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data as Float64Array)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('parseNpy(bytes) reads an object array of int64 arrays (pickle protocol 3) without executing it', () => {
    const a = parseNpy(fixture('object-int-p2.npy'), 'object-int-p2.npy');
    if (a.kind !== 'object') throw new Error('object expected');
    expect(a.shape).toEqual([3]);
    expect(a.items.map((it) => it.dtype)).toEqual(['int64', 'int64', 'int64']);
    expect(a.items.map((it) => Array.from(it.data as BigInt64Array))).toEqual([
      [1n, 2n, 3n],
      [-4n, 5n, 6n],
      [7n, 8n, 2n ** 40n],
    ]);
  });

  it('parseNpy(bytes) reads an object array of float64 arrays written with pickle protocol 4', () => {
    const a = parseNpy(fixture('object-float-p4.npy'), 'object-float-p4.npy');
    if (a.kind !== 'object') throw new Error('object expected');
    expect(Array.from(npyToFloat64(a.items[0], 'x'))).toEqual([0.5, 1.25]);
    expect(a.items[1].data.length).toBe(0);
  });

  it('parseNpy refuses a malicious pickle calling os.system with PickleRejectedError naming the global', () => {
    const err = catchError(PickleRejectedError.isInstance, () => parseNpy(fixture('malicious-os-system.npy'), 'malicious-os-system.npy'));
    expect(err.refused).toBe("global 'posix system'");
    expect(err.file).toBe('malicious-os-system.npy');
    expect(err.offset).toBe(187);
    expect(err.message).toMatch(/^Refused the pickle in malicious-os-system\.npy at byte 187: global 'posix system' is not allowed/);
  });

  it('parseNpy refuses an object array holding a Python dict (opcode outside the numpy set)', () => {
    const err = catchError(PickleRejectedError.isInstance, () => parseNpy(fixture('object-with-dict.npy'), 'object-with-dict.npy'));
    expect(err.refused).toMatch(/EMPTY_DICT/);
  });

  it('parseNpy refuses a pickle that reduces an allowed global with a foreign class', () => {
    // _reconstruct(builtins.object...) : hand-written protocol-2 stream, header for (1,) |O
    const header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }";
    const padded = header + ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
    const pickle = Buffer.concat([Buffer.from([0x80, 0x02]), Buffer.from('cnumpy.core.multiarray\n_reconstruct\n', 'latin1'), Buffer.from('cbuiltins\neval\n', 'latin1')]);
    const bytes = Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY', 'latin1'), Buffer.from([1, 0, padded.length, 0]), Buffer.from(padded, 'latin1'), pickle]);
    const err = catchError(PickleRejectedError.isInstance, () => parseNpy(bytes, 'hand.npy'));
    expect(err.refused).toBe("global 'builtins eval'");
  });

  it('parseNpy throws DataFormatError for a file without the numpy magic and for truncated data', () => {
    const e1 = catchError(DataFormatError.isInstance, () => parseNpy(new TextEncoder().encode('not a numpy file'), 'x.npy'));
    expect(e1.message).toMatch(/^Malformed x\.npy: no \\x93NUMPY magic; expected a numpy \.npy file\./);
    const good = fixture('int32.npy');
    const e2 = catchError(DataFormatError.isInstance, () => parseNpy(good.subarray(0, good.length - 4), 'cut.npy'));
    expect(e2.message).toMatch(/12 data bytes; expected 16/);
  });
});
