import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { decodeConnectomeCache, encodeConnectomeCache, inspectConnectomeCache } from '../../src/cache/connectome-binary-cache';
import { loadWindingConnectome } from '../../src/load/load-winding-connectome';
import { parseWindingZip } from '../../src/winding/parse-winding-zip';
import { DataFormatError } from '../../src/errors/data-format-error';
import { readZipEntries } from '../../src/zip/read-zip-entries';
import { catchError } from '../helpers/catch-error';

const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));
/** A tiny archive with the layout of Data S1 (3 neurons). */
function tinyArchive(): Uint8Array {
  const matrix = (v: number) => enc(`,11,12,13\n11,0.0,${v}.0,0.0\n12,0.0,0.0,1.0\n13,2.0,0.0,0.0\n`);
  return zipSync({
    'Supplementary-Data-S1/all-all_connectivity_matrix.csv': matrix(7),
    'Supplementary-Data-S1/aa_connectivity_matrix.csv': matrix(1),
    'Supplementary-Data-S1/ad_connectivity_matrix.csv': matrix(4),
    'Supplementary-Data-S1/da_connectivity_matrix.csv': matrix(1),
    'Supplementary-Data-S1/dd_connectivity_matrix.csv': matrix(1),
    'Supplementary-Data-S1/annotations.csv': enc('left_id,right_id,celltype,additional_annotations,level_7_cluster\n11,12,KC,KC,1\n13,no pair,LN,APL,2\n'),
    '__MACOSX/Supplementary-Data-S1/._annotations.csv': enc('junk'),
  });
}

/** Store a fresh payload checksum (bytes 16..47 = sha256 of bytes 48..), as a careful forger would. */
function resign(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  out.set(createHash('sha256').update(out.subarray(48)).digest(), 16);
  return out;
}

