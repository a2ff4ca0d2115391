import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/io/atomic-write';
import { hashFile } from '../../src/io/hash-file';
import { isTempFileName, tempPathFor } from '../../src/io/temp-path';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'olfactory-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writeFileAtomic(path, data) writes strings and bytes, leaving no temp file', async () => {
    await writeFileAtomic(join(dir, 'a.json'), '{"formatVersion":1}');
    await writeFileAtomic(join(dir, 'b.bin'), new Uint8Array([1, 2, 3]));
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('{"formatVersion":1}');
    expect([...(await readFile(join(dir, 'b.bin')))]).toEqual([1, 2, 3]);
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.bin']);
  });

  it('writeFileAtomic(path, data) replaces an existing file', async () => {
    const file = join(dir, 'cache.json');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['cache.json']);
  });

  it('writeFileAtomic(path, data) removes its temp file and rethrows when the rename fails', async () => {
    const target = join(dir, 'occupied');
    await mkdir(target);
    await writeFile(join(target, 'inside'), 'x');
    await expect(writeFileAtomic(target, 'data')).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST|EPERM)$/) });
    expect(await readdir(dir)).toEqual(['occupied']);
    expect(await readdir(target)).toEqual(['inside']);
  });

  it('writeFileAtomic(path, data) throws ENOENT when the parent directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), '{}')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('errors name the target file, never the temp file (issue 13 §3.12)', async () => {
    const target = join(dir, 'missing', 'x.json');
    const error = (await writeFileAtomic(target, '{}').catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(error.message).toContain(target);
    expect(error.message).not.toMatch(/\.tmp/);
    expect(error.path).toBe(target);
    const occupied = join(dir, 'occupied');
    await mkdir(occupied);
    await writeFile(join(occupied, 'inside'), 'x');
    const renameError = (await writeFileAtomic(occupied, 'data').catch((e: unknown) => e)) as Error;
    expect(renameError.message).not.toMatch(/\.tmp/);
  });
});

describe('tempPathFor', () => {
  it('tempPathFor(target) is a hidden, unique sibling of target', () => {
    const a = tempPathFor(join('/cache', 'door2', 'Or42a.csv'));
    const b = tempPathFor(join('/cache', 'door2', 'Or42a.csv'));
    expect(a).toMatch(/^\/cache\/door2\/\.Or42a\.csv\.[0-9a-f]{12}\.tmp$/);
    expect(a).not.toBe(b);
    expect(isTempFileName(a.split('/').pop() as string)).toBe(true);
    expect(isTempFileName('Or42a.csv')).toBe(false);
  });
});

describe('hashFile', () => {
  it('hashFile(file) returns the sha256 and size of the contents', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'olfactory-hash-'));
    try {
      await writeFile(join(dir, 'abc'), 'abc');
      await writeFile(join(dir, 'empty'), '');
      expect(await hashFile(join(dir, 'abc'))).toEqual({ sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', bytes: 3 });
      expect(await hashFile(join(dir, 'empty'))).toEqual({ sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', bytes: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
