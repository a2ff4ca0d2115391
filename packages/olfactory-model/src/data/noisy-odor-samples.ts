import type { CounterRng } from '@olfactory/neurons';
import { BlockRng } from '@olfactory/neurons';
import { NOISE_SOURCE } from './noise-streams';

/**
 * The "repeated odor" data set of spec §3.1: sample `i` is odor `⌊i / repeats⌋`, and every time
 * a sample is fetched it gets fresh multiplicative input noise
 *
 *   r = max(0, r_clean ⊙ (1 + σ·ξ)),  ξ ~ N(0, 1) per receptor,  σ = 0.3
 *
 * drawn from the counter-based generator block (stream, sample index, step 0, OR_INPUT), so a
 * sample's noise depends only on (seed, stream, index) — not on batch composition or order.
 *
 * @param odors clean normalized responses, row-major `nOdors × nReceptors`
 * @param indices global sample indices to fetch
 * @param out inputs, row-major `indices.length × nReceptors` (written)
 * @param labels class label per fetched sample (written)
 */
export function fillNoisyOdorSamples(
  odors: Float32Array,
  nReceptors: number,
  repeats: number,
  indices: ArrayLike<number>,
  rng: CounterRng,
  stream: number,
  out: Float32Array,
  labels: Int32Array,
  noiseStd = 0.3,
): void {
  const block = new BlockRng();
  const xi = new Float64Array(nReceptors);
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b]!;
    const odor = Math.floor(i / repeats);
    labels[b] = odor;
    rng.openInto(block, i, 0, NOISE_SOURCE.OR_INPUT, stream).fillNormal(xi, 0, nReceptors);
    for (let r = 0; r < nReceptors; r++) {
      const v = odors[odor * nReceptors + r]! * (1 + noiseStd * xi[r]!);
      out[b * nReceptors + r] = v > 0 ? v : 0;
    }
  }
}

/**
 * Training order of one epoch: a Fisher–Yates shuffle of `0..n−1` driven by the block
 * (stream, 0, 0, SHUFFLE) of the counter-based generator.
 */
export function epochOrder(n: number, rng: CounterRng, stream: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const block = rng.block(0, 0, NOISE_SOURCE.SHUFFLE, stream);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(block.nextUniform() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
