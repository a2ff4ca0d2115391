/**
 * The pinned dataset registry: every data file the toolkit reads, with its public URL (pinned to
 * an immutable commit), exact size and sha256. A file is accepted only if both match, so a
 * truncated download, a corrupted copy or a silently updated upstream file is caught before any
 * parser sees it.
 *
 * Sizes and checksums were computed from the files themselves and are checked against the real
 * data in the test suite (`test/registry/dataset-registry.test.ts`).
 */
import { InvalidParameterError } from '@olfactory/neurons';
import type { DataFileSpec, DatasetId, DatasetInfo } from './data-file-spec';
import { micronsDataFiles, micronsDatasetInfo } from './microns-registry';

const WINDING2023_COMMIT = '15e065f5c29f08c96ccd64ea8fe0f51510629009';
const DOOR2_COMMIT = 'db323a496577c4b4a72b5c2fcd1859e07521ffb5';

/**
 * Provenance of each dataset (repository, pinned commit, licence, citation). Frozen.
 *
 * @example
 *   datasetInfo.door2.licence;  // 'CC-BY-SA-4.0'
 */
export const datasetInfo: Readonly<Record<DatasetId, DatasetInfo>> = Object.freeze({
  winding2023: Object.freeze({
    id: 'winding2023',
    title: 'Winding et al. 2023 larval Drosophila brain connectome (Supplementary Data S1)',
    repository: 'brain-networks/larval-drosophila-connectome',
    commit: WINDING2023_COMMIT,
    licence: 'CC-BY-4.0',
    citation: 'Winding M., Pedigo B.D., Barnes C.L., et al. (2023) The connectome of an insect brain. ' + 'Science 379(6636): eadd9330. doi:10.1126/science.add9330',
    doi: '10.1126/science.add9330',
  }),
  door2: Object.freeze({
    id: 'door2',
    title: 'DoOR 2.0 odorant response database (DoOR.data R package data files)',
    repository: 'ropensci/DoOR.data',
    commit: DOOR2_COMMIT,
    licence: 'CC-BY-SA-4.0',
    citation: 'Münch D., Galizia C.G. (2016) DoOR 2.0 - Comprehensive Mapping of Drosophila melanogaster ' + 'Odorant Responses. Sci. Rep. 6: 21841. doi:10.1038/srep21841',
    doi: '10.1038/srep21841',
  }),
  'microns-corticalblueprint': micronsDatasetInfo,
});

/**
 * The Winding et al. 2023 connectome: one zip (`Supplementary-Data-S1.zip`, 1,107,380 bytes)
 * holding the connectivity matrices and annotations. Frozen.
 */
export const winding2023DataFiles: readonly DataFileSpec[] = Object.freeze([
  Object.freeze({
    path: 'winding2023/Supplementary-Data-S1.zip',
    dataset: 'winding2023',
    url: 'https://github.com/brain-networks/larval-drosophila-connectome/raw/' + `${WINDING2023_COMMIT}/Supplementary-Data-S1.zip`,
    bytes: 1_107_380,
    sha256: '8c1f43809ed5d527ba61b154e377cc21da26383a75eda8aab85ce05607a72a4c',
    licence: datasetInfo.winding2023.licence,
    citation: datasetInfo.winding2023.citation,
  } satisfies DataFileSpec),
]);

/** Builds the spec of one DoOR 2.0 per-receptor CSV; `bytes` and `sha256` are pinned literals. */
function door2File(receptor: string, bytes: number, sha256: string): DataFileSpec {
  return Object.freeze({
    path: `door2/${receptor}.csv`,
    dataset: 'door2',
    url: `https://raw.githubusercontent.com/ropensci/DoOR.data/${DOOR2_COMMIT}/data/${receptor}.csv`,
    bytes,
    sha256,
    licence: datasetInfo.door2.licence,
    citation: datasetInfo.door2.citation,
  });
}

/**
 * The 20 DoOR 2.0 per-receptor CSVs of the larval odorant receptors recorded by Kreher et al.
 * 2008 (column `Kreher.2008.EN`), in the order of {@link door2LarvalReceptors}. Frozen.
 * (Or83a, the 21st larval OR, has no DoOR file.)
 */
