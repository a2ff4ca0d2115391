import type { CounterRng, Vec } from '@olfactory/neurons';
import { BlockRng, InvalidParameterError } from '@olfactory/neurons';

/**
 * The six noise sources of the reference model (spec §2.13), each a code in the high 16 bits of
 * the counter's `source` word (the low 16 bits are a channel: which population or pathway).
 *
 * | code | source                 | applied as                              | canonical σ |
 * |------|------------------------|-----------------------------------------|-------------|
 * | 1    | OR input variability   | r ← max(0, r·(1 + ξ)), once per sample  | 0.30        |
 * | 2    | receptor noise         | I_OR·(1 + ξ), per ORN per step          | 0.10        |
 * | 3    | membrane noise         | V + ξ after integration, mV             | 1 mV        |
 * | 4    | background current     | I + ξ for LIF populations, nA           | 0.015 nA    |
 * | 5    | synaptic release noise | J·(1 + ξ), per postsynaptic neuron      | 0.25        |
 * | 6    | threshold jitter       | V_th + ξ at the spike check, mV         | 1 mV        |
 */
export const NoiseSource = Object.freeze({
  orInput: 1,
  receptor: 2,
  membrane: 3,
  backgroundCurrent: 4,
  release: 5,
  thresholdJitter: 6,
} as const);

/** A key of {@link NoiseSource}. */
export type NoiseSourceKind = keyof typeof NoiseSource;

/** The canonical ("realistic") standard deviations (spec §2.13), in each source's unit. */
export const defaultNoiseStd = Object.freeze({
  orInput: 0.3,
  receptor: 0.1,
  membraneMv: 1,
  backgroundCurrentNa: 0.015,
  release: 0.25,
  thresholdJitterMv: 1,
});

/**
 * The counter `source` word of a noise source and channel: `code << 16 | channel`.
 *
 * @throws {InvalidParameterError} for an unknown kind or a channel outside [0, 65536).
 * @example
 *   noiseSourceId('membrane', 2); // 0x30002: membrane noise of population 2
 */
export function noiseSourceId(kind: NoiseSourceKind, channel = 0): number {
  const code = (NoiseSource as Record<string, number>)[kind];
  if (code === undefined) {
    throw new InvalidParameterError({
      parameter: 'noise source kind',
      value: kind,
      expected: `one of ${Object.keys(NoiseSource)
        .map((k) => `'${k}'`)
        .join(', ')}`,
    });
  }
  if (!Number.isInteger(channel) || channel < 0 || channel > 0xffff) {
    throw new InvalidParameterError({ parameter: 'channel', value: channel, expected: 'an integer in [0, 65536) (population or pathway index)' });
  }
  return ((code << 16) | channel) >>> 0;
}

/**
 * What the noise fillers need: the counter-based generator, the global index of each sample of
 * the batch (so that a sample's noise does not depend on the batch it is in), the stream
 * (epoch / trial) and one scratch generator that the fillers re-seed in place.
 */
export interface NoiseContext {
  readonly rng: CounterRng;
  /** Global sample index of batch row b (uint32). */
  readonly sampleIds: ArrayLike<number>;
  /** Counter stream word (uint32): e.g. the epoch in training or the trial in evaluation. */
  readonly stream: number;
  /** Scratch generator, re-seeded by every fill (the only mutable part). */
  readonly scratch: BlockRng;
}

/**
 * Build a noise context (validated once; the fillers then run without checks or allocation).
 *
 * @throws {InvalidParameterError} when a sample id or the stream is not an integer in [0, 2³²).
 * @example
 *   const ctx = createNoiseContext(createRng(42), Int32Array.of(10, 11, 12), epoch);
 */
