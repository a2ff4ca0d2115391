import type { KernelArena } from '@olfactory/neurons';
import { setWasmKernelsEnabled } from '@olfactory/neurons';
import { randomCounts, seededNormal, seededUniform } from '@olfactory/neurons/test';
import { aplBackward, aplForward, createAplParamGrads, defineAplCircuit, defineAplParams } from '../../src/apl/apl-step';
import { aplKernelExtension, createCircuitKernelArena } from '../../src/apl/apl-arena';

// The APL step's WebAssembly kernels (a kernel-arena extension of @olfactory/neurons) against
// the JavaScript loops (the same arrays with the kernels switched off): bit for bit.

/** A function copying values into a new float32 array of the arena. */
const filled = (arena: KernelArena) => (values: ArrayLike<number>) => {
  const a = arena.float32(values.length);
  a.set(values);
  return a;
};
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const withKernels = <T>(on: boolean, f: () => T): T => {
  setWasmKernelsEnabled(on);
  try {
    return f();
  } finally {
    setWasmKernelsEnabled(true);
  }
};

describe('WebAssembly kernels (KernelArena): graded APL', () => {
  const nKc = 9;
  const circuit = defineAplCircuit({ kcToApl: randomCounts(90, nKc, 2, 0.7).csr, kcDendriteToApl: randomCounts(91, nKc, 2, 0.6).csr, aplToKc: randomCounts(92, 2, nKc, 0.8).csr });
  const params = defineAplParams({ logKcAplStrength: 0.3, kcDendriteGainRaw: 0.1, aplGainRaw: 1.5, tauAplMs: 14 });

  test.each([1, 3, 16, 17])('aplForward and aplBackward with batch %i: bit-identical to the JavaScript loops (negative activity, injection, missing gradients)', (batch) => {
    for (const variant of ['full', 'no-gD', 'no-gA'] as const) {
      const arena = createCircuitKernelArena({ apl: [circuit], float32Elements: 40 * batch * nKc })!;
      const f = filled(arena);
      const activity = f(seededNormal(60 + batch, batch * 2, 0.6)); // some negative: relu blocks the output
      const counts = f(seededUniform(61, batch * nKc, 0, 4));
      const vDend = f(seededUniform(62, batch * nKc, -70, -40)); // some below V_reset
      const wA = variant === 'no-gA' ? null : f(seededNormal(63, batch * 2));
      const wD = variant === 'no-gD' ? null : f(seededNormal(64, batch * nKc));
      const run = (on: boolean) =>
        withKernels(on, () => {
          const out = { activity: f(seededNormal(65, batch * 2)), inhibition: f(seededNormal(66, batch * nKc)) };
          aplForward(circuit, params, activity, counts, vDend, 4, 0.7, 1, out);
          const grads = { activity: f(seededNormal(67, batch * 2)), kcCounts: f(seededNormal(68, batch * nKc)), vDendriteMv: f(seededNormal(69, batch * nKc)), params: createAplParamGrads() };
          aplBackward(circuit, params, activity, counts, vDend, 4, 0.7, 1, { activity: wA, inhibition: wD }, grads);
          return { out, grads };
        });
      const calls = arena.kernelCalls;
      const wasm = run(true);
      expect(arena.kernelCalls).toBe(calls + 2);
      const js = run(false);
      expect(bits(wasm.out.activity)).toEqual(bits(js.out.activity));
      expect(bits(wasm.out.inhibition)).toEqual(bits(js.out.inhibition));
      for (const key of ['activity', 'kcCounts', 'vDendriteMv'] as const) expect(bits(wasm.grads[key])).toEqual(bits(js.grads[key]));
      expect(wasm.grads.params).toEqual(js.grads.params);
      expect(wasm.grads.params.logTauAplMs).not.toBe(0);
    }
  });
});

describe('APL kernel extension: fast path or loud fallback', () => {
  const nKc = 6;
  const circuit = defineAplCircuit({ kcToApl: randomCounts(93, nKc, 1, 0.7).csr, kcDendriteToApl: randomCounts(94, nKc, 1, 0.6).csr, aplToKc: randomCounts(95, 1, nKc, 0.8).csr });
  const params = defineAplParams({ logKcAplStrength: 0.1, kcDendriteGainRaw: 0.2, aplGainRaw: 1, tauAplMs: 10 });
  const step = (arena: KernelArena) => {
    const f = filled(arena);
    aplForward(circuit, params, f([0.5]), f(seededUniform(96, nKc, 0, 3)), f(seededUniform(97, nKc, -70, -40)), 2, 0, 1, { activity: f([0]), inhibition: f(new Array(nKc).fill(0)) });
  };

  test('an arena created without the circuit counts the call as a fallback, or throws when strict', () => {
    const counting = createCircuitKernelArena({ float32Elements: 100 })!;
    step(counting);
    expect(counting.kernelCalls).toBe(0);
    expect([...counting.kernelFallbacks.keys()]).toEqual(['apl: kernel extension not given to createKernelArena']);
    const strict = createCircuitKernelArena({ float32Elements: 100, onFallback: 'throw' })!;
    expect(() => step(strict)).toThrow(/kernel fast path not taken: apl: kernel extension not given/);
  });

  test('with the circuit, the step runs in the extension and counts as a kernel call', () => {
    const arena = createCircuitKernelArena({ apl: [circuit], float32Elements: 100, onFallback: 'throw' })!;
    step(arena);
    expect(arena.kernelCalls).toBe(1);
    expect(aplKernelExtension.name).toBe('apl');
  });
});