export const door2DataFiles: readonly DataFileSpec[] = Object.freeze([
  door2File('Or1a', 57_083, 'ebf75a614c68af6e243f5abfb81dea84f364dec0b6da23b41dadf06a1837b312'),
  door2File('Or2a', 63_367, '496c9597a03fdb84dcb5d58981aa92c9ddd5cdedc7d344502c3965c6796e58c8'),
  door2File('Or7a', 78_316, '148e6f174d8c7cc3d97190ca75c47dab92feeeb0998e76d6c50a2b1bcf040c93'),
  door2File('Or13a', 70_282, '012fcabd290f319bfa8b6ec0e855defe3d57ec2be92c9577fa4e26df1490281e'),
  door2File('Or22c', 59_165, 'fd2560e6dec95a0f0aa48f073f12421cddd517b31090279f2c6e7bf6b8403bf5'),
  door2File('Or24a', 59_173, 'a33ee7beb9a40ab70569ac4c37543509c79491b6ed5776cac0d69df833c90d42'),
  door2File('Or30a', 61_256, '0610d638b60f7eb986815158cb89f3bb06914372a15fafb6cfa4e0020241ceac'),
  door2File('Or33b', 63_412, '7537c7b1060664d3a559756dc21351a7da42983008372e815345809519216289'),
  door2File('Or35a', 63_430, '2b2b2311d3994fe1c452602a4bd18fae28886042aae3b9918f738649e8498dcc'),
  door2File('Or42a', 67_696, 'a43be99d43301de1b33d26de6223372a196c149d0e2c974a884e8322b452e033'),
  door2File('Or42b', 74_306, 'e3ac8690cb11ec5d861c42e98449bc11f8ff735609540c2bf859e367e3f61109'),
  door2File('Or45a', 61_289, 'a4f8c020e8954d90f2f020a45def7b076f3fe59d2520f6965d619d0ae9e44b3e'),
  door2File('Or45b', 61_262, '945a27f2ba94d35bc4fbb660473670cd6a143f60e29d499dd9d5766d322a46ea'),
  door2File('Or47a', 67_619, 'cf41c23a3be6ef46c974cf27c8731f5da5d84eb2f24cf2a77c2153644953ebed'),
  door2File('Or49a', 61_247, '4fb40d0b202d79a3c0ea29982eeb624ea63632b14dd68badf5272a8cdac844e2'),
  door2File('Or59a', 61_290, 'f0ab92cbe4491f9586f167918756775f59805281a221b186362d29b7d25ff91d'),
  door2File('Or67b', 64_932, '6bc9fd6162072b6296b60432f413a67dd02117a7f1dd51189a0099f8da93875f'),
  door2File('Or74a', 61_267, '75db47a55d20b3f5c389d4501380c15f560ea3c2e310c4b39e20ee61a1acea54'),
  door2File('Or82a', 73_940, '0c01fbc19266a8c6415600cfb2f2f98bb24b897d6f6cb365333a142bb8bc0162'),
  door2File('Or85c', 61_277, '999b3766d6901f0cc2a9e36554c34d8ec2a67244f0938b5b7142ce3667371af2'),
]);

/**
 * The 20 larval odorant receptors with a DoOR 2.0 file and Kreher et al. 2008 recordings, in
 * registry order (`door2/<receptor>.csv`). Frozen.
 */
export const door2LarvalReceptors: readonly string[] = Object.freeze(door2DataFiles.map((spec) => spec.path.slice('door2/'.length, -'.csv'.length)));

/**
 * Every pinned data file of the olfactory model (what `olfactory data fetch` gets by default): the
 * Winding 2023 zip, then the 20 DoOR 2.0 CSVs. Frozen. Other datasets' files (MICrONS) are
 * registered too and found by {@link getDataFileSpec}; see {@link dataFilesOf}.
 */
export const allDataFiles: readonly DataFileSpec[] = Object.freeze([...winding2023DataFiles, ...door2DataFiles]);

const byPath: ReadonlyMap<string, DataFileSpec> = new Map([...allDataFiles, ...micronsDataFiles].map((spec) => [spec.path, spec]));

/**
 * The pinned files of one dataset.
 *
 * @example
 *   dataFilesOf('door2').length;  // 20
 */
export function dataFilesOf(dataset: DatasetId): readonly DataFileSpec[] {
  switch (dataset) {
    case 'winding2023':
      return winding2023DataFiles;
    case 'door2':
      return door2DataFiles;
    case 'microns-corticalblueprint':
      return micronsDataFiles;
    default:
      throw new InvalidParameterError({
        parameter: 'dataset',
        value: dataset,
        expected: `one of ${Object.keys(datasetInfo)
          .map((id) => `'${id}'`)
          .join(', ')}`,
      });
  }
}

/**
 * The pinned spec of a data file, looked up by its path relative to the data directory
 * (`/` or `\` separators), or `undefined` when the path is not in the registry.
 *
 * @example
 *   findDataFileSpec('door2/Or42a.csv')?.bytes;  // 67696
 *   findDataFileSpec('door2/Or99z.csv');         // undefined
 */
export function findDataFileSpec(path: string): DataFileSpec | undefined {
  return byPath.get(path.replace(/\\/g, '/'));
}

/**
 * The pinned spec of a data file, looked up by its path relative to the data directory.
 * Throws {@link InvalidParameterError} naming the unknown path and the valid ones.
 *
 * @example
 *   getDataFileSpec('winding2023/Supplementary-Data-S1.zip').sha256;  // '8c1f4380…'
 */
export function getDataFileSpec(path: string): DataFileSpec {
  const spec = typeof path === 'string' ? findDataFileSpec(path) : undefined;
  if (spec) return spec;
  throw new InvalidParameterError({
    parameter: 'data file path',
    value: path,
    expected: `a path of a pinned data file relative to the data directory: ${winding2023DataFiles[0].path} ` + `or door2/<receptor>.csv for receptor in ${door2LarvalReceptors.join(' ')}`,
  });
}
