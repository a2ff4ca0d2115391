import type { Vec, VecConstructor } from '../core/vec';
import { positiveInteger, positiveNumber } from '../core/validate';
import type { SpikeFunction } from '../spike/spike-function';
import { softSpike } from '../spike/spike-function';
import type { LifNoise, LifParams, LifState, LifStepOutput } from './lif-params';
import { createLifState, createLifStepOutput, NO_LIF_NOISE } from './lif-params';
import { lifForward } from './lif-step';

/**
 * A thin stateful convenience around {@link lifForward} for forward-only simulation: it owns two
 * output buffers and swaps them each step. It adds no maths (every step is one `lifForward`
 * call) and keeps no tape, so use the kernels directly when you need the backward pass.
 */
export interface LifPopulation {
  readonly params: LifParams;
  readonly batch: number;
  /** The current state (a view of the last output; valid until the next `step`). */
  readonly state: LifState;
  /** Advance one step with input current `inputNa` (nA, `batch × n`); returns the step's output (valid until the next-but-one `step`). */
  step(inputNa: Vec, noise?: LifNoise): LifStepOutput;
  /** Back to the fresh state (V = V_rest, ρ = 0). */
  reset(): void;
}

/**
 * Create a {@link LifPopulation} (allocates its buffers once).
 *
 * @throws {InvalidParameterError} for a batch that is not an integer > 0 or dt ≤ 0.
 * @example
 *   const pop = createLifPopulation(defineLifParams({ size: 10 }), { batch: 1, spike: hardSpike() });
 *   const { spikes } = pop.step(new Float32Array(10).fill(0.03));
 */
export function createLifPopulation(params: LifParams, options: { batch?: number; dtMs?: number; spike?: SpikeFunction; dtype?: VecConstructor } = {}): LifPopulation {
  const batch = positiveInteger('batch', options.batch ?? 1, 'number of samples');
  const dtMs = positiveNumber('dtMs', options.dtMs ?? 1, 'time step in ms');
  const spike = options.spike ?? softSpike();
  const dtype = options.dtype ?? Float32Array;
  const buffers = [createLifStepOutput(params, batch, dtype), createLifStepOutput(params, batch, dtype)] as const;
  let current: LifState = createLifState(params, batch, dtype);
  let next = 0;
  return {
    params,
    batch,
    get state() {
      return current;
    },
    step(inputNa: Vec, noise: LifNoise = NO_LIF_NOISE): LifStepOutput {
      const out = buffers[next]!;
      lifForward(params, current, inputNa, noise, spike, dtMs, out);
      current = out;
      next = 1 - next;
      return out;
    },
    reset(): void {
      current = createLifState(params, batch, dtype);
      next = 0;
    },
  };
}
