import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { decodeConnectomeCache, encodeConnectomeCache } from '../../src/cache/connectome-binary-cache';
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
    expect(second.cache).toEqual({ path: first.cache.path, hit: true });
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

  it('readZipEntries rejects a corrupt archive and a missing entry', () => {
    expect(() => readZipEntries(enc('PK\u0003\u0004garbage'), ['a.csv'], 'S1.zip')).toThrow(/S1.zip.*not a readable zip archive/);
    expect(catchError(DataFormatError.isInstance, () => readZipEntries(tinyArchive(), ['inputs.csv'], 'S1.zip')).message).toMatch(/missing entries inputs.csv/);
  });
});
