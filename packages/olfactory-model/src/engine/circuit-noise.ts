import type { CounterRng, TwoCompartmentNoise, LifNoise } from '@olfactory/neurons';
import { BlockRng, fillNormalRuns4, inKernelArena } from '@olfactory/neurons';
import { NOISE_SOURCE } from '../data/noise-streams';
import type { NoiseLayout, SpikingCircuit } from './spiking-circuit';
import type { Vec } from './engine-vectors';

/** Where the circuit noise of a forward pass comes from. */
export interface CircuitNoiseSource {
  readonly rng: CounterRng;
  /** Global index of each batch row (noise depends on it, not on the batch composition). */
  readonly sampleIds: ArrayLike<number>;
  /** Counter stream: training epoch, evaluation protocol, trial. */
  readonly stream: number;
}

/**
 * Where the noise of one step sits in memory:
 * - `'segment-major'` (the TypeScript engine): segment g of sample b at `g.offset·B + b·g.size`,
 *   so each segment is a contiguous `batch × size` array;
 * - `'sample-major'` (the ONNX model's input rows): at `b·P + g.offset`, P = `perSampleStep`.
 */
export type NoiseOrder = 'segment-major' | 'sample-major';

/**
 * The circuit noise of time step `t` for a batch, in segment-major order: segment g of the
 * layout occupies `out[g.offset·B + b·g.size + i]` (so each segment is a contiguous
 * `batch × size` array). Values are already scaled by each segment's σ. Sample b's numbers come
 * from the generator block (stream, sampleIds[b], t, NOISE_SOURCE.CIRCUIT), drawn segment after
 * segment in layout order — the contract every engine (TypeScript, TF.js, ONNX) shares.
 */
export function fillCircuitNoise(layout: NoiseLayout, source: CircuitNoiseSource, t: number, out: Float32Array | Float64Array, scratch: BlockRng = new BlockRng()): void {
  fillStepNoise(layout, source, t, out, 'segment-major', 0, source.sampleIds.length, scratch);
}

/**
 * The circuit noise of time step `t` for batch rows `from .. to − 1` in either memory order (see
 * {@link NoiseOrder}; the batch size is `source.sampleIds.length`): the numbers of
 * {@link fillCircuitNoise}, sample by sample. Into a kernel arena's float32 array, four samples
 * are drawn at a time by the SIMD sampler — the same numbers.
 */
export function fillStepNoise(
  layout: NoiseLayout,
  source: CircuitNoiseSource,
  t: number,
  out: Float32Array | Float64Array,
  order: NoiseOrder,
  from: number,
  to: number,
  scratch: BlockRng = new BlockRng(),
): void {
  const B = source.sampleIds.length;
  const P = layout.perSampleStep;
  const segmentMajor = order === 'segment-major';
  const rest = out instanceof Float32Array && inKernelArena(out) ? fillFourAtATime(layout, source, t, out, segmentMajor, from, to) : from;
  for (let b = rest; b < to; b++) {
    source.rng.openInto(scratch, source.sampleIds[b]!, t, NOISE_SOURCE.CIRCUIT, source.stream);
    for (const g of layout.segments) scratch.fillNormal(out, segmentMajor ? g.offset * B + b * g.size : b * P + g.offset, g.size, 0, g.std);
  }
}

/** Per layout: the segment sizes and σ as `fillNormalRuns4` run tables, four generators, and the offset buffer. */
const fourLane = new WeakMap<NoiseLayout, { counts: Int32Array; stds: Float64Array; gens: BlockRng[]; offsets: Int32Array }>();

/** Fill whole groups of four samples of rows `from .. to − 1` with `fillNormalRuns4`; returns the first row left. */
function fillFourAtATime(layout: NoiseLayout, source: CircuitNoiseSource, t: number, out: Float32Array, segmentMajor: boolean, from: number, to: number): number {
  const B = source.sampleIds.length;
  const P = layout.perSampleStep;
  let c = fourLane.get(layout);
  if (c === undefined) {
    c = {
      counts: Int32Array.from(layout.segments, (g) => g.size),
      stds: Float64Array.from(layout.segments, (g) => g.std),
      gens: [0, 1, 2, 3].map(() => new BlockRng()),
      offsets: new Int32Array(4 * layout.segments.length),
    };
    fourLane.set(layout, c);
  }
  const segs = layout.segments;
  let b = from;
  for (; b + 4 <= to; b += 4) {
    for (let L = 0; L < 4; L++) source.rng.openInto(c.gens[L]!, source.sampleIds[b + L]!, t, NOISE_SOURCE.CIRCUIT, source.stream);
    for (let r = 0; r < segs.length; r++) {
      const g = segs[r]!;
      for (let L = 0; L < 4; L++) c.offsets[4 * r + L] = segmentMajor ? g.offset * B + (b + L) * g.size : (b + L) * P + g.offset;
    }
    if (!fillNormalRuns4(c.gens, c.offsets, c.counts, c.stds, out)) return b;
  }
  return b;
}

export type LifGroup = 'orn' | 'ln' | 'pn';

/** The noise views of one step buffer (built once per buffer, no per-step allocation). */
export interface StepNoise {
  readonly buf: Vec;
  readonly receptor: Vec;
  readonly lif: Readonly<Record<LifGroup, LifNoise>>;
  /** Backward: only the current noise enters the LIF VJP. */
  readonly lifBack: Readonly<Record<LifGroup, LifNoise>>;
  readonly kc: TwoCompartmentNoise;
  readonly release: readonly Vec[];
}

const NO_LIF: LifNoise = Object.freeze({ currentNa: null, voltageMv: null, thresholdMv: null });
const NO_KC: TwoCompartmentNoise = Object.freeze({ dendriteMv: null, axonMv: null, thresholdMv: null });
/** The views of a noiseless step. */
export const NO_STEP_NOISE = Object.freeze({
  receptor: null,
  lif: { orn: NO_LIF, ln: NO_LIF, pn: NO_LIF },
  lifBack: { orn: NO_LIF, ln: NO_LIF, pn: NO_LIF },
  kc: NO_KC,
  release: [] as (Vec | null)[],
});
/** A step's noise views, or none. */
export type MaybeStepNoise = StepNoise | typeof NO_STEP_NOISE;

/** The segment views of one step buffer of a batch of `batch` samples (see {@link fillCircuitNoise} for the order). */
export function stepNoiseViews(circuit: SpikingCircuit, batch: number, buf: Vec): StepNoise {
  const seg = circuit.noise.index;
  const v = (name: string): Vec => {
    const g = seg[name]!;
    return buf.subarray(g.offset * batch, (g.offset + g.size) * batch) as Vec;
  };
  const lif = (g: LifGroup): LifNoise => ({ currentNa: v(`${g}.current`), voltageMv: v(`${g}.voltage`), thresholdMv: v(`${g}.threshold`) });
  const lifBack = (g: LifGroup): LifNoise => ({ currentNa: v(`${g}.current`), voltageMv: null, thresholdMv: null });
  return {
    buf,
    receptor: v('receptor'),
    lif: { orn: lif('orn'), ln: lif('ln'), pn: lif('pn') },
    lifBack: { orn: lifBack('orn'), ln: lifBack('ln'), pn: lifBack('pn') },
    kc: { dendriteMv: v('kc.dendrite'), axonMv: v('kc.axon'), thresholdMv: v('kc.threshold') },
    release: circuit.pathways.map((p) => v(`release.${p.spec.name}`)),
  };
}
