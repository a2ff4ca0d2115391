import {
  createSynapseArena,
  createSynapseParamGrads,
  defineSynapseParams,
  defineSynapsePathway,
  setSynapseKernelsEnabled,
  synapseBackward,
  synapseForward,
  synapseKernelsAvailable,
} from '../../src/index';
import type { CsrMatrix, SynapseArena, SynapsePathway } from '../../src/index';
import { randomCounts } from '../helpers/connectivity';
import { seededNormal, seededUniform } from '../helpers/seeded';

// The WebAssembly synapse kernels (arrays in a SynapseArena) against the JavaScript loops
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
    for (let k = 0; k < nPost; k++) if (dense[j * nPost + k] !== 0) colIdx.push(k), values.push(dense[j * nPost + k]!);
    rowPtr.push(colIdx.length);
  }
  return { nRows: nPre, nCols: nPost, rowPtr: Int32Array.from(rowPtr), colIdx: Int32Array.from(colIdx), values: Float32Array.from(values) };
}

const copyInto = (arena: SynapseArena, src: ArrayLike<number>) => {
  const a = arena.float32(src.length);
  a.set(src);
  return a;
};
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const withKernels = <T>(on: boolean, f: () => T): T => {
  setSynapseKernelsEnabled(on);
  try {
    return f();
  } finally {
    setSynapseKernelsEnabled(true);
  }
};

describe('WebAssembly synapse kernels (SynapseArena)', () => {
  const nPre = 11;
  const nPost = 9;
  const params = defineSynapseParams({ strengthNa: 2.5, tauRecMs: 150, releaseProbability: 0.35 });

  test('the platform has WebAssembly SIMD, so the kernels are available', () => {
    expect(synapseKernelsAvailable()).toBe(true);
  });

  test.each(BATCHES)('forward with batch %i: bit-identical to the JavaScript loops (STD/no STD, soft/hard, noise, accumulate, connected-only)', (batch) => {
    for (const std of [true, false]) {
      const pathway = defineSynapsePathway({ counts: counts(nPre, nPost, 3), sign: 'inhibitory', shortTermDepression: std });
      for (const hard of [false, true]) {
        for (const noisy of [false, true]) {
          for (const connectedOnly of [false, true]) {
            const arena = createSynapseArena({ pathways: [pathway], float32Elements: 10 * batch * (nPre + nPost) })!;
            const spikes = copyInto(arena, seededUniform(3 + batch, batch * nPre, -0.05, 1.05).map((u) => (hard ? (u > 0.7 ? 1 : 0) : u)));
            const state = { currentNa: copyInto(arena, seededNormal(5, batch * nPost)), resources: copyInto(arena, seededUniform(6, batch * nPre, 0.2, 1)) };
            const noise = noisy ? copyInto(arena, seededNormal(7, batch * nPost, 0.25)) : null;
            const run = (on: boolean) =>
              withKernels(on, () => {
                const out = { currentNa: arena.float32(batch * nPost), resources: arena.float32(batch * nPre) };
                const acc = copyInto(arena, seededNormal(8, batch * nPost));
                synapseForward(pathway, params, state, spikes, noise, 1, out, { accumulate: acc, connectedOnly });
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
          const arena = createSynapseArena({ pathways: [pathway], float32Elements: 20 * batch * (nPre + nPost) })!;
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
    const arena = createSynapseArena({ pathways: [p1], float32Elements: 1000 })!;
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
    const arena = createSynapseArena({ pathways: [p], float32Elements: 100 })!;
    arena.float32(100);
    expect(() => arena.float32(100000)).toThrow(/larger float32Elements/);
    expect(() => createSynapseArena({ pathways: [p], float32Elements: -1 })).toThrow(/non-negative integer/);
  });
});
