import { InvalidParameterError, SpikeFlag } from '@olfactory/neurons';
import type { CircuitNoiseSource } from './circuit-noise';
import type { OtherCountGradients } from './engine-backward';
import { backwardPass } from './engine-backward';
import type { CircuitCounts, CircuitForwardOptions, EngineCore } from './engine-forward';
import { forwardPass } from './engine-forward';
import { STEPS, pathwayRouting } from './engine-layout';
import type { VecCtor } from './engine-vectors';
import { NoiseStaging } from './noise-staging';
import type { SpikingCircuit } from './spiking-circuit';
import type { StudentParameters } from './student-parameters';

export { fillCircuitNoise } from './circuit-noise';
export type { CircuitNoiseSource } from './circuit-noise';
export type { OtherCountGradients } from './engine-backward';
export type { CircuitCounts, CircuitForwardOptions } from './engine-forward';
export { DT_MS, STEPS } from './engine-layout';

/** Pre-allocated buffers of one batch size; see {@link createCircuitEngine}. */
export interface CircuitEngine {
  readonly circuit: SpikingCircuit;
  readonly batch: number;
  /**
   * Simulate `batch` samples for 30 steps (spec §2.11) from fresh state. `receptors` are the
   * noisy OR responses (`batch × n_receptors`, ≥ 0). The returned counts are views into the
   * engine's buffers, valid until the next call.
   */
  forward(params: StudentParameters, receptors: ArrayLike<number>, options: CircuitForwardOptions): CircuitCounts;
  /**
   * BPTT through the last recorded forward: given ∂L/∂C_KC (`batch × n_KC`), return ∂L/∂θ for
   * the 449 SI parameters (a new Float64Array in layout order).
   */
  backward(gradKcCounts: ArrayLike<number>, gradOtherCounts?: OtherCountGradients): Float64Array;
  /**
   * With `noiseWorker: true`: start generating the noise of a later forward with this source
   * now (into the buffer set the last recorded forward does not use), so it is ready when that
   * forward comes. A forward with another source cancels it. No effect without the worker.
   */
  prefetchNoise(noise: CircuitNoiseSource): void;
  /**
   * The reset decisions (s > 0.5: reset and refractory trigger) of step `t` of the last
   * recorded forward, `batch × n` (1 = fired): for checking other implementations branch for
   * branch (a soft spike within float rounding of 0.5 can go either way).
   */
  firedMask(t: number, group: 'orn' | 'ln' | 'pn' | 'kc'): Uint8Array;
  /** Stop the noise worker, if any (the engine still works, generating noise in-thread). */
  dispose(): void;
}

/** Options of {@link createCircuitEngine}. */
export interface CircuitEngineOptions {
  /** `Float32Array` (default, like the reference) or `Float64Array` (gradient checks). */
  readonly dtype?: VecCtor;
  /**
   * Generate the circuit noise in a worker thread (a second core) while the main thread
   * simulates: the same numbers as `fillCircuitNoise`, bit for bit. Default false. Call
   * {@link CircuitEngine.dispose} when done (the thread never keeps the process alive).
   */
  readonly noiseWorker?: boolean;
}

/**
 * Allocate a fused engine for batches of exactly `batch` samples, built from the
 * `@olfactory/neurons` kernels: one forward step per population and pathway per time step, and
 * the hand-derived vector–Jacobian products in exact reverse order for BPTT. The pieces:
 * `engine-layout.ts` (pathway routing, trajectory and gradient buffers, in one kernel arena when
 * WebAssembly is available), `engine-forward.ts` (the 30-step simulation), `engine-backward.ts`
 * (BPTT and the gradients in the SI layout), `noise-staging.ts` and `circuit-noise.ts` (where
 * each step's noise comes from).
 *
 * Per step the engine allocates nothing: pathway lists, noise views and scratch buffers are
 * built once. With `noiseWorker: true` the noise of each step is generated on a second core
 * (see {@link CircuitEngineOptions.noiseWorker}, {@link CircuitEngine.prefetchNoise}).
 *
 * @example
 *   const engine = createCircuitEngine(circuit, 16, { noiseWorker: true });
 *   const counts = engine.forward(params, receptors, { mode: 'soft', noise, record: true });
 *   const grad = engine.backward(dLossDkcCounts);
 *   engine.dispose();
 */
export function createCircuitEngine(circuit: SpikingCircuit, batch: number, options: CircuitEngineOptions = {}): CircuitEngine {
  if (!Number.isInteger(batch) || batch <= 0) throw new InvalidParameterError({ parameter: 'batch', value: batch, expected: 'a positive integer' });
  const dtype = options.dtype ?? Float32Array;
  const s = circuit.sizes;
  const z = (n: number) => new dtype(batch * n);
  const core: EngineCore = {
    circuit,
    batch,
    dtype,
    routing: pathwayRouting(circuit, batch),
    noise: new NoiseStaging(circuit, batch, STEPS, dtype, options.noiseWorker === true),
    receptors: z(s.receptors),
    trajectory: null,
    last: null,
  };
  return {
    circuit,
    batch,
    forward: (params, receptors, opts) => forwardPass(core, params, receptors, opts),
    backward: (gradKcCounts, gradOtherCounts) => backwardPass(core, gradKcCounts, gradOtherCounts),
    prefetchNoise: (noise) => core.noise.prefetch(noise),
    firedMask: (t, group) => firedMask(core, t, group),
    dispose: () => core.noise.dispose(),
  };
}

function firedMask(core: EngineCore, t: number, group: 'orn' | 'ln' | 'pn' | 'kc'): Uint8Array {
  const tr = core.trajectory;
  if (core.last === null || tr === null || !Number.isInteger(t) || t < 0 || t >= STEPS) {
    throw new InvalidParameterError({ parameter: 't', value: t, expected: `a step in [0, ${STEPS}) of a forward recorded with { record: true }` });
  }
  const flags = group === 'kc' ? tr.kcOut[t + 1]!.flags : tr.pops[group].out[t + 1]!.flags;
  return Uint8Array.from(flags, (f) => ((f & SpikeFlag.fired) !== 0 ? 1 : 0));
}
