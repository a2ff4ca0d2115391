import { finiteNumber, positiveInteger } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';
import { BlockRng } from '../random/block-rng';
import type { CounterRng } from '../random/counter-rng';
import type { CsrMatrix } from '../sparse/csr-matrix';
import type { ProjectionSpec } from './network-types';

/** Counter `source` word of the connectivity draws. */
export const CONNECT_SOURCE = 0x51a70003;

/** Where a projection goes; shared by the builders below. */
export interface ProjectionEnds {
  readonly name: string;
  readonly pre: string;
  readonly post: string;
  readonly synapse: string;
  /** Integer delay in steps, ≥ 0. Default 0. */
  readonly delaySteps?: number;
}

/**
 * Connect every (i, j) pair independently with probability `probability` (Brian2's
 * `connect(p=…)`, self-pairs included unless `allowSelf` is false, which only matters when pre
 * and post are the same population), all with weight `weightMv`. Row i draws its `postSize`
 * uniforms from the counter block (i, 0, CONNECT_SOURCE, stream), so the result depends only on
 * the generator's seed and the arguments.
 *
 * @example
 *   const ee = fixedProbabilityProjection({ name: 'ee', pre: 'e', post: 'e', synapse: 'exc',
 *     preSize: 3200, postSize: 3200, probability: 0.02, weightMv: 1.62, rng: createRng(1) });
 */
export function fixedProbabilityProjection(
  options: ProjectionEnds & {
    readonly preSize: number;
    readonly postSize: number;
    readonly probability: number;
    readonly weightMv: number;
    readonly rng: CounterRng;
    readonly stream?: number;
    readonly allowSelf?: boolean;
  },
): ProjectionSpec {
  const preSize = positiveInteger('preSize', options.preSize, 'presynaptic population size');
  const postSize = positiveInteger('postSize', options.postSize, 'postsynaptic population size');
  const p = finiteNumber('probability', options.probability, 'connection probability');
  if (p < 0 || p > 1) throw new InvalidParameterError({ parameter: 'probability', value: p, expected: 'a probability in [0, 1]' });
  const weightMv = finiteNumber('weightMv', options.weightMv, 'synaptic weight, mV');
  const noSelf = options.allowSelf === false && options.pre === options.post;
  const rowPtr = new Int32Array(preSize + 1);
  let post = new Int32Array(Math.max(16, Math.ceil(preSize * postSize * p * 1.2)));
  let nnz = 0;
  const u = new Float64Array(postSize);
  const block = new BlockRng();
  for (let i = 0; i < preSize; i++) {
    options.rng.openInto(block, i, 0, CONNECT_SOURCE, options.stream ?? 0).fillUniform(u, 0, postSize);
    for (let j = 0; j < postSize; j++) {
      if (u[j]! < p && !(noSelf && i === j)) {
        if (nnz === post.length) {
          const grown = new Int32Array(post.length * 2);
          grown.set(post);
          post = grown;
        }
        post[nnz++] = j;
      }
    }
    rowPtr[i + 1] = nnz;
  }
  return {
    name: options.name,
    pre: options.pre,
    post: options.post,
    synapse: options.synapse,
    rowPtr,
    postIndex: post.slice(0, nnz),
    weightsMv: new Float64Array(nnz).fill(weightMv),
    delaySteps: options.delaySteps ?? 0,
  };
}

/** The validated sizes, degree and weight of a fixed-degree builder. */
function fixedDegreeArgs(
  options: { readonly preSize: number; readonly postSize: number; readonly weightMv: number },
  degreeName: string,
  degree: number,
  what: string,
): { preSize: number; postSize: number; k: number; weightMv: number } {
  const preSize = positiveInteger('preSize', options.preSize, 'presynaptic population size');
  const postSize = positiveInteger('postSize', options.postSize, 'postsynaptic population size');
  if (!Number.isInteger(degree) || degree < 0) throw new InvalidParameterError({ parameter: degreeName, value: degree, expected: `an integer >= 0 (${what})` });
  return { preSize, postSize, k: degree, weightMv: finiteNumber('weightMv', options.weightMv, 'synaptic weight, mV') };
}

/**
 * Every presynaptic neuron gets exactly `outDegree` targets drawn uniformly from the post
 * population, independently (so duplicates — multapses — are possible, as in the lateral-line
 * reference's MON→TS wiring), all with weight `weightMv`. Row i draws from the counter block
 * (i, 1, CONNECT_SOURCE, stream). Memory and time grow with the synapse count, not pre × post.
 */
export function fixedOutDegreeProjection(
  options: ProjectionEnds & {
    readonly preSize: number;
    readonly postSize: number;
    readonly outDegree: number;
    readonly weightMv: number;
    readonly rng: CounterRng;
    readonly stream?: number;
  },
): ProjectionSpec {
  const { preSize, postSize, k, weightMv } = fixedDegreeArgs(options, 'outDegree', options.outDegree, 'targets per presynaptic neuron');
  const rowPtr = new Int32Array(preSize + 1);
  const postIndex = new Int32Array(preSize * k);
  const block = new BlockRng();
  for (let i = 0; i < preSize; i++) {
    options.rng.openInto(block, i, 1, CONNECT_SOURCE, options.stream ?? 0);
    for (let d = 0; d < k; d++) postIndex[i * k + d] = Math.floor(block.nextUniform() * postSize);
    rowPtr[i + 1] = (i + 1) * k;
  }
  return {
    name: options.name,
    pre: options.pre,
    post: options.post,
    synapse: options.synapse,
    rowPtr,
    postIndex,
    weightsMv: new Float64Array(preSize * k).fill(weightMv),
    delaySteps: options.delaySteps ?? 0,
  };
}

