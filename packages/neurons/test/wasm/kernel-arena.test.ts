import {
  bipartiteGapJunctionBackward,
  bipartiteGapJunctionForward,
  createKernelArena,
  createRng,
  fillNormalRuns4,
  csrFromDense,
  defineGapJunctionMask,
  defineGradedCoupling,
  gapJunctionBackward,
  gapJunctionForward,
  gradedCouplingBackward,
  gradedCouplingForward,
  createSynapseParamGrads,
  defineTwoCompartmentParams,
  defineLifParams,
  hardSpike,
  KernelFallbackError,
  twoCompartmentBackward,
  twoCompartmentForward,
  lifBackward,
  lifForward,
  softSpike,
  defineSynapseParams,
  defineSynapsePathway,
  setWasmKernelsEnabled,
  synapseBackward,
  synapseForward,
  wasmKernelsAvailable,
} from '../../src/index';
import type { CsrMatrix, KernelArena, SynapsePathway } from '../../src/index';
import { kernelExp, kernelExpPairs } from '../../src/wasm/kernel-arena';
import { randomCounts } from '../helpers/connectivity';
import { seededNormal, seededUniform } from '../helpers/seeded';

// The WebAssembly synapse kernels (arrays in a KernelArena) against the JavaScript loops
// (the same arrays with the kernels switched off): bit for bit, forward and backward, for
// batches below, at and above the 16-sample tile, every option combination.

const BATCHES = [1, 5, 16, 17, 33];

/** Counts with an empty row and an empty column, so the connected-only lists differ from all. */
function counts(nPre: number, nPost: number, seed: number): CsrMatrix {
  const { dense } = randomCounts(seed, nPre, nPost, 0.45);
  for (let k = 0; k < nPost; k++) dense[1 * nPost + k] = 0;
  for (let j = 0; j < nPre; j++) dense[j * nPost + 2] = 0;
  const rowPtr = [0];
  const colIdx: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < nPre; j++) {
    for (let k = 0; k < nPost; k++) if (dense[j * nPost + k] !== 0) (colIdx.push(k), values.push(dense[j * nPost + k]!));
    rowPtr.push(colIdx.length);
  }
  return { nRows: nPre, nCols: nPost, rowPtr: Int32Array.from(rowPtr), colIdx: Int32Array.from(colIdx), values: Float32Array.from(values) };
}

/** A function copying values into a new float32 array of the arena. */
const filled = (arena: KernelArena) => (values: ArrayLike<number>) => {
  const a = arena.float32(values.length);
  a.set(values);
  return a;
};
const copyInto = (arena: KernelArena, src: ArrayLike<number>) => filled(arena)(src);
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const withKernels = <T>(on: boolean, f: () => T): T => {
  setWasmKernelsEnabled(on);
  try {
    return f();
  } finally {
    setWasmKernelsEnabled(true);
  }
};

