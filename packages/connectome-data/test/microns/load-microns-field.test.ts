import { cpythonSetOrder } from '../../src/microns/cpython-set-order';
import { loadMicronsField, parseMicronsConnectomeCsv, reorderById, symmetrizeLower } from '../../src/microns/load-microns-field';
import { DataFormatError } from '../../src/errors/data-format-error';
import { InvalidParameterError } from '@olfactory/neurons';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { catchError } from '../helpers/catch-error';
import { testDataDir } from '../helpers/data-dir';
import { getDataFileSpec, dataFilesOf } from '../../src/registry/dataset-registry';
import { verifyDataFile } from '../../src/registry/verify-data-file';

// Oracle values: /usr/bin/python3 (3.11, numpy 1.24.2) on the pinned files, e.g.
//   r = np.load('root_ids_6_6_2.npy'); order = list(set(r.tolist()))
//   sha256(','.join(map(str, order)))  → the literals below
//   A = M[np.ix_(perm, perm)] with perm = [order.index(x) for x in r]; np.argwhere(A > 0)[:3]
//   np.stack(list(np.load('positions_6_6_2.npy', allow_pickle=True)))[0]
const SET_ORDER_SHA256: Record<string, string> = {
  '5_3_4': '0792cbd8967db2d47147e48464f35297395fedc69e041e4194574f429a3ee7bb',
  '5_6_8': 'c4c2fed30fee31d2946ccb75767e0984a0a73a2b978b76ff4ad0001d35f8c76b',
  '6_6_2': '917e7461f44aa0a1e771e7bb8bc3a2cd7684ecc48678e8ca748ba44590d228e6',
};

const dataDir = testDataDir();

describe('microns registry', () => {
  it('dataFilesOf("microns-corticalblueprint") has the expected defaults: 26 files whose size and sha256 match the data', async () => {
    const files = dataFilesOf('microns-corticalblueprint');
    expect(files).toHaveLength(26);
    expect(getDataFileSpec('microns-corticalblueprint/info/6_6_2/sttc_matrix.npy').bytes).toBe(778_880);
    for (const spec of files) await expect(verifyDataFile(join(dataDir, spec.path), spec)).resolves.toMatchObject({ sha256: spec.sha256 });
  });
});

describe('cpythonSetOrder', () => {
  it.each(Object.keys(SET_ORDER_SHA256))('cpythonSetOrder(root ids of %s) equals CPython list(set(root_ids))', async (field) => {
    const f = await loadMicronsField({ dataDir, field: field as '6_6_2' });
    const order = cpythonSetOrder(f.rootIds);
    expect(order).toHaveLength(f.n);
    expect(createHash('sha256').update(order.join(',')).digest('hex')).toBe(SET_ORDER_SHA256[field]);
  });

  it('cpythonSetOrder drops duplicates and keeps small ints in hash order', () => {
    expect(cpythonSetOrder([5n, 3n, 5n, 1n])).toEqual([1n, 3n, 5n]);
    expect(cpythonSetOrder([9n, 1n])).toEqual([9n, 1n]); // 9 & 7 = 1 collides with 1: linear probe
  });
});

