import type { CounterRng } from '@olfactory/neurons';
import { BlockRng } from '@olfactory/neurons';
import { STEPS } from '../engine/time-grid';
import type { NoiseLayout } from '../engine/spiking-circuit';
import { fillStepNoise } from '../engine/circuit-noise';

/** Which rows of a batch to fill (default all). */
export interface NoiseRowRange {
  /** First batch row (inclusive). */
  readonly from: number;
  /** Last batch row (exclusive). */
  readonly to: number;
}

/**
 * The circuit noise of a batch for all 30 steps in the ONNX model's input layout
 * `[step, batch, perSampleStep]`: `out[(t·B + b)·P + g.offset + i]` for segment g of the layout.
 * Sample b's numbers for step t come from the generator block (stream, sampleIds[b], t,
 * `NOISE_SOURCE.CIRCUIT`), segment after segment in layout order, scaled by each segment's σ —
 * exactly the numbers `fillCircuitNoise` gives the TypeScript engine (only the memory order
 * differs), so both engines simulate the same noisy trials.
 *
 * `rows` restricts the work to a range of batch rows (parallel workers fill disjoint ranges of
 * one shared buffer).
 *
 * @example
 *   const noise = new Float32Array(30 * ids.length * circuit.noise.perSampleStep);
 *   fillCircuitNoiseBatch(circuit.noise, createRng(42), stream, ids, noise);
 */
export function fillCircuitNoiseBatch(layout: NoiseLayout, rng: CounterRng, stream: number, sampleIds: ArrayLike<number>, out: Float32Array, rows?: NoiseRowRange): void {
  const B = sampleIds.length;
  const step = B * layout.perSampleStep;
  if (out.length < STEPS * step) throw new RangeError(`fillCircuitNoiseBatch: out has ${out.length} values, expected ${STEPS} × ${B} × ${layout.perSampleStep}`);
  const source = { rng, sampleIds, stream };
  const block = new BlockRng();
  for (let t = 0; t < STEPS; t++) fillStepNoise(layout, source, t, out.subarray(t * step, (t + 1) * step), 'sample-major', rows?.from ?? 0, rows?.to ?? B, block);
}