describe('WebAssembly kernels (KernelArena): synapse steps', () => {
  const nPre = 11;
  const nPost = 9;
  const params = defineSynapseParams({ strengthNa: 2.5, tauRecMs: 150, releaseProbability: 0.35 });

  test('the platform has WebAssembly SIMD, so the kernels are available', () => {
    expect(wasmKernelsAvailable()).toBe(true);
  });

  test.each(BATCHES)('forward with batch %i: bit-identical to the JavaScript loops (STD/no STD, soft/hard, noise, accumulate, connected-only)', (batch) => {
    for (const std of [true, false]) {
      const pathway = defineSynapsePathway({ counts: counts(nPre, nPost, 3), sign: 'inhibitory', shortTermDepression: std });
      for (const hard of [false, true]) {
        for (const noisy of [false, true]) {
          for (const [connectedOnly, accumulate] of [
            [false, true],
            [true, true],
            [true, false],
          ] as const) {
            const arena = createKernelArena({ pathways: [pathway], float32Elements: 10 * batch * (nPre + nPost) })!;
            const spikes = copyInto(
              arena,
              seededUniform(3 + batch, batch * nPre, -0.05, 1.05).map((u) => (hard ? (u > 0.7 ? 1 : 0) : u)),
            );
            const state = { currentNa: copyInto(arena, seededNormal(5, batch * nPost)), resources: copyInto(arena, seededUniform(6, batch * nPre, 0.2, 1)) };
            const noise = noisy ? copyInto(arena, seededNormal(7, batch * nPost, 0.25)) : null;
            const run = (on: boolean) =>
              withKernels(on, () => {
                const out = { currentNa: arena.float32(batch * nPost), resources: arena.float32(batch * nPre) };
                // accumulate into acc (LN/PN/ORN inputs), or nowhere (the KC pathways)
                const acc = copyInto(arena, seededNormal(8, batch * nPost));
                synapseForward(pathway, params, state, spikes, noise, 1, out, { accumulate: accumulate ? acc : null, connectedOnly });
                return { out, acc };
              });
            const calls = arena.kernelCalls;
            const wasm = run(true);
            expect(arena.kernelCalls).toBe(calls + 1);
            const js = run(false);
            expect(arena.kernelCalls).toBe(calls + 1);
            const conn = pathway.connected!;
            for (let b = 0; b < batch; b++) {
              for (const k of connectedOnly ? conn.post : Array.from({ length: nPost }, (_, i) => i)) {
                expect(wasm.out.currentNa[b * nPost + k]).toBe(js.out.currentNa[b * nPost + k]);
                expect(wasm.acc[b * nPost + k]).toBe(js.acc[b * nPost + k]);
              }
              for (const j of connectedOnly ? conn.pre : Array.from({ length: nPre }, (_, i) => i)) expect(wasm.out.resources[b * nPre + j]).toBe(js.out.resources[b * nPre + j]);
            }
            if (!connectedOnly) expect(bits(wasm.out.currentNa)).toEqual(bits(js.out.currentNa));
          }
        }
      }
    }
  });

  test.each(BATCHES)('backward with batch %i: bit-identical to the JavaScript loops (shared gradient, missing terms, connected-only)', (batch) => {
    for (const std of [true, false]) {
      const pathway = defineSynapsePathway({ counts: counts(nPre, nPost, 4), sign: 'excitatory', shortTermDepression: std });
      for (const variant of ['full', 'shared', 'no-current', 'no-resources', 'spikes-only'] as const) {
        for (const connectedOnly of [false, true]) {
          const arena = createKernelArena({ pathways: [pathway], float32Elements: 20 * batch * (nPre + nPost) })!;
          const spikes = copyInto(arena, seededUniform(13 + batch, batch * nPre, -0.1, 1.1));
          const state = { currentNa: copyInto(arena, seededNormal(15, batch * nPost)), resources: copyInto(arena, seededUniform(16, batch * nPre, 0.2, 1)) };
          const noise = copyInto(arena, seededNormal(17, batch * nPost, 0.25));
          const gI1 = copyInto(arena, seededNormal(18, batch * nPost));
          const gI2 = copyInto(arena, seededNormal(19, batch * nPost));
          const gX = copyInto(arena, seededNormal(20, batch * nPre));
          for (let b = 0; b < batch; b++) gX[b * nPre + 1] = 0;
          const gOut =
            variant === 'shared'
              ? { currentNa: gI1, currentNaShared: gI2, resources: gX }
              : variant === 'no-current'
                ? { currentNa: null, resources: gX }
                : variant === 'no-resources'
                  ? { currentNa: null, currentNaShared: gI2, resources: null }
                  : { currentNa: gI1, resources: gX };
          const run = (on: boolean) =>
            withKernels(on, () => {
              const grads = {
                currentNa: variant === 'spikes-only' ? null : copyInto(arena, seededNormal(21, batch * nPost)),
                resources: variant === 'spikes-only' ? null : copyInto(arena, seededNormal(22, batch * nPre)),
                spikes: copyInto(arena, seededNormal(23, batch * nPre)),
                params: createSynapseParamGrads(),
              };
              synapseBackward(pathway, params, state, spikes, noise, 1, gOut, grads, { connectedOnly });
              return grads;
            });
          const wasm = run(true);
          const js = run(false);
          expect(arena.kernelCalls).toBe(1);
          expect(wasm.params).toEqual(js.params);
          if (variant !== 'no-current') expect(wasm.params.logStrengthNa).not.toBe(0);
          expect(bits(wasm.spikes)).toEqual(bits(js.spikes));
          if (wasm.resources !== null) expect(bits(wasm.resources)).toEqual(bits(js.resources!));
          if (wasm.currentNa !== null) expect(bits(wasm.currentNa)).toEqual(bits(js.currentNa!));
        }
      }
    }
  });

  test('arrays outside the arena, or a pathway it does not hold, take the JavaScript path with the same results', () => {
    const p1: SynapsePathway = defineSynapsePathway({ counts: counts(nPre, nPost, 5), sign: 'excitatory' });
    const p2: SynapsePathway = defineSynapsePathway({ counts: counts(nPre, nPost, 6), sign: 'excitatory' });
    const arena = createKernelArena({ pathways: [p1], float32Elements: 1000 })!;
    const batch = 3;
    const spikes = seededUniform(1, batch * nPre, 0, 1);
    const inArena = copyInto(arena, spikes);
    const state = { currentNa: new Float32Array(batch * nPost), resources: new Float32Array(batch * nPre).fill(1) };
    const a = { currentNa: new Float32Array(batch * nPost), resources: new Float32Array(batch * nPre) };
    const b = { currentNa: arena.float32(batch * nPost), resources: arena.float32(batch * nPre) };
    synapseForward(p2, params, state, Float32Array.from(spikes), null, 1, a);
    synapseForward(p2, params, { currentNa: arena.float32(batch * nPost), resources: arena.float32(batch * nPre).fill(1) }, inArena, null, 1, b);
    expect(bits(b.currentNa)).toEqual(bits(a.currentNa));
    expect(arena.kernelCalls).toBe(0);
  });

  test('an arena refuses to hand out more than it was created for, with a typed error', () => {
    const p = defineSynapsePathway({ counts: counts(nPre, nPost, 7), sign: 'excitatory' });
    const arena = createKernelArena({ pathways: [p], float32Elements: 100 })!;
    arena.float32(100);
    expect(() => arena.float32(100000)).toThrow(/larger float32Elements/);
    expect(() => createKernelArena({ pathways: [p], float32Elements: -1 })).toThrow(/non-negative integer/);
  });
});