describe('loadMicronsField', () => {
  it('loadMicronsField({ field: "6_6_2" }) stacks positions as (N, 3) and aligns the EM connectome by root id', async () => {
    const f = await loadMicronsField({ dataDir });
    expect(f.n).toBe(312);
    expect(f.positionsVoxel.length).toBe(936);
    expect(Array.from(f.positionsVoxel.subarray(0, 3))).toEqual([167584, 104848, 26197]);
    expect(Array.from(f.positionsVoxel.subarray(933))).toEqual([166432, 108512, 22251]);
    expect(Array.from(f.positionsNm.subarray(0, 3))).toEqual([167584 * 4, 104848 * 4, 26197 * 40]);
    expect(f.rootIds[0]).toBe(864691135464074909n);
    expect(Array.from(f.unitIds.subarray(0, 3))).toEqual([2042, 1734, 1585]);
    expect(f.corr[1]).toBe(0.059254523405047166);
    expect(f.precision[313]).toBe(12.056961031944528);
    expect(f.sttc[2]).toBe(-0.0033682906639181205); // upper triangle filled from sttc[2][0]
    expect(f.sttc[2 * 312]).toBe(-0.0033682906639181205);
    let nnz = 0;
    let sum = 0;
    const firstNz: [number, number, number][] = [];
    for (let k = 0; k < f.emSynapses.length; k++) {
      if (f.emSynapses[k] > 0) {
        nnz++;
        sum += f.emSynapses[k];
        if (firstNz.length < 3) firstNz.push([Math.floor(k / 312), k % 312, f.emSynapses[k]]);
      }
    }
    expect([nnz, sum]).toEqual([316, 338]);
    expect(firstNz).toEqual([
      [0, 51, 1],
      [1, 93, 1],
      [1, 98, 1],
    ]);
  });

  it('loadMicronsField({ field: "5_3_4", spikes: true }) reads the pickled spike trains and aligns the connectome', async () => {
    const f = await loadMicronsField({ dataDir, field: '5_3_4', spikes: true });
    expect(f.spikeTimesS).toHaveLength(70);
    expect(f.spikeTimesS![0].length).toBe(3908);
    expect(Array.from(f.spikeTimesS![0].subarray(0, 3))).toEqual([4.443809614499516, 6.189591963052897, 8.887619228999032]);
    expect(f.spikeTimesS!.reduce((s, x) => s + x.length, 0)).toBe(225657);
    expect(Array.from(f.positionsVoxel.subarray(0, 3))).toEqual([275424, 151888, 26776]);
    const nz: [number, number, number][] = [];
    for (let k = 0; k < f.emSynapses.length && nz.length < 3; k++) if (f.emSynapses[k] > 0) nz.push([Math.floor(k / 70), k % 70, f.emSynapses[k]]);
    expect(nz).toEqual([
      [8, 3, 2],
      [12, 32, 1],
      [13, 14, 1],
    ]);
  });

  it('loadMicronsField rejects an unknown field and spikes for 6_6_2 with InvalidParameterError', async () => {
    await expect(loadMicronsField({ dataDir, field: '9_9_9' as '6_6_2' })).rejects.toThrow(/invalid field: "?9_9_9"?.*6_6_2, 5_3_4, 5_6_8/);
    const err = await loadMicronsField({ dataDir, spikes: true }).catch((e: unknown) => e);
    expect(InvalidParameterError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/^invalid spikes: true; expected false for field 6_6_2/);
  });
});

describe('parseMicronsConnectomeCsv / reorderById / symmetrizeLower', () => {
  it('reorderById(m, csvOrder, target) moves entries onto the target id order', () => {
    const m = Float64Array.from([0, 1, 0, 0]); // csv order [20, 10]: 20 → 10 has 1 synapse
    expect(Array.from(reorderById(m, [20n, 10n], [10n, 20n], 'c.csv'))).toEqual([0, 0, 1, 0]);
    const err = catchError(DataFormatError.isInstance, () => reorderById(m, [20n, 10n], [10n, 30n], 'c.csv'));
    expect(err.message).toMatch(/root id 30 is not among the connectome's ids/);
  });

  it('parseMicronsConnectomeCsv throws DataFormatError naming line and column of a bad cell', () => {
    expect(Array.from(parseMicronsConnectomeCsv(',0,1\n0,0,2\n1,1,0\n', 2, 'c.csv'))).toEqual([0, 2, 1, 0]);
    const err = catchError(DataFormatError.isInstance, () => parseMicronsConnectomeCsv(',0,1\n0,0,x\n1,1,0\n', 2, 'c.csv'));
    expect([err.line, err.column]).toEqual([2, 3]);
  });

  it('symmetrizeLower fills the upper triangle from the lower one', () => {
    expect(Array.from(symmetrizeLower(Float64Array.from([1, 0, 0.5, 1]), 2))).toEqual([1, 0.5, 0.5, 1]);
  });
});
