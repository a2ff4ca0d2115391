import type { CounterRng } from '@olfactory/neurons';
import { BlockRng } from '@olfactory/neurons';
import { STEPS } from '../engine/time-grid';
import type { NoiseLayout } from '../engine/spiking-circuit';
import { NOISE_SOURCE } from '../data/noise-streams';

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
  const P = layout.perSampleStep;
  if (out.length < STEPS * B * P) throw new RangeError(`fillCircuitNoiseBatch: out has ${out.length} values, expected ${STEPS} × ${B} × ${P}`);
  const from = rows?.from ?? 0;
  const to = rows?.to ?? B;
  const block = new BlockRng();
  const segments = layout.segments;
  for (let t = 0; t < STEPS; t++) {
    for (let b = from; b < to; b++) {
      rng.openInto(block, sampleIds[b]!, t, NOISE_SOURCE.CIRCUIT, stream);
      const base = (t * B + b) * P;
      for (let k = 0; k < segments.length; k++) {
        const g = segments[k]!;
        block.fillNormal(out, base + g.offset, g.size, 0, g.std);
      }
    }
  }
}