/**
 * Every postsynaptic neuron gets exactly `inDegree` sources drawn uniformly from the pre
 * population, independently (duplicates possible; the lateral-line LL→MON in-degree of 10),
 * all with weight `weightMv`, stored pre-major. Column j draws from the counter block
 * (j, 2, CONNECT_SOURCE, stream).
 */
export function fixedInDegreeProjection(
  options: ProjectionEnds & {
    readonly preSize: number;
    readonly postSize: number;
    readonly inDegree: number;
    readonly weightMv: number;
    readonly rng: CounterRng;
    readonly stream?: number;
  },
): ProjectionSpec {
  const { preSize, postSize, k, weightMv } = fixedDegreeArgs(options, 'inDegree', options.inDegree, 'sources per postsynaptic neuron');
  const pre = new Int32Array(postSize * k);
  const block = new BlockRng();
  for (let j = 0; j < postSize; j++) {
    options.rng.openInto(block, j, 2, CONNECT_SOURCE, options.stream ?? 0);
    for (let d = 0; d < k; d++) pre[j * k + d] = Math.floor(block.nextUniform() * preSize);
  }
  const rowPtr = new Int32Array(preSize + 1);
  for (let s = 0; s < pre.length; s++) rowPtr[pre[s]! + 1]++;
  for (let i = 0; i < preSize; i++) rowPtr[i + 1] += rowPtr[i]!;
  const fill = rowPtr.slice(0, preSize);
  const postIndex = new Int32Array(pre.length);
  for (let s = 0; s < pre.length; s++) postIndex[fill[pre[s]!]!++] = Math.floor(s / k);
  return {
    name: options.name,
    pre: options.pre,
    post: options.post,
    synapse: options.synapse,
    rowPtr,
    postIndex,
    weightsMv: new Float64Array(pre.length).fill(weightMv),
    delaySteps: options.delaySteps ?? 0,
  };
}

/** Neuron i of `pre` → neuron i of `post`, each with weight `weightMv` (background inputs). */
export function oneToOneProjection(options: ProjectionEnds & { readonly size: number; readonly weightMv: number }): ProjectionSpec {
  const n = positiveInteger('size', options.size, 'population size');
  const weightMv = finiteNumber('weightMv', options.weightMv, 'synaptic weight, mV');
  const rowPtr = new Int32Array(n + 1);
  const postIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    rowPtr[i + 1] = i + 1;
    postIndex[i] = i;
  }
  return { name: options.name, pre: options.pre, post: options.post, synapse: options.synapse, rowPtr, postIndex, weightsMv: new Float64Array(n).fill(weightMv), delaySteps: options.delaySteps ?? 0 };
}

/** A projection whose synapses and weights (mV) are the entries of a CSR matrix (rows = pre). */
export function projectionFromCsr(csr: CsrMatrix, ends: ProjectionEnds): ProjectionSpec {
  return {
    name: ends.name,
    pre: ends.pre,
    post: ends.post,
    synapse: ends.synapse,
    rowPtr: csr.rowPtr,
    postIndex: csr.colIdx,
    weightsMv: Float64Array.from(csr.values),
    delaySteps: ends.delaySteps ?? 0,
  };
}

/**
 * Distance-dependent connections on a ring of `size` neurons (pre and post of the same size,
 * usually the same population): neurons i and j are ring-distance d = min(|i − j|, size − |i − j|)
 * apart, and every ordered pair with d ≤ `radius` (self-pairs only when `includeSelf`) gets one
 * synapse whose weight follows the kernel
 *
 *   'triangular': w(d) = peakMv·(1 − d/radius)        (the lateral-line TS lateral inhibition)
 *   'box':        w(d) = peakMv
 *
 * Pairs at d = radius are connected even when their triangular weight is 0 (as Brian2's
 * `connect(i, j)` from the same loop would). Deterministic: no randomness.
 *
 * @example
 *   const lateral = ringKernelProjection({ name: 'tsLateral', pre: 'ts', post: 'ts', synapse: 'inh',
 *     size: 300, radius: 18, peakMv: -1.5, kernel: 'triangular' });
 */
export function ringKernelProjection(
  options: ProjectionEnds & {
    readonly size: number;
    readonly radius: number;
    readonly peakMv: number;
    readonly kernel?: 'triangular' | 'box';
    readonly includeSelf?: boolean;
  },
): ProjectionSpec {
  const n = positiveInteger('size', options.size, 'ring size');
  const radius = finiteNumber('radius', options.radius, 'ring radius in neuron-index units');
  if (radius <= 0) throw new InvalidParameterError({ parameter: 'radius', value: radius, expected: 'a finite number > 0 (ring radius in neuron-index units)' });
  const peak = finiteNumber('peakMv', options.peakMv, 'kernel peak weight, mV');
  const kernel = options.kernel ?? 'triangular';
  if (kernel !== 'triangular' && kernel !== 'box') throw new InvalidParameterError({ parameter: 'kernel', value: kernel, expected: "'triangular' or 'box'" });
  const self = options.includeSelf === true;
  const rowPtr = new Int32Array(n + 1);
  const post: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j && !self) continue;
      const a = Math.abs(i - j);
      const d = Math.min(a, n - a);
      if (d > radius) continue;
      post.push(j);
      w.push(kernel === 'box' ? peak : peak * (1 - d / radius));
    }
    rowPtr[i + 1] = post.length;
  }
  return {
    name: options.name,
    pre: options.pre,
    post: options.post,
    synapse: options.synapse,
    rowPtr,
    postIndex: Int32Array.from(post),
    weightsMv: Float64Array.from(w),
    delaySteps: options.delaySteps ?? 0,
  };
}