describe('connectome binary cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'olf-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('encodeConnectomeCache → decodeConnectomeCache round-trips every array and the annotations', () => {
    const c = parseWindingZip(tinyArchive(), 'abc');
    const back = decodeConnectomeCache(encodeConnectomeCache(c), 'abc')!;
    expect(back).toBeDefined();
    for (const name of ['all-all', 'aa', 'ad', 'da', 'dd'] as const) {
      expect(Array.from(back.matrices[name].rowIds)).toEqual(Array.from(c.matrices[name].rowIds));
      expect(Array.from(back.matrices[name].matrix.values)).toEqual(Array.from(c.matrices[name].matrix.values));
      expect(Array.from(back.matrices[name].matrix.colIdx)).toEqual(Array.from(c.matrices[name].matrix.colIdx));
    }
    expect(back.annotations).toEqual(c.annotations);
  });

  it('decodeConnectomeCache ignores another archive, a truncated file and garbage', () => {
    const bytes = encodeConnectomeCache(parseWindingZip(tinyArchive(), 'abc'));
    expect(decodeConnectomeCache(bytes, 'other')).toBeUndefined();
    expect(decodeConnectomeCache(bytes.subarray(0, bytes.length - 3), 'abc')).toBeUndefined();
    expect(decodeConnectomeCache(enc('not a cache at all'), 'abc')).toBeUndefined();
  });

  it('loadWindingConnectome writes the cache on the first load and reads it on the second', async () => {
    const zip = join(dir, 'S1.zip');
    writeFileSync(zip, tinyArchive());
    const stages: string[] = [];
    const first = await loadWindingConnectome(zip, 'feed', { cacheDir: join(dir, 'parsed'), onStage: (s) => stages.push(s.file) });
    expect(first.cache.hit).toBe(false);
    expect(stages).toContain('ad_connectivity_matrix.csv');
    const second = await loadWindingConnectome(zip, 'feed', { cacheDir: join(dir, 'parsed') });
    expect(second.cache).toEqual({ path: first.cache.path, hit: true, written: false });
    expect(first.cache).toEqual({ path: first.cache.path, hit: false, written: true });
    expect(Array.from(second.connectome.matrices.ad.matrix.values)).toEqual([4, 1, 2]);
    expect(readdirSync(join(dir, 'parsed'))).toHaveLength(1); // no temp files left
  });

  it('loadWindingConnectome replaces a corrupted cache file', async () => {
    const zip = join(dir, 'S1.zip');
    writeFileSync(zip, tinyArchive());
    const { cache } = await loadWindingConnectome(zip, 'feed', { cacheDir: dir });
    writeFileSync(cache.path!, readFileSync(cache.path!).subarray(0, 40));
    const again = await loadWindingConnectome(zip, 'feed', { cacheDir: dir });
    expect(again.cache.hit).toBe(false);
    expect((await loadWindingConnectome(zip, 'feed', { cacheDir: dir })).cache.hit).toBe(true);
  });

  it('a single flipped bit anywhere in the payload is a miss (checksum), not a silently different connectome', () => {
    const bytes = encodeConnectomeCache(parseWindingZip(tinyArchive(), 'abc'));
    // the last 4 bytes are the last f32 value of the dd matrix
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 2]! ^= 0x01;
    expect(decodeConnectomeCache(flipped, 'abc')).toBeUndefined();
    expect(inspectConnectomeCache(flipped, 'abc')).toEqual({ ok: false, problem: expect.stringMatching(/checksum mismatch/) });
    // a flipped bit in the stored checksum itself is a miss too
    const sum = Uint8Array.from(bytes);
    sum[20]! ^= 0x80;
    expect(decodeConnectomeCache(sum, 'abc')).toBeUndefined();
  });

  it('a malformed header or arrays with a valid checksum are a miss, never a throw', () => {
    const bytes = encodeConnectomeCache(parseWindingZip(tinyArchive(), 'abc'));
    const hLen = new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true);
    const headerText = Buffer.from(bytes.subarray(48, 48 + hLen)).toString('utf8');
    const withHeader = (text: string): Uint8Array => {
      expect(Buffer.byteLength(text)).toBe(hLen); // same length: only the field changes
      const out = Uint8Array.from(bytes);
      out.set(Buffer.from(text, 'utf8'), 48);
      return resign(out);
    };
    // nRows −1 made "Invalid typed array length: -1" escape from the decoder
    const negative = withHeader(headerText.replace('"nRows":3', '"nRows":-1').replace('"APL"', '"AP"'));
    expect(() => decodeConnectomeCache(negative, 'abc')).not.toThrow();
    expect(inspectConnectomeCache(negative, 'abc')).toEqual({ ok: false, problem: expect.stringMatching(/not non-negative integers|does not decode/) });
    const notJson = withHeader(`{${headerText.slice(1, -1)}x`);
    expect(inspectConnectomeCache(notJson, 'abc')).toEqual({ ok: false, problem: expect.stringMatching(/does not decode/) });
    // a column index out of range, checksum recomputed
    const badIdx = Uint8Array.from(bytes);
    const firstColIdx = (48 + hLen + 3) & ~3; // all-all: rowIds[3], colIds[3], rowPtr[4], then colIdx
    new DataView(badIdx.buffer).setInt32(firstColIdx + 4 * (3 + 3 + 4), 99, true);
    expect(inspectConnectomeCache(resign(badIdx), 'abc')).toEqual({ ok: false, problem: expect.stringMatching(/column index out of range/) });
  });

  it('loadWindingConnectome re-parses a corrupt cache, says why, and rewrites it', async () => {
    const zip = join(dir, 'S1.zip');
    writeFileSync(zip, tinyArchive());
    const { cache } = await loadWindingConnectome(zip, 'feed', { cacheDir: dir });
    const bytes = readFileSync(cache.path!);
    bytes[bytes.length - 2]! ^= 0x01;
    writeFileSync(cache.path!, bytes);
    const again = await loadWindingConnectome(zip, 'feed', { cacheDir: dir });
    expect(again.cache).toMatchObject({ hit: false, written: true, rejected: expect.stringMatching(/checksum mismatch/) });
    expect(Array.from(again.connectome.matrices.dd.matrix.values)).toEqual([1, 1, 2]);
    expect((await loadWindingConnectome(zip, 'feed', { cacheDir: dir })).cache).toMatchObject({ hit: true });
  });

  it('loadWindingConnectome reports a cache that could not be written instead of claiming it was', async () => {
    const zip = join(dir, 'S1.zip');
    writeFileSync(zip, tinyArchive());
    // the cache folder would sit below a regular file: mkdir fails with ENOTDIR (even as root)
    const r = await loadWindingConnectome(zip, 'feed', { cacheDir: join(zip, 'parsed') });
    expect(r.cache).toMatchObject({ hit: false, written: false, writeError: expect.stringMatching(/ENOTDIR|EEXIST/) });
    expect(Array.from(r.connectome.matrices.ad.matrix.values)).toEqual([4, 1, 2]);
  });

  it('readZipEntries rejects a corrupt archive and a missing entry', () => {
    expect(() => readZipEntries(enc('PK\u0003\u0004garbage'), ['a.csv'], 'S1.zip')).toThrow(/S1.zip.*not a readable zip archive/);
    expect(catchError(DataFormatError.isInstance, () => readZipEntries(tinyArchive(), ['inputs.csv'], 'S1.zip')).message).toMatch(/missing entries inputs.csv/);
  });
});