export function createNoiseContext(rng: CounterRng, sampleIds: ArrayLike<number>, stream = 0): NoiseContext {
  const isWord = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffffffff;
  for (let b = 0; b < sampleIds.length; b++) {
    if (!isWord(sampleIds[b])) {
      throw new InvalidParameterError({ parameter: `sampleIds[${b}]`, value: sampleIds[b], expected: 'an integer in [0, 2^32) (global sample index)' });
    }
  }
  if (!isWord(stream)) throw new InvalidParameterError({ parameter: 'stream', value: stream, expected: 'an integer in [0, 2^32)' });
  return Object.freeze({ rng, sampleIds, stream, scratch: new BlockRng() });
}

/**
 * Fill `out[b·n + i]` (b over the context's samples, i < n) with `mean + std·z`, z ~ N(0, 1)
 * from block (sampleIds[b], step, source) of the context's stream. Allocation-free.
 *
 * @example
 *   fillNoise(ctx, buffer, 144, t, noiseSourceId('membrane', 3), 1);
 */
export function fillNoise(ctx: NoiseContext, out: Vec, n: number, step: number, source: number, std: number, mean = 0): void {
  const { rng, sampleIds, stream, scratch } = ctx;
  for (let b = 0; b < sampleIds.length; b++) {
    rng.openInto(scratch, sampleIds[b]!, step, source, stream).fillNormal(out, b * n, n, mean, std);
  }
}

/** Source 1, OR input variability: ξ per receptor per sample (step word 0), σ = 0.30 (dimensionless). */
export function fillOrInputNoise(ctx: NoiseContext, out: Vec, nReceptors: number, std: number = defaultNoiseStd.orInput): void {
  fillNoise(ctx, out, nReceptors, 0, NoiseSource.orInput << 16, std);
}

/**
 * Apply source 1 to the normalised OR responses: r' = max(0, r·(1 + ξ)) (inputs are always
 * clamped at 0 after noise, spec §1.1). Writes `out`.
 */
export function applyOrInputNoise(receptorResponse: Vec, noise: Vec, out: Vec): void {
  for (let k = 0; k < out.length; k++) {
    const r = receptorResponse[k]! * (1 + noise[k]!);
    out[k] = r > 0 ? r : 0;
  }
}

/** Source 2, receptor noise: ξ per ORN per step, σ = 0.10 (dimensionless; see `receptorNoiseForward`). */
export function fillReceptorNoise(ctx: NoiseContext, out: Vec, nOrn: number, step: number, std: number = defaultNoiseStd.receptor): void {
  fillNoise(ctx, out, nOrn, step, NoiseSource.receptor << 16, std);
}

/** Source 3, membrane noise of population/compartment `channel`: mV, σ = 1 mV. */
export function fillMembraneNoise(ctx: NoiseContext, out: Vec, n: number, step: number, channel: number, stdMv: number = defaultNoiseStd.membraneMv): void {
  fillNoise(ctx, out, n, step, ((NoiseSource.membrane << 16) | channel) >>> 0, stdMv);
}

/** Source 4, background current noise of LIF population `channel`: nA, σ = 0.015 nA (15 pA). */
export function fillBackgroundCurrentNoise(ctx: NoiseContext, out: Vec, n: number, step: number, channel: number, stdNa: number = defaultNoiseStd.backgroundCurrentNa): void {
  fillNoise(ctx, out, n, step, ((NoiseSource.backgroundCurrent << 16) | channel) >>> 0, stdNa);
}

/** Source 5, release noise of pathway `channel`: ξ per postsynaptic neuron, σ = 0.25 (dimensionless). */
export function fillReleaseNoise(ctx: NoiseContext, out: Vec, nPost: number, step: number, channel: number, std: number = defaultNoiseStd.release): void {
  fillNoise(ctx, out, nPost, step, ((NoiseSource.release << 16) | channel) >>> 0, std);
}

/** Source 6, threshold jitter of population `channel`: mV, σ = 1 mV. */
export function fillThresholdJitter(ctx: NoiseContext, out: Vec, n: number, step: number, channel: number, stdMv: number = defaultNoiseStd.thresholdJitterMv): void {
  fillNoise(ctx, out, n, step, ((NoiseSource.thresholdJitter << 16) | channel) >>> 0, stdMv);
}