// 7 neurons: the scalar forward kernels; 8 (even): the two-lane (f64x2) forward kernels
describe.each([7, 8])('WebAssembly kernels (KernelArena): neuron steps of %i neurons', (n) => {
  const withArena = (batch: number) => createKernelArena({ float32Elements: 40 * batch * n, uint8Elements: 4 * batch * n })!;
  /** A LIF step's inputs in a fresh arena (refractory, floor and firing cases), and an output allocator. */
  const lifCase = (batch: number, noisy: boolean, seed: number) => {
    const arena = withArena(batch);
    const total = batch * n;
    const f = filled(arena);
    const params = defineLifParams({ size: n, tauMemMs: 12, vThresholdMv: seededUniform(seed, n, -50, -40) });
    const state = { v: f(seededUniform(seed + 1 + batch, total, -82, -38)), refractoryMs: f(Array.from({ length: total }, (_, k) => [0, 2, 0, 0.5, 1][k % 5]!)) };
    const input = f(seededNormal(seed + 2, total, 0.8));
    const noise = noisy
      ? { currentNa: f(seededNormal(seed + 3, total, 0.015)), voltageMv: f(seededNormal(seed + 4, total)), thresholdMv: f(seededNormal(seed + 5, total)) }
      : { currentNa: null, voltageMv: null, thresholdMv: null };
    const out = () => ({ v: arena.float32(total), refractoryMs: arena.float32(total), spikes: arena.float32(total), uMv: arena.float32(total), flags: arena.uint8(total) });
    return { arena, total, f, params, state, input, noise, out };
  };
  /** A KC step's inputs in a fresh arena, and an output allocator. */
  const kcCase = (batch: number, noisy: boolean, axon: boolean, seed: number) => {
    const arena = withArena(batch);
    const total = batch * n;
    const f = filled(arena);
    const params = defineTwoCompartmentParams({ size: n, gSomaNs: 12, vThresholdMv: seededUniform(seed, n, -45, -36) });
    const state = {
      vDendriteMv: f(seededUniform(seed + 1 + batch, total, -82, -35)),
      vAxonMv: f(seededUniform(seed + 2, total, -82, -33)),
      refractoryMs: f(Array.from({ length: total }, (_, k) => [0, 2, 0, 1, 0][k % 5]!)),
    };
    const iD = f(seededNormal(seed + 3, total, 0.6));
    const iA = axon ? f(seededNormal(seed + 4, total, 0.4)) : null;
    const noise = noisy
      ? { dendriteMv: f(seededNormal(seed + 5, total)), axonMv: f(seededNormal(seed + 6, total)), thresholdMv: f(seededNormal(seed + 7, total)) }
      : { dendriteMv: null, axonMv: null, thresholdMv: null };
    const out = () => ({
      vDendriteMv: arena.float32(total),
      vAxonMv: arena.float32(total),
      refractoryMs: arena.float32(total),
      spikes: arena.float32(total),
      uMv: arena.float32(total),
      flags: arena.uint8(total),
      propagator: new Float64Array(8),
    });
    return { arena, total, f, params, state, iD, iA, noise, out };
  };

  test('the inline exp equals Math.exp bit for bit (10^6 arguments per scale, edge cases)', () => {
    const xs: number[] = [];
    let s = 12345;
    for (const scale of [1e-8, 1e-3, 1, 30, 800]) {
      for (let i = 0; i < 1_000_000; i++) {
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        xs.push(((s >>> 0) / 2 ** 32 - 0.5) * 2 * scale);
      }
    }
    // x·log2(e) exactly k + ½ (Math.round's tie toward +∞): 0.5, 2.5, −0.5, −2.5, 10.5
    const ties = [0.34657359027997264, 1.7328679513998633, -0.34657359027997264, -1.7328679513998633, 7.2780453958794258];
    const edges = [0, -0, 5e-324, 2 ** -28, -(2 ** -27), 0.5 * Math.LN2, 1.5 * Math.LN2, 2.5 / Math.LOG2E, ...ties, -699.999, 699.999, 700, -700, 709.7, 710, -745.1, NaN, Infinity, -Infinity];
    // each edge case in both lanes of a pair, beside an ordinary argument and beside the next edge case
    for (let e = 0; e < edges.length; e++) xs.push(edges[e]!, 0.3, -2.5, edges[e]!, edges[e]!, edges[(e + 1) % edges.length]!);
    // n = 7: the scalar exp; n = 8: the two-lane exp of the f64x2 kernels
    const ys = n === 7 ? xs.map(kernelExp()!) : Array.from(kernelExpPairs()!(Float64Array.from(xs)));
    let mismatches = 0;
    let first: number | null = null;
    xs.forEach((x, i) => {
      if (!Object.is(ys[i], Math.exp(x))) (mismatches++, (first ??= x));
    });
    expect({ mismatches, first }).toEqual({ mismatches: 0, first: null });
  });

  test.each([1, 3, 16, 17])('lifForward with batch %i: bit-identical to the JavaScript loop (soft/hard, noise, refractory, floor)', (batch) => {
    for (const hard of [false, true]) {
      for (const noisy of [false, true]) {
        const { arena, params, state, input, noise, out } = lifCase(batch, noisy, 1);
        const spike = hard ? hardSpike() : softSpike();
        const a = out();
        const calls = arena.kernelCalls;
        lifForward(params, state, input, noise, spike, 1, a);
        expect(arena.kernelCalls).toBe(calls + 1);
        const b = out();
        withKernels(false, () => lifForward(params, state, input, noise, spike, 1, b));
        for (const key of ['v', 'refractoryMs', 'spikes', 'uMv'] as const) expect(bits(a[key])).toEqual(bits(b[key]));
        expect(Array.from(a.flags)).toEqual(Array.from(b.flags));
        expect(new Set(a.flags).size).toBeGreaterThan(2); // several branch combinations exercised
      }
    }
  });

  test.each([1, 3, 16, 17])('twoCompartmentForward with batch %i: bit-identical to the JavaScript loop (soft/hard, noise, axon input, floors)', (batch) => {
    for (const hard of [false, true]) {
      for (const noisy of [false, true]) {
        for (const axon of [false, true]) {
          const { arena, params, state, iD, iA, noise, out } = kcCase(batch, noisy, axon, 11);
          const spike = hard ? hardSpike() : softSpike();
          const a = out();
          const calls = arena.kernelCalls;
          twoCompartmentForward(params, state, iD, iA, noise, spike, 1, a);
          expect(arena.kernelCalls).toBe(calls + 1);
          const b = out();
          withKernels(false, () => twoCompartmentForward(params, state, iD, iA, noise, spike, 1, b));
          for (const key of ['vDendriteMv', 'vAxonMv', 'refractoryMs', 'spikes', 'uMv'] as const) expect(bits(a[key])).toEqual(bits(b[key]));
          expect(Array.from(a.flags)).toEqual(Array.from(b.flags));
          expect(new Set(a.flags).size).toBeGreaterThan(2);
        }
      }
    }
  });

  test.each([1, 3, 16, 17])('lifBackward with batch %i: bit-identical to the JavaScript loop (gradient terms present or absent)', (batch) => {
    for (const noisy of [false, true]) {
      for (const partial of [false, true]) {
        const { arena, total, f, params, state, input, noise, out } = lifCase(batch, noisy, 21);
        const saved = out();
        lifForward(params, state, input, noise, softSpike(), 1, saved);
        const gradOut = { v: partial ? null : f(seededNormal(27, total)), spikes: f(seededNormal(28, total, 3)) };
        const run = (on: boolean) =>
          withKernels(on, () => {
            const grads = { v: f(seededNormal(29, total)), inputNa: partial ? null : f(seededNormal(30, total)), params: { logTauMemMs: 0.5, vThresholdMv: Float64Array.from(seededNormal(31, n)) } };
            lifBackward(params, state, input, noise, softSpike(), 1, saved, gradOut, grads);
            return grads;
          });
        const calls = arena.kernelCalls;
        const wasm = run(true);
        expect(arena.kernelCalls).toBe(calls + 1);
        const js = run(false);
        expect(bits(wasm.v)).toEqual(bits(js.v));
        if (!partial) expect(bits(wasm.inputNa!)).toEqual(bits(js.inputNa!));
        expect(Array.from(wasm.params.vThresholdMv)).toEqual(Array.from(js.params.vThresholdMv));
        expect(wasm.params.logTauMemMs).toBe(js.params.logTauMemMs);
        expect(wasm.params.logTauMemMs).not.toBe(0.5);
      }
    }
  });

  test.each([1, 3, 16, 17])('twoCompartmentBackward with batch %i: bit-identical to the JavaScript loop (axon input, gradient terms present or absent)', (batch) => {
    for (const axon of [false, true]) {
      for (const partial of [false, true]) {
        const { arena, total, f, params, state, iD, iA, noise, out } = kcCase(batch, true, axon, 31);
        const saved = out();
        twoCompartmentForward(params, state, iD, iA, noise, softSpike(), 1, saved);
        const gradOut = { vDendriteMv: f(seededNormal(39, total)), vAxonMv: partial ? null : f(seededNormal(40, total)), spikes: f(seededNormal(41, total, 3)) };
        const run = (on: boolean) =>
          withKernels(on, () => {
            const grads = {
              vDendriteMv: f(seededNormal(42, total)),
              vAxonMv: partial ? null : f(seededNormal(43, total)),
              iDendriteNa: f(seededNormal(44, total)),
              iAxonNa: partial ? null : f(seededNormal(45, total)),
              params: { logGSomaNs: 0.5, vThresholdMv: Float64Array.from(seededNormal(46, n)) },
            };
            twoCompartmentBackward(params, state, iD, iA, softSpike(), saved, gradOut, grads);
            return grads;
          });
        const calls = arena.kernelCalls;
        const wasm = run(true);
        expect(arena.kernelCalls).toBe(calls + 1);
        const js = run(false);
        for (const key of ['vDendriteMv', 'vAxonMv', 'iDendriteNa', 'iAxonNa'] as const) if (wasm[key] !== null) expect(bits(wasm[key])).toEqual(bits(js[key]!));
        expect(Array.from(wasm.params.vThresholdMv)).toEqual(Array.from(js.params.vThresholdMv));
        expect(wasm.params.logGSomaNs).toBe(js.params.logGSomaNs);
        expect(wasm.params.logGSomaNs).not.toBe(0.5);
      }
    }
  });

  test('arrays outside the arena (plain Float32Array, Float64Array) take the JavaScript path', () => {
    const arena = withArena(2);
    const params = defineLifParams({ size: n });
    const state = { v: new Float64Array(2 * n).fill(-50), refractoryMs: new Float64Array(2 * n) };
    const out = { v: arena.float32(2 * n), refractoryMs: arena.float32(2 * n), spikes: arena.float32(2 * n), uMv: arena.float32(2 * n), flags: arena.uint8(2 * n) };
    lifForward(params, state, new Float64Array(2 * n).fill(1), { currentNa: null, voltageMv: null, thresholdMv: null }, softSpike(), 1, out);
    expect(arena.kernelCalls).toBe(0);
    expect(out.spikes.some((s) => s > 0)).toBe(true);
  });
});

