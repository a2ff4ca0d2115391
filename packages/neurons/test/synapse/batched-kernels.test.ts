import {
  bipartiteGapJunctionForward,
  createSynapseParamGrads,
  defineGapJunctionMask,
  defineGradedCoupling,
  defineSynapseParams,
  defineSynapsePathway,
  gapJunctionBackward,
  gapJunctionForward,
  gradedCouplingBackward,
  gradedCouplingForward,
  synapseBackward,
  synapseForward,
} from '../../src/index';
import type { CsrMatrix, SynapseParams, SynapsePathway, SynapseState, Vec } from '../../src/index';
import { randomCounts } from '../helpers/connectivity';
import { seededNormal, seededUniform } from '../helpers/seeded';

// The kernels process samples four at a time (and the synapse kernels may skip unconnected
// elements). These tests pin them to straightforward one-sample-at-a-time reference loops (the
// kernels as first written): forward outputs bit for bit, gradients to float64 rounding.

const BATCHES = [1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17];
const f32 = (x: ArrayLike<number>) => Float32Array.from(x);

/** The original synapse forward, one sample at a time. */
function referenceSynapseForward(pathway: SynapsePathway, params: SynapseParams, state: SynapseState, spikes: Vec, releaseNoise: Vec | null, out: SynapseState): void {
  const { nPre, nPost, weights, shortTermDepression } = pathway;
  const { rowPtr, colIdx, values } = weights;
  const scale = pathway.sign * Math.exp(params.logStrengthNa);
  const alpha = Math.exp(-1 / pathway.tauSynMs);
  const r = Math.exp(-1 / Math.exp(params.logTauRecMs));
  const U = 1 / (1 + Math.exp(-params.logitReleaseProbability));
  const batch = spikes.length / nPre;
  for (let b = 0; b < batch; b++) {
    const pre = b * nPre;
    const post = b * nPost;
    for (let k = 0; k < nPost; k++) out.currentNa[post + k] = 0;
    for (let j = 0; j < nPre; j++) {
      const s = spikes[pre + j]!;
      let p: number;
      if (shortTermDepression) {
        const x1 = 1 - (1 - state.resources[pre + j]!) * r;
        const c = s < 0 ? 0 : s > 1 ? 1 : s;
        out.resources[pre + j] = x1 * (1 - U * c);
        p = s * U * x1;
      } else {
        out.resources[pre + j] = state.resources[pre + j]!;
        p = s;
      }
      if (p === 0) continue;
      for (let e = rowPtr[j]!; e < rowPtr[j + 1]!; e++) out.currentNa[post + colIdx[e]!]! += p * values[e]!;
    }
    for (let k = 0; k < nPost; k++) {
      const noise = releaseNoise === null ? 1 : 1 + releaseNoise[post + k]!;
      out.currentNa[post + k] = alpha * state.currentNa[post + k]! + scale * out.currentNa[post + k]! * noise;
    }
  }
}

/** Counts with whole empty rows and columns, so the connected-only paths are exercised. */
function sparseCounts(nPre: number, nPost: number): CsrMatrix {
  const { dense } = randomCounts(71, nPre, nPost, 0.4);
  for (let k = 0; k < nPost; k++) dense[1 * nPost + k] = 0; // row 1 empty
  for (let j = 0; j < nPre; j++) dense[j * nPost + 2] = 0; // column 2 empty
  return randomCountsFromDense(dense, nPre, nPost);
}
function randomCountsFromDense(dense: Float64Array, nPre: number, nPost: number): CsrMatrix {
  const rows: number[] = [];
  const rowPtr = [0];
  const vals: number[] = [];
  for (let j = 0; j < nPre; j++) {
    for (let k = 0; k < nPost; k++) if (dense[j * nPost + k] !== 0) (rows.push(k), vals.push(dense[j * nPost + k]!));
    rowPtr.push(rows.length);
  }
  return { nRows: nPre, nCols: nPost, rowPtr: Int32Array.from(rowPtr), colIdx: Int32Array.from(rows), values: Float32Array.from(vals) };
}

