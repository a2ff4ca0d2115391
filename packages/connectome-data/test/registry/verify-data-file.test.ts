import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataIntegrityError } from '../../src/errors/data-integrity-error';
import { DataNotFoundError } from '../../src/errors/data-not-found-error';
import { dataFilePath } from '../../src/registry/data-file-path';
import { getDataFileSpec } from '../../src/registry/dataset-registry';
import { verifyDataFile } from '../../src/registry/verify-data-file';
import { testDataDir } from '../helpers/data-dir';
import { tempDirs } from './temp-dirs';

describe('verifyDataFile', () => {
  const dirs = tempDirs('verify');
  afterAll(() => dirs.cleanup());
  const spec = getDataFileSpec('door2/Or1a.csv');

  it('verifyDataFile(file, spec) returns the path, location, sha256 and size of a correct file', async () => {
    const file = dataFilePath(testDataDir(), spec);
    await expect(verifyDataFile(file, spec)).resolves.toEqual({ path: 'door2/Or1a.csv', file, sha256: spec.sha256, bytes: spec.bytes });
  });

  it('verifyDataFile(file, spec) throws DataIntegrityError for a truncated file, without hashing it', async () => {
    const file = join(await dirs.make(), 'Or1a.csv');
    const real = await readFile(dataFilePath(testDataDir(), spec));
    await writeFile(file, real.subarray(0, 1000));
    const error = await verifyDataFile(file, spec).catch((e: unknown) => e);
    expect(DataIntegrityError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ file, expectedBytes: spec.bytes, actualBytes: 1000, expectedSha256: spec.sha256, actualSha256: undefined });
    expect((error as Error).message).toMatch(
      /^Data file .*Or1a\.csv has 1000 bytes; expected 57083 bytes \(truncated or a different file\)\. Delete .*Or1a\.csv and run `olfactory data fetch`.*OLFACTORY_DATA_DIR/,
    );
    expect((await readFile(file)).length).toBe(1000); // never modified
  });

  it('verifyDataFile(file, spec) throws DataIntegrityError naming both checksums for a same-size corrupted file', async () => {
    const file = join(await dirs.make(), 'Or1a.csv');
    const bytes = Buffer.from(await readFile(dataFilePath(testDataDir(), spec)));
    bytes[100] ^= 0x01;
    await writeFile(file, bytes);
    const error = await verifyDataFile(file, spec).catch((e: unknown) => e);
    expect(DataIntegrityError.isInstance(error)).toBe(true);
    const integrity = error as DataIntegrityError;
    expect(integrity).toMatchObject({ file, expectedBytes: spec.bytes, actualBytes: spec.bytes, expectedSha256: spec.sha256 });
    expect(integrity.actualSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(integrity.actualSha256).not.toBe(spec.sha256);
    expect(integrity.message).toMatch(new RegExp(`has sha256 ${integrity.actualSha256}; expected ${spec.sha256} \\(corrupted or a different version\\)`));
  });

  it('verifyDataFile(file, spec) uses the fix it is given', async () => {
    const file = join(await dirs.make(), 'Or1a.csv');
    await writeFile(file, 'x');
    await expect(verifyDataFile(file, spec, { fix: 'Try again.' })).rejects.toThrow(/expected 57083 bytes .*\. Try again\.$/);
  });

  it('verifyDataFile(file, spec) throws DataNotFoundError for a missing file', async () => {
    const file = join(await dirs.make(), 'Or1a.csv');
    const error = await verifyDataFile(file, spec).catch((e: unknown) => e);
    expect(DataNotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Missing data file\(s\) in .*: .*Or1a\.csv\. Run `olfactory data fetch`, or download https:\/\/raw\.githubusercontent\.com\/.*Or1a\.csv to /);
  });

  it('verifyDataFile(file, spec) accepts a correct copy anywhere', async () => {
    const file = join(await dirs.make(), 'renamed.csv');
    await copyFile(dataFilePath(testDataDir(), spec), file);
    await expect(verifyDataFile(file, spec)).resolves.toMatchObject({ file, sha256: spec.sha256 });
  });
});