describe('WebAssembly kernels (KernelArena): symmetric gap-junction coupling', () => {
  /** A symmetric 0/1 mask on 9 cells (G + Gᵀ of a random pattern), one cell uncoupled. */
  const mask = (() => {
    const { csr } = randomCounts(41, 9, 9, 0.3);
    const d = new Float64Array(81);
    for (let r = 0; r < 9; r++) for (let e = csr.rowPtr[r]!; e < csr.rowPtr[r + 1]!; e++) if (r !== 4 && csr.colIdx[e] !== 4) ((d[r * 9 + csr.colIdx[e]!] = 1), (d[csr.colIdx[e]! * 9 + r] = 1));
    return defineGapJunctionMask(csrFromDense(d, 9, 9), 'symmetric');
  })();

  test.each([1, 3, 5, 16, 17, 33])('gapJunctionForward and gapJunctionBackward with batch %i: bit-identical to the JavaScript loops', (batch) => {
    const arena = createKernelArena({ gapJunctions: [mask], float32Elements: 20 * batch * 9 })!;
    const f = filled(arena);
    const v = f(seededUniform(44 + batch, batch * 9, -75, -20));
    const gCur = f(seededNormal(46, batch * 9));
    const run = (on: boolean) =>
      withKernels(on, () => {
        const out = f(seededNormal(1, batch * 9));
        gapJunctionForward(mask, Math.log(0.3), v, out);
        const grads = { vMv: f(seededNormal(2, batch * 9)), logConductanceNs: 0.25 };
        gapJunctionBackward(mask, Math.log(0.3), v, gCur, grads);
        return { out, grads };
      });
    const calls = arena.kernelCalls;
    const wasm = run(true);
    expect(arena.kernelCalls).toBe(calls + 2);
    const js = run(false);
    expect(bits(wasm.out)).toEqual(bits(js.out));
    expect(bits(wasm.grads.vMv)).toEqual(bits(js.grads.vMv));
    expect(wasm.grads.logConductanceNs).toBe(js.grads.logConductanceNs);
    expect(wasm.grads.logConductanceNs).not.toBe(0.25);
  });
});

