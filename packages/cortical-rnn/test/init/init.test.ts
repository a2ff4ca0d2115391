import { loadMicronsField } from '@olfactory/connectome-data';
import {
  FIELD_GRIDS,
  RNG_STREAMS,
  bioInitialWeights,
  gridDistanceMatrix,
  orthogonalMatrix,
  permuteMatrix,
  perronRoot,
  randomPermutation,
  randomSource,
  referenceReshapedPositions,
  somaDistanceMatrix,
  upperTriangleCorrelation,
} from '../../src/index';
import { EXPM_ORACLE } from '../oracle/expm-oracle';

const dataDir = process.env.OLFACTORY_DATA_DIR ?? `${__dirname}/../../../../../shared/data`;

describe('initialisation and geometry', () => {
  it('perronRoot(M) equals numpy max |eigvals(M)| for a non-negative matrix', () => {
    expect(perronRoot(Float64Array.from(EXPM_ORACLE.M.flat()), 3)).toBeCloseTo(EXPM_ORACLE.rhoM, 10);
  });

  it('bioInitialWeights on field 6_6_2: non-negative, nonzero entries ≥ 0.01 before the rescale, spectral radius 0.95; W! keeps the weights', async () => {
    const f = await loadMicronsField({ dataDir });
    const w = bioInitialWeights(f, 'corr-sttc', randomSource(1, RNG_STREAMS.init));
    expect(w.length).toBe(312 * 312);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
    expect(perronRoot(w, 312)).toBeCloseTo(0.95, 9);
    const perm = randomPermutation(312, randomSource(1, RNG_STREAMS.permutation));
    const wp = permuteMatrix(w, 312, perm);
    expect(Float64Array.from(wp).sort()).toEqual(Float64Array.from(w).sort());
    expect(perronRoot(wp, 312)).toBeCloseTo(0.95, 9);
    expect(Array.from(wp.subarray(0, 5))).not.toEqual(Array.from(w.subarray(0, 5)));
    const sttcOnly = bioInitialWeights(f, 'sttc', randomSource(1, RNG_STREAMS.init));
    expect(sttcOnly).not.toEqual(w);
    expect(() => bioInitialWeights(f, 'corr' as 'sttc', randomSource(1, 4))).toThrow(/invalid bio init kind/);
  });

  it('orthogonalMatrix(n) is orthogonal (Keras Orthogonal)', () => {
    const q = orthogonalMatrix(20, randomSource(3, RNG_STREAMS.init));
    for (const [i, j] of [
      [0, 0],
      [0, 1],
      [5, 5],
      [7, 19],
    ]) {
      let dot = 0;
      for (let k = 0; k < 20; k++) dot += q[k * 20 + i] * q[k * 20 + j];
      expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
    }
  });

  it('gridDistanceMatrix((12, 13, 2), 312) enumerates like numpy meshgrid(...).ravel() (scipy pdist literals)', () => {
    const d = gridDistanceMatrix(FIELD_GRIDS['6_6_2'], 312);
    // /usr/bin/python3: x,y,z = np.meshgrid(arange(12), arange(13), arange(2)); D = squareform(pdist(...))
    expect(d[0 * 312 + 100]).toBeCloseTo(4.47213595499958, 12);
    expect(d[5 * 312 + 311]).toBe(15);
    expect(() => gridDistanceMatrix([12, 13, 3], 312)).toThrow(/invalid grid: "?\(12, 13, 3\)"?; expected three integers whose product is N = 312/);
  });

  it("the reference's reshape(3, −1) coordinates correlate r ≈ 0.003 with the true soma distances on 6_6_2; the stacked ones are the true ones", async () => {
    const f = await loadMicronsField({ dataDir });
    const truth = somaDistanceMatrix(f.positionsVoxel, 312);
    const scrambled = somaDistanceMatrix(referenceReshapedPositions(f.positionsVoxel, 312), 312);
    // /usr/bin/python3 with numpy: corrcoef of the upper triangles = 0.002775904568463017
    expect(upperTriangleCorrelation(truth, scrambled, 312)).toBeCloseTo(0.002775904568463017, 10);
    expect(upperTriangleCorrelation(truth, somaDistanceMatrix(f.positionsNm, 312), 312)).toBeCloseTo(1, 12);
  });
});
