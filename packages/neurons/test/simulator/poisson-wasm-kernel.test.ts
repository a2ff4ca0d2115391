import { compileNetwork, createSimState, fixedOutDegreeProjection, createRng, runSimulation, simulatorPoissonKernelBytes } from '../../src/index';
import type { NetworkSpec, SimState, SpikeMonitorData } from '../../src/index';
import { differingArrays, stateBits } from '../helpers/state-bits';

const names = ['perNeuron', 'scheduled', 'geometric', 'always'] as const;

/**
 * Four Poisson populations — per-neuron rates (Bernoulli), a repeating binned schedule
 * (Bernoulli, with a silent bin), one shared rate drawn by geometric gaps, and 1000 Hz at
 * dt 1 ms (geometric, p = 1) — each projecting onto a LIF population (so the run has a SIMD
 * population and the delivery kernels read the Poisson spikes in WebAssembly memory), with a
 * spike monitor on each.
 */
function spec(): NetworkSpec {
  const sizes = { perNeuron: 37, scheduled: 50, geometric: 700, always: 5 };
  const scheduleValues = Array.from({ length: 4 * 50 }, (_, k) => (k >= 100 && k < 150 ? 0 : 20 + ((k * 37) % 90)));
  const proj = (pre: (typeof names)[number], k: number) => ({
    ...fixedOutDegreeProjection({ name: `${pre}Out`, pre, post: 'out', synapse: 'exc', preSize: sizes[pre], postSize: 40, outDegree: 3, weightMv: 0.7, rng: createRng(11 + k) }),
  });
  return {
    populations: [
      { kind: 'poisson', name: 'perNeuron', size: 37, rateHz: Array.from({ length: 37 }, (_, i) => 5 + i * 4.5) },
      { kind: 'poisson', name: 'scheduled', size: 50, rateHz: { kind: 'schedule', binMs: 7, values: scheduleValues, startMs: 3, repeat: true } },
      { kind: 'poisson', name: 'geometric', size: 700, rateHz: 23, draw: 'geometric' },
      { kind: 'poisson', name: 'always', size: 5, rateHz: 1000, draw: 'geometric' },
      {
        kind: 'lif',
        name: 'out',
        size: 40,
        tauMemMs: 10,
        vRestMv: -74,
        vThresholdMv: -54,
        vResetMv: -60,
        refractoryMs: 2,
        synapses: { exc: { tauMs: 2 } },
        integration: 'euler',
      },
    ],
    projections: names.map(proj),
    monitors: names.map((population) => ({ kind: 'spikes' as const, name: population, population, windows: [{ startMs: 0, stopMs: 400 }], capacity: 200000 })),
  };
}

describe('WebAssembly Poisson draws (poisson-wasm-kernel)', () => {
  it('give the same spikes, bit for bit, as the JavaScript path (Bernoulli per neuron and scheduled, geometric, p = 1), for a 64-bit seed and a non-zero stream, across chunkings', () => {
    const s = spec();
    for (const [seed, stream] of [
      [4, 0],
      [2 ** 40 + 7, 3],
    ] as const) {
      const js = compileNetwork(s, { dtMs: 1, seed, stream, kernels: 'javascript' });
      const wasm = compileNetwork(s, { dtMs: 1, seed, stream });
      expect(wasm.poissonKernels).toEqual(names.map((population) => ({ population, kernel: 'wasm' })));
      expect(js.poissonKernels.every((k) => k.kernel === 'javascript' && k.reason === "kernels: 'javascript' was requested")).toBe(true);
      const a = runSimulation(js, createSimState(js), 400);
      const b = [1, 150, 249].reduce((st: SimState, d) => runSimulation(wasm, st, d), createSimState(wasm));
      // the draws really ran: every population spiked, about as often as its rate says
      const count = (st: SimState, name: string) => (st.monitors[name] as SpikeMonitorData).count;
      expect(count(a, 'always')).toBe(5 * 400);
      expect(Math.abs(count(a, 'geometric') - 700 * 400 * 0.023)).toBeLessThan(4 * Math.sqrt(700 * 400 * 0.023));
      expect(count(a, 'perNeuron')).toBeGreaterThan(1000);
      expect(count(a, 'scheduled')).toBeGreaterThan(500);
      expect(differingArrays(a, b)).toEqual([]);
    }
  });

  it('fall back to JavaScript loudly when no LIF population runs in the SIMD kernel (the draws share its memory), with the same spikes', () => {
    const s = spec();
    const poissonOnly: NetworkSpec = { populations: s.populations.filter((p) => p.kind === 'poisson'), monitors: s.monitors };
    const net = compileNetwork(poissonOnly, { dtMs: 1, seed: 9 });
    expect(net.poissonKernels).toEqual(names.map((population) => ({ population, kernel: 'javascript', reason: 'no LIF population runs in the SIMD kernel (the draws share its WebAssembly memory)' })));
    const withLif = compileNetwork(s, { dtMs: 1, seed: 9 });
    const a = runSimulation(net, createSimState(net), 120);
    const b = runSimulation(withLif, createSimState(withLif), 120);
    for (const name of names) expect(Array.from((b.monitors[name] as SpikeMonitorData).neurons)).toEqual(Array.from((a.monitors[name] as SpikeMonitorData).neurons));
  });

  it('the module validates and exports the Bernoulli and geometric kernels', () => {
    const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean; Module: { new (b: Uint8Array): object; exports(m: object): { name: string }[] } } }).WebAssembly;
    const bytes = simulatorPoissonKernelBytes();
    expect(wasm.validate(bytes)).toBe(true);
    expect(wasm.Module.exports(new wasm.Module(bytes)).map((e) => e.name)).toEqual(['poisson_bernoulli', 'poisson_geometric']);
  });
});