describe('WebAssembly kernels (KernelArena): bipartite gap junctions', () => {
  const mask = defineGapJunctionMask(randomCounts(42, 9, 5, 0.3).csr, 'bipartite');

  test.each([1, 3, 5, 16, 17])('bipartiteGapJunctionForward and …Backward with batch %i: bit-identical to the JavaScript loops', (batch) => {
    for (const variant of ['full', 'no-gA', 'no-gB', 'no-gvA'] as const) {
      const arena = createKernelArena({ gapJunctions: [mask], float32Elements: 30 * batch * 14 })!;
      const f = filled(arena);
      const vA = f(seededUniform(70 + batch, batch * 9, -75, -20));
      const vB = f(seededUniform(71, batch * 5, -75, -30));
      const gA = variant === 'no-gA' ? null : f(seededNormal(72, batch * 9));
      const gB = variant === 'no-gB' ? null : f(seededNormal(73, batch * 5));
      const run = (on: boolean) =>
        withKernels(on, () => {
          const outA = f(seededNormal(74, batch * 9));
          const outB = f(seededNormal(75, batch * 5));
          bipartiteGapJunctionForward(mask, Math.log(0.2), vA, vB, outA, outB);
          const grads = { vA: variant === 'no-gvA' ? null : f(seededNormal(76, batch * 9)), vB: f(seededNormal(77, batch * 5)), logConductanceNs: 0.25 };
          bipartiteGapJunctionBackward(mask, Math.log(0.2), vA, vB, gA, gB, grads);
          return { outA, outB, grads };
        });
      const calls = arena.kernelCalls;
      const wasm = run(true);
      expect(arena.kernelCalls).toBe(calls + 2);
      const js = run(false);
      expect(bits(wasm.outA)).toEqual(bits(js.outA));
      expect(bits(wasm.outB)).toEqual(bits(js.outB));
      if (wasm.grads.vA !== null) expect(bits(wasm.grads.vA)).toEqual(bits(js.grads.vA!));
      expect(bits(wasm.grads.vB)).toEqual(bits(js.grads.vB));
      expect(wasm.grads.logConductanceNs).toBe(js.grads.logConductanceNs);
      expect(wasm.grads.logConductanceNs).not.toBe(0.25);
    }
  });
});