describe('batched kernels agree with one-sample-at-a-time reference loops', () => {
  const nPre = 7;
  const nPost = 6;
  const params = defineSynapseParams({ strengthNa: 2.5, tauRecMs: 150, releaseProbability: 0.35 });

  test.each(BATCHES)('synapseForward(...) with batch %i is bit-identical to the reference (float32, STD and no STD, soft and hard spikes)', (batch) => {
    for (const shortTermDepression of [true, false]) {
      const pathway = defineSynapsePathway({ counts: sparseCounts(nPre, nPost), sign: 'inhibitory', shortTermDepression });
      for (const hard of [false, true]) {
        const spikes = f32(seededUniform(3 + batch, batch * nPre, 0, 1).map((u) => (hard ? (u > 0.7 ? 1 : 0) : u)));
        const state = { currentNa: f32(seededNormal(5, batch * nPost)), resources: f32(seededUniform(6, batch * nPre, 0.2, 1)) };
        const noise = f32(seededNormal(7, batch * nPost, 0.25));
        const want = { currentNa: new Float32Array(batch * nPost), resources: new Float32Array(batch * nPre) };
        referenceSynapseForward(pathway, params, state, spikes, noise, want);
        const got = { currentNa: new Float32Array(batch * nPost), resources: new Float32Array(batch * nPre) };
        const acc = f32(seededNormal(8, batch * nPost));
        const accWant = Float32Array.from(acc);
        synapseForward(pathway, params, state, spikes, noise, 1, got, { accumulate: acc });
        expect(Array.from(got.currentNa)).toEqual(Array.from(want.currentNa));
        expect(Array.from(got.resources)).toEqual(Array.from(want.resources));
        for (let k = 0; k < accWant.length; k++) accWant[k]! += want.currentNa[k]!;
        expect(Array.from(acc)).toEqual(Array.from(accWant));
        // connected-only: the connected elements are identical
        const conn = { currentNa: new Float32Array(batch * nPost), resources: new Float32Array(batch * nPre) };
        synapseForward(pathway, params, state, spikes, noise, 1, conn, { connectedOnly: true });
        for (let b = 0; b < batch; b++) {
          for (const k of pathway.connected!.post) expect(conn.currentNa[b * nPost + k]).toBe(want.currentNa[b * nPost + k]);
          for (const j of pathway.connected!.pre) expect(conn.resources[b * nPre + j]).toBe(want.resources[b * nPre + j]);
        }
      }
    }
  });

  test.each(BATCHES)('synapseBackward(...) with batch %i (shared input gradient, connected-only) equals the plain VJP to float64 rounding', (batch) => {
    const pathway = defineSynapsePathway({ counts: sparseCounts(nPre, nPost), sign: 'excitatory' });
    const spikes = seededUniform(13, batch * nPre, 0.02, 0.98);
    // an unconnected element's state stays fresh (I = 0, x = 1) in a circuit
    const state = { currentNa: seededNormal(15, batch * nPost), resources: seededUniform(16, batch * nPre, 0.2, 1) };
    const noise = seededNormal(17, batch * nPost, 0.25);
    const gI1 = seededNormal(18, batch * nPost);
    const gI2 = seededNormal(19, batch * nPost);
    const gX = seededNormal(20, batch * nPre);
    for (let b = 0; b < batch; b++) gX[b * nPre + 1] = 0; // the empty row receives no resource gradient in a circuit
    const run = (options: { shared: boolean; connectedOnly: boolean }) => {
      const grads = { currentNa: new Float64Array(batch * nPost), resources: new Float64Array(batch * nPre), spikes: new Float64Array(batch * nPre), params: createSynapseParamGrads() };
      const gOut = options.shared ? { currentNa: gI1, currentNaShared: gI2, resources: gX } : { currentNa: gI1.map((g, k) => g + gI2[k]!), resources: gX };
      synapseBackward(pathway, params, state, spikes, noise, 1, gOut, grads, { connectedOnly: options.connectedOnly });
      return grads;
    };
    const plain = run({ shared: false, connectedOnly: false });
    const fused = run({ shared: true, connectedOnly: true });
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(b)));
    for (const key of ['logStrengthNa', 'logTauRecMs', 'logitReleaseProbability'] as const) close(fused.params[key], plain.params[key]);
    for (let b = 0; b < batch; b++) {
      for (const j of pathway.connected!.pre) (close(fused.spikes[b * nPre + j]!, plain.spikes[b * nPre + j]!), close(fused.resources[b * nPre + j]!, plain.resources[b * nPre + j]!));
      for (const k of pathway.connected!.post) close(fused.currentNa[b * nPost + k]!, plain.currentNa[b * nPost + k]!);
    }
  });

  test.each(BATCHES)('gap-junction and graded-coupling kernels with batch %i are bit-identical to per-sample calls', (batch) => {
    const { csr } = randomCounts(41, 9, 9, 0.3);
    // symmetric mask: G + Gᵀ
    const d = new Float64Array(81);
    for (let r = 0; r < 9; r++) for (let e = csr.rowPtr[r]!; e < csr.rowPtr[r + 1]!; e++) ((d[r * 9 + csr.colIdx[e]!] = 1), (d[csr.colIdx[e]! * 9 + r] = 1));
    const sym = defineGapJunctionMask(randomCountsFromDense(d, 9, 9), 'symmetric');
    const bip = defineGapJunctionMask(randomCounts(42, 9, 5, 0.3).csr, 'bipartite');
    const graded = defineGradedCoupling({ counts: randomCounts(43, 9, 6, 0.4).csr });
    const v = f32(seededUniform(44 + batch, batch * 9, -75, -20));
    const vB = f32(seededUniform(45, batch * 5, -75, -30));
    const one = (x: Float32Array, b: number, n: number) => x.subarray(b * n, (b + 1) * n);
    // forward
    const gap = new Float32Array(batch * 9);
    gapJunctionForward(sym, Math.log(0.3), v, gap);
    const outA = new Float32Array(batch * 9);
    const outB = new Float32Array(batch * 5);
    bipartiteGapJunctionForward(bip, Math.log(0.2), v, vB, outA, outB);
    const gr = new Float32Array(batch * 6);
    gradedCouplingForward(graded, -1, v, gr);
    for (let b = 0; b < batch; b++) {
      const g1 = new Float32Array(9);
      gapJunctionForward(sym, Math.log(0.3), one(v, b, 9), g1);
      expect(Array.from(one(gap, b, 9))).toEqual(Array.from(g1));
      const a1 = new Float32Array(9);
      const b1 = new Float32Array(5);
      bipartiteGapJunctionForward(bip, Math.log(0.2), one(v, b, 9), one(vB, b, 5), a1, b1);
      expect(Array.from(one(outA, b, 9))).toEqual(Array.from(a1));
      expect(Array.from(one(outB, b, 5))).toEqual(Array.from(b1));
      const r1 = new Float32Array(6);
      gradedCouplingForward(graded, -1, one(v, b, 9), r1);
      expect(Array.from(one(gr, b, 6))).toEqual(Array.from(r1));
    }
    // backward: batch call = sum of per-sample calls
    const gCur = f32(seededNormal(46, batch * 9));
    const gGr = f32(seededNormal(47, batch * 6));
    const all = { vMv: new Float64Array(batch * 9), logConductanceNs: 0 };
    gapJunctionBackward(sym, Math.log(0.3), v, gCur, all);
    const allG = { vDendriteMv: new Float64Array(batch * 9), gainRaw: 0 };
    gradedCouplingBackward(graded, -1, v, gGr, allG);
    let logG = 0;
    let gain = 0;
    for (let b = 0; b < batch; b++) {
      const g1 = { vMv: new Float64Array(9), logConductanceNs: 0 };
      gapJunctionBackward(sym, Math.log(0.3), one(v, b, 9), one(gCur, b, 9), g1);
      const r1 = { vDendriteMv: new Float64Array(9), gainRaw: 0 };
      gradedCouplingBackward(graded, -1, one(v, b, 9), one(gGr, b, 6), r1);
      for (let i = 0; i < 9; i++) {
        expect(all.vMv[b * 9 + i]).toBeCloseTo(g1.vMv[i]!, 12);
        expect(allG.vDendriteMv[b * 9 + i]).toBeCloseTo(r1.vDendriteMv[i]!, 12);
      }
      logG += g1.logConductanceNs;
      gain += r1.gainRaw;
    }
    expect(all.logConductanceNs).toBeCloseTo(logG, 10);
    expect(allG.gainRaw).toBeCloseTo(gain, 10);
  });
});
