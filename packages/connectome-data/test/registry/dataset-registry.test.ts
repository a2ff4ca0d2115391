import { InvalidParameterError } from '@olfactory/neurons';
import { hashFile } from '../../src/io/hash-file';
import { dataFilePath } from '../../src/registry/data-file-path';
import { allDataFiles, dataFilesOf, datasetInfo, door2DataFiles, door2LarvalReceptors, findDataFileSpec, getDataFileSpec, winding2023DataFiles } from '../../src/registry/dataset-registry';
import { testDataDir } from '../helpers/data-dir';

describe('dataset registry', () => {
  it('allDataFiles has the expected defaults: the Winding 2023 zip, then 20 DoOR 2.0 CSVs', () => {
    expect(allDataFiles).toHaveLength(21);
    expect(allDataFiles[0]).toEqual({
      path: 'winding2023/Supplementary-Data-S1.zip',
      dataset: 'winding2023',
      url: 'https://github.com/brain-networks/larval-drosophila-connectome/raw/15e065f5c29f08c96ccd64ea8fe0f51510629009/Supplementary-Data-S1.zip',
      bytes: 1_107_380,
      sha256: '8c1f43809ed5d527ba61b154e377cc21da26383a75eda8aab85ce05607a72a4c',
      licence: 'CC-BY-4.0',
      citation: expect.stringMatching(/Winding .*2023.*doi:10\.1126\/science\.add9330/),
    });
    expect(door2LarvalReceptors).toEqual('Or1a Or2a Or7a Or13a Or22c Or24a Or30a Or33b Or35a Or42a Or42b Or45a Or45b Or47a Or49a Or59a Or67b Or74a Or82a Or85c'.split(' '));
    expect(allDataFiles).toEqual([...winding2023DataFiles, ...door2DataFiles]);
    for (const spec of door2DataFiles) {
      const receptor = spec.path.slice('door2/'.length, -'.csv'.length);
      expect(spec.url).toBe(`https://raw.githubusercontent.com/ropensci/DoOR.data/db323a496577c4b4a72b5c2fcd1859e07521ffb5/data/${receptor}.csv`);
      expect(spec.licence).toBe('CC-BY-SA-4.0');
      expect(spec.citation).toMatch(/Münch.*2016.*doi:10\.1038\/srep21841/);
    }
    for (const spec of allDataFiles) {
      expect(spec.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(Number.isInteger(spec.bytes) && spec.bytes > 0).toBe(true);
      expect(spec.path.startsWith(`${spec.dataset}/`)).toBe(true);
    }
    expect(new Set(allDataFiles.map((spec) => spec.path)).size).toBe(21);
  });

  it('the pinned sizes and sha256 match the real files in testDataDir()', async () => {
    const dir = testDataDir();
    for (const spec of allDataFiles) {
      const digest = await hashFile(dataFilePath(dir, spec));
      expect({ path: spec.path, ...digest }).toEqual({ path: spec.path, sha256: spec.sha256, bytes: spec.bytes });
    }
  });

  it('the registry and its entries are frozen', () => {
    expect(Object.isFrozen(allDataFiles)).toBe(true);
    expect(Object.isFrozen(allDataFiles[3])).toBe(true);
    expect(Object.isFrozen(datasetInfo.door2)).toBe(true);
  });

  it('getDataFileSpec(path) finds a file by registry path, with / or \\ separators', () => {
    expect(getDataFileSpec('door2/Or42a.csv').bytes).toBe(67_696);
    expect(getDataFileSpec('door2\\Or42a.csv')).toBe(getDataFileSpec('door2/Or42a.csv'));
    expect(findDataFileSpec('door2/Or83a.csv')).toBeUndefined();
  });

  it('getDataFileSpec(path) throws InvalidParameterError for a path not in the registry', () => {
    expect(() => getDataFileSpec('door2/Or99z.csv')).toThrow(InvalidParameterError);
    expect(() => getDataFileSpec('door2/Or99z.csv')).toThrow(/invalid data file path: "door2\/Or99z\.csv"; expected .*winding2023\/Supplementary-Data-S1\.zip.*Or42a/);
  });

  it('dataFilesOf(dataset) lists one dataset and rejects unknown ids', () => {
    expect(dataFilesOf('door2')).toBe(door2DataFiles);
    expect(dataFilesOf('winding2023')).toBe(winding2023DataFiles);
    expect(() => dataFilesOf('flywire' as never)).toThrow(/invalid dataset: "flywire"; expected one of 'winding2023', 'door2'/);
  });
});