describe('WebAssembly kernels (KernelArena): graded KC–KC couplings', () => {
  const coupling = defineGradedCoupling({ counts: randomCounts(43, 9, 6, 0.4).csr });

  test.each([1, 3, 5, 16, 17, 33])('gradedCouplingForward and gradedCouplingBackward with batch %i: bit-identical to the JavaScript loops', (batch) => {
    for (const withGv of [true, false]) {
      const arena = createKernelArena({ gradedCouplings: [coupling], float32Elements: 20 * batch * 15 })!;
      const f = filled(arena);
      // V_d − V_reset spans below 0 (silent), (0, 30] and above the 30 mV cap
      const v = f(seededUniform(50 + batch, batch * 9, -75, -20));
      const gCur = f(seededNormal(51, batch * 6));
      const run = (on: boolean) =>
        withKernels(on, () => {
          const out = f(seededNormal(52, batch * 6));
          gradedCouplingForward(coupling, -1, v, out);
          const grads = { vDendriteMv: withGv ? f(seededNormal(53, batch * 9)) : null, gainRaw: 0.25 };
          gradedCouplingBackward(coupling, -1, v, gCur, grads);
          return { out, grads };
        });
      const calls = arena.kernelCalls;
      const wasm = run(true);
      expect(arena.kernelCalls).toBe(calls + 2);
      const js = run(false);
      expect(bits(wasm.out)).toEqual(bits(js.out));
      if (withGv) expect(bits(wasm.grads.vDendriteMv!)).toEqual(bits(js.grads.vDendriteMv!));
      expect(wasm.grads.gainRaw).toBe(js.grads.gainRaw);
      expect(wasm.grads.gainRaw).not.toBe(0.25);
    }
  });
});

