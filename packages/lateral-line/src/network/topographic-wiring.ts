import { BlockRng, CONNECT_SOURCE, InvalidParameterError } from '@olfactory/neurons';
import type { CounterRng, ProjectionEnds, ProjectionSpec } from '@olfactory/neurons';

/** Options of the two mixed random + topographic builders. */
export interface TopographicOptions extends ProjectionEnds {
  readonly preSize: number;
  readonly postSize: number;
  /** Connections per cell (sources per post cell, or targets per pre cell). */
  readonly degree: number;
  /** Fraction of topographic connections, in [0, 1]: round(degree·topography) of them. */
  readonly topography: number;
  /** Spread of the topographic Gaussian, in indices of the other population. */
  readonly sigma: number;
  /** Weight of each synapse, mV (from `weightMv(s)`, called in storage order), or a constant. */
  readonly weightMv: number | ((synapse: number) => number);
  readonly rng: CounterRng;
  readonly stream?: number;
}

function check(o: TopographicOptions, who: string): void {
  if (!(typeof o.topography === 'number' && o.topography >= 0 && o.topography <= 1)) {
    throw new InvalidParameterError({
      parameter: 'topography',
      value: o.topography,
      expected: `a number in [0, 1] (the fraction of topographic connections, in ${who}); 0 is fully random, 1 fully topographic`,
    });
  }
  if (!Number.isInteger(o.degree) || o.degree < 0) throw new InvalidParameterError({ parameter: 'degree', value: o.degree, expected: `an integer >= 0 (in ${who})` });
  if (!(o.sigma > 0)) throw new InvalidParameterError({ parameter: 'sigma', value: o.sigma, expected: `a number > 0 (spread in indices, in ${who})` });
}

/**
 * Draw `degree` partners of cell c of a population of `own` cells among `other` cells: the first
 * round(degree·topography) from a Gaussian of SD `sigma` centred on the matched index
 * c/(own − 1)·(other − 1), rounded and clipped to [0, other − 1]; the rest uniform. Cell c
 * reads block (c, 3, CONNECT_SOURCE, stream) of the counter generator.
 */
function partners(c: number, own: number, other: number, o: TopographicOptions, block: BlockRng, out: Int32Array): void {
  o.rng.openInto(block, c, 3, CONNECT_SOURCE, o.stream ?? 0);
  const nTopo = Math.round(o.degree * o.topography);
  const centre = own === 1 ? 0 : (c / (own - 1)) * (other - 1);
  for (let d = 0; d < o.degree; d++) {
    let j: number;
    if (d < nTopo) {
      j = Math.round(centre + o.sigma * block.nextNormal());
      j = j < 0 ? 0 : j > other - 1 ? other - 1 : j;
    } else {
      j = Math.floor(block.nextUniform() * other);
    }
    out[d] = j;
  }
}

function weights(o: TopographicOptions, n: number): Float64Array {
  const w = new Float64Array(n);
  if (typeof o.weightMv === 'number') w.fill(o.weightMv);
  else for (let s = 0; s < n; s++) w[s] = o.weightMv(s);
  return w;
}

/**
 * Every post cell gets exactly `degree` sources, round(degree·topography) of them near its
 * matched presynaptic position (the lateral-line LL→MON wiring; duplicates possible), stored
 * pre-major.
 *
 * @throws {InvalidParameterError} when topography is outside [0, 1].
 */
export function topographicInDegreeProjection(o: TopographicOptions): ProjectionSpec {
  check(o, 'topographicInDegreeProjection');
  const k = o.degree;
  const pre = new Int32Array(o.postSize * k);
  const block = new BlockRng();
  const tmp = new Int32Array(k);
  for (let j = 0; j < o.postSize; j++) {
    partners(j, o.postSize, o.preSize, o, block, tmp);
    pre.set(tmp, j * k);
  }
  const rowPtr = new Int32Array(o.preSize + 1);
  for (let s = 0; s < pre.length; s++) rowPtr[pre[s]! + 1]++;
  for (let i = 0; i < o.preSize; i++) rowPtr[i + 1] += rowPtr[i]!;
  const fill = rowPtr.slice(0, o.preSize);
  const postIndex = new Int32Array(pre.length);
  for (let s = 0; s < pre.length; s++) postIndex[fill[pre[s]!]!++] = Math.floor(s / k);
  return { name: o.name, pre: o.pre, post: o.post, synapse: o.synapse, rowPtr, postIndex, weightsMv: weights(o, pre.length), delaySteps: o.delaySteps ?? 0 };
}

/**
 * Every pre cell gets exactly `degree` targets, round(degree·topography) of them near its
 * matched postsynaptic position (the lateral-line MON→TS wiring; duplicates possible).
 *
 * @throws {InvalidParameterError} when topography is outside [0, 1].
 */
export function topographicOutDegreeProjection(o: TopographicOptions): ProjectionSpec {
  check(o, 'topographicOutDegreeProjection');
  const k = o.degree;
  const rowPtr = new Int32Array(o.preSize + 1);
  const postIndex = new Int32Array(o.preSize * k);
  const block = new BlockRng();
  const tmp = new Int32Array(k);
  for (let i = 0; i < o.preSize; i++) {
    partners(i, o.preSize, o.postSize, o, block, tmp);
    postIndex.set(tmp, i * k);
    rowPtr[i + 1] = (i + 1) * k;
  }
  return { name: o.name, pre: o.pre, post: o.post, synapse: o.synapse, rowPtr, postIndex, weightsMv: weights(o, postIndex.length), delaySteps: o.delaySteps ?? 0 };
}
