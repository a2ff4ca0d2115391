import { compileNetwork, createSimState, InvalidParameterError, runSimulation } from '../../src/index';
import type { NetworkSpec, SpikeMonitorData } from '../../src/index';

const size = 3200;
const steps = 2000;

function spec(rateHz: number, draw: 'geometric' | 'per-neuron' = 'geometric'): NetworkSpec {
  return {
    populations: [{ kind: 'poisson', name: 'bg', size, rateHz, draw }],
    monitors: [
      { kind: 'spikes', name: 'bg', population: 'bg', windows: [{ startMs: 0, stopMs: steps }], capacity: 400000 },
      { kind: 'rate', name: 'count', population: 'bg', binMs: 1, stopMs: steps },
    ],
  };
}

describe("Poisson populations with draw: 'geometric'", () => {
  it("draw: 'geometric' gives Bernoulli(rate·dt) spikes: mean and variance of the count per step, and the same mean for every neuron", () => {
    const net = compileNetwork(spec(18), { dtMs: 1, seed: 3 });
    const end = runSimulation(net, createSimState(net), steps);
    const counts = (end.monitors.count as { counts: Float64Array }).counts;
    const p = 0.018;
    const mean = counts.reduce((a, b) => a + b, 0) / steps;
    const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (steps - 1);
    // Binomial(3200, 0.018): mean 57.6, variance 56.56; standard errors ≈ 0.17 and ≈ 1.8
    expect(Math.abs(mean - size * p)).toBeLessThan(4 * Math.sqrt((size * p * (1 - p)) / steps));
    expect(Math.abs(variance - size * p * (1 - p))).toBeLessThan(4 * size * p * (1 - p) * Math.sqrt(2 / (steps - 1)));
    const m = end.monitors.bg as SpikeMonitorData;
    expect(m.dropped).toBe(0);
    // Per neuron: 2,000 steps at p = 0.018 → 36 ± 6; the first and last 100 neurons as groups.
    const perNeuron = new Float64Array(size);
    for (let k = 0; k < m.count; k++) perNeuron[m.neurons[k]!]++;
    const group = (a: number, b: number) => perNeuron.slice(a, b).reduce((x, y) => x + y, 0) / (b - a);
    expect(Math.abs(group(0, 100) - 36)).toBeLessThan(4 * Math.sqrt(36 / 100));
    expect(Math.abs(group(size - 100, size) - 36)).toBeLessThan(4 * Math.sqrt(36 / 100));
    // Within a step, the spiking neurons are strictly increasing (no neuron twice).
    for (let k = 1; k < m.count; k++) if (m.steps[k] === m.steps[k - 1]) expect(m.neurons[k]!).toBeGreaterThan(m.neurons[k - 1]!);
  });

  it("draw: 'geometric' is the same whichever way the run is chunked, and rate 1000 Hz at dt 1 ms fires every neuron", () => {
    const net = compileNetwork(spec(40), { dtMs: 1, seed: 8 });
    const whole = runSimulation(net, createSimState(net), 300);
    let parts = createSimState(net);
    for (const d of [1, 99, 200]) parts = runSimulation(net, parts, d);
    const a = whole.monitors.bg as SpikeMonitorData;
    const b = parts.monitors.bg as SpikeMonitorData;
    expect(b.count).toBe(a.count);
    expect(Array.from(b.neurons.subarray(0, b.count))).toEqual(Array.from(a.neurons.subarray(0, a.count)));
    const all = compileNetwork(spec(1000), { dtMs: 1, seed: 8 });
    const c = runSimulation(all, createSimState(all), 3).monitors.count as { counts: Float64Array };
    expect(Array.from(c.counts.subarray(0, 3))).toEqual([size, size, size]);
  });

  it("draw: 'geometric' needs one shared rate, and an unknown draw is rejected", () => {
    let error: unknown;
    try {
      compileNetwork({ populations: [{ kind: 'poisson', name: 'bg', size: 2, rateHz: [1, 2], draw: 'geometric' }] }, { dtMs: 1, seed: 1 });
    } catch (e) {
      error = e;
    }
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/draw: "geometric"; expected 'per-neuron' \(geometric draws need one rate shared/);
    expect(() => compileNetwork({ populations: [{ kind: 'poisson', name: 'bg', size: 2, rateHz: 1, draw: 'skip' as 'geometric' }] }, { dtMs: 1, seed: 1 })).toThrow(
      /expected 'per-neuron' or 'geometric'/,
    );
  });
});