describe('WebAssembly kernels (KernelArena): four-lane normal sampler', () => {
  test('fillNormalRuns4 equals four BlockRng.fillNormal sequences bit for bit (slow path included) and leaves the same generator states', () => {
    const counts = [7, 4000, 1, 993, 26];
    const stds = [0.1, 1, 0.25, 0.015, 3];
    const total = 4 * counts.reduce((a, b) => a + b, 0);
    const arena = createKernelArena({ float32Elements: total })!;
    const out = arena.float32(total);
    const want = new Float32Array(total);
    // lane L's runs interleaved with the other lanes' (segment-major, like the circuit noise)
    const offsets: number[] = [];
    let base = 0;
    for (const c of counts) {
      for (let L = 0; L < 4; L++) offsets.push(base + L * c);
      base += 4 * c;
    }
    const rng = createRng(2 ** 33 + 5);
    const gens = [0, 1, 2, 3].map((L) => rng.block(100 + L, 7, 4, 9));
    const ref = [0, 1, 2, 3].map((L) => rng.block(100 + L, 7, 4, 9));
    for (let L = 0; L < 4; L++) counts.forEach((c, r) => ref[L]!.fillNormal(want, offsets[4 * r + L]!, c, 0, stds[r]!));
    const calls = arena.kernelCalls;
    expect(fillNormalRuns4(gens, offsets, counts, stds, out)).toBe(true);
    expect(arena.kernelCalls).toBe(calls + 1);
    expect(bits(out)).toEqual(bits(want));
    for (let L = 0; L < 4; L++) expect(gens[L]!.getState()).toEqual(ref[L]!.getState());
    expect(want.some((x) => Math.abs(x) > 3.4426)).toBe(true); // tail draws went through the slow path
    // not an arena array: nothing done
    expect(fillNormalRuns4(gens, offsets, counts, stds, new Float32Array(total))).toBe(false);
  });
});

describe('WebAssembly kernels (KernelArena): a call that cannot take the fast path is reported, never silent', () => {
  /** A LIF step of `n` neurons in an arena, with its input `outside` the arena or not. */
  const lifStep = (n: number, onFallback: 'count' | 'throw' | undefined, outside: boolean) => {
    const arena = createKernelArena({ float32Elements: 12 * n, uint8Elements: n, ...(onFallback ? { onFallback } : {}) })!;
    const f = filled(arena);
    const params = defineLifParams({ size: n, tauMemMs: 12, vThresholdMv: seededUniform(3, n, -50, -40) });
    const state = { v: f(seededUniform(4, n, -80, -38)), refractoryMs: arena.float32(n) };
    const input = outside ? Float32Array.from(seededNormal(5, n, 0.8)) : f(seededNormal(5, n, 0.8));
    const noise = { currentNa: null, voltageMv: null, thresholdMv: null };
    const out = { v: arena.float32(n), refractoryMs: arena.float32(n), spikes: arena.float32(n), uMv: arena.float32(n), flags: arena.uint8(n) };
    return { arena, run: () => lifForward(params, state, input, noise, hardSpike(), 1, out), out };
  };

  test('a fast-path call records nothing', () => {
    const { arena, run } = lifStep(300, undefined, false);
    run();
    expect(arena.kernelCalls).toBe(1);
    expect(arena.kernelFallbacks.size).toBe(0);
  });

  test.each([
    ['more neurons than the parameter slots', 1500, false, /arenaLifForward: more than 1024 neurons/],
    ['an input allocated outside the arena', 300, true, /arenaLifForward: /],
  ])('%s: counted by reason (and the JavaScript result is the same), or thrown in a strict arena', (_what, n, outside, reason) => {
    const counting = lifStep(n, 'count', outside);
    counting.run();
    counting.run();
    expect(counting.arena.kernelCalls).toBe(0);
    expect([...counting.arena.kernelFallbacks.entries()]).toEqual([[expect.stringMatching(reason), 2]]);
    const plain = lifStep(n, 'count', outside);
    withKernels(false, plain.run);
    expect(bits(counting.out.v)).toEqual(bits(plain.out.v));
    const strict = lifStep(n, 'throw', outside);
    expect(strict.run).toThrow(KernelFallbackError);
    expect(strict.run).toThrow(reason);
  });
});
