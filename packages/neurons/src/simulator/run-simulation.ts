import { InvalidParameterError } from '../errors/invalid-parameter-error';
import { applyHomeostasisInPlace } from '../plasticity/homeostasis';
import { stdpPostEvents, stdpPreEvents } from '../plasticity/stdp';
import { epropTraceStep } from '../plasticity/eprop';
import { pseudoDerivativeInto } from '../plasticity/pseudo-derivative';
import type { StdpRule } from '../plasticity/stdp';
import { recordClock, recordStepSpikes } from '../monitors/monitor-record';
import type { CompiledMonitor } from '../monitors/monitor-compile';
import type { MonitorData } from '../monitors/monitor-types';
import { BlockRng } from '../random/block-rng';
import { createRng } from '../random/counter-rng';
import { portableLog } from '../random/portable-math';
import type { UniformLifCoefficients, CompiledLifPopulation, CompiledNetwork, CompiledPoissonPopulation, CompiledProjection, CompiledSchedule } from './compile-network';
import { MAX_SIMULATION_STEPS, wholeSteps } from './compile-network';
import type { LifPopulationState, SimState } from './sim-state';
import { cloneSimState, POISSON_SOURCE, ringSize } from './sim-state';
import { lifSimdModule } from './lif-simd-kernel';
import type { DeliverKernel, LifKernel } from './lif-simd-kernel';
import { lifKernelName } from './lif-simd-kernel';
import { stdpPostKernelName, stdpPreKernelName, stdpSimdModule } from './stdp-simd-kernel';
import { poissonWasmModule } from './poisson-wasm-kernel';
import type { PoissonKernel } from './poisson-wasm-kernel';
import type { DeliverRowsKernel, StdpDecayKernel, StdpPostKernel, StdpPreKernel } from './stdp-simd-kernel';
import { lowRankPropagate, lowRankRecordSpikes, lowRankStateFits, lowRankTraceStep } from './low-rank';
import type { LowRankPost } from './low-rank';

/** Options of {@link runSimulation}. */
export interface RunOptions {
  /** Advance `state` itself instead of a copy (saves one copy of the state per call). Default false. */
  readonly inPlace?: boolean;
}

/** Row offset of schedule `s` at step `n`, or −1 when the schedule is 0 there. */
function scheduleRow(s: CompiledSchedule, n: number, size: number): number {
  // Every field is read and the wrap computed on every call, so optimised callers never meet an
  // operation for the first time (a repeating schedule wraps only after its last bin, and that
  // first wrap used to deoptimise the step loop).
  const { startStep, binSteps, nBins, repeat } = s;
  const rel = n - startStep;
  const bin = Math.floor(rel / binSteps);
  if (rel < 0 || (bin >= nBins && !repeat)) return -1;
  return (bin % nBins) * size; // bin % nBins is bin before the first wrap
}

/** The injected current of step n (nA per neuron), or null when there is none. */
function stepCurrent(p: CompiledLifPopulation, n: number): Float64Array | null {
  if (p.scheduledCurrentsNa.length === 0) return p.constantCurrentNa;
  const out = p.currentNa;
  if (p.constantCurrentNa) out.set(p.constantCurrentNa);
  else out.fill(0);
  for (const s of p.scheduledCurrentsNa) {
    const row = scheduleRow(s, n, p.size);
    if (row < 0) continue;
    for (let i = 0; i < p.size; i++) out[i] += s.values[row + i]!;
  }
  return out;
}

/**
 * Integrate one LIF population over one step, collect its spikes into `p.spikes` and decay its
 * synapse variables by one step (s_c ← a_c·s_c, refractory neurons included).
 */
function updateLif(p: CompiledLifPopulation, st: LifPopulationState, n: number): void {
  const current = stepCurrent(p, n);
  const u = p.uniform;
  if (u !== null && p.channelNames.length === 2 && current === null) updateLifUniform2(p, st, u);
  else updateLifGeneral(p, st, current);
}

/** The common case (two channels, population-wide parameters, no injection), kept lean. */
function updateLifUniform2(p: CompiledLifPopulation, st: LifPopulationState, u: UniformLifCoefficients): void {
  const size = p.size;
  const v = st.v;
  const refr = st.refractoryStepsLeft;
  const g0 = st.syn[p.channelNames[0]!]!;
  const g1 = st.syn[p.channelNames[1]!]!;
  const rest = u.vRestMv;
  const am = u.membraneDecay;
  const th = u.vThresholdMv;
  const reset = u.vResetMv;
  const k0 = u.channelGain[0]!;
  const k1 = u.channelGain[1]!;
  const a0 = p.channelDecay[0]!;
  const a1 = p.channelDecay[1]!;
  const rs = u.refractorySteps > 0 ? u.refractorySteps - 1 : 0;
  const spikes = p.spikes;
  let count = 0;
  for (let i = 0; i < size; i++) {
    const s0 = g0[i]!;
    const s1 = g1[i]!;
    g0[i] = s0 * a0;
    g1[i] = s1 * a1;
    const r = refr[i]!;
    if (r > 0) {
      refr[i] = r - 1;
      continue;
    }
    let x = rest + (v[i]! - rest) * am + s0 * k0 + s1 * k1;
    if (x > th) {
      x = reset;
      refr[i] = rs;
      spikes[count++] = i;
    }
    v[i] = x;
  }
  p.spikeCount = count;
}

function updateLifGeneral(p: CompiledLifPopulation, st: LifPopulationState, current: Float64Array | null): void {
  const size = p.size;
  const v = st.v;
  const refr = st.refractoryStepsLeft;
  const vRest = p.vRestMv;
  const vTh = p.vThresholdMv;
  const vReset = p.vResetMv;
  const am = p.membraneDecay;
  const refrSteps = p.refractorySteps;
  const spikes = p.spikes;
  const kI = p.driveGainMvPerNa;
  const nc = p.channelNames.length;
  const gs = p.channelNames.map((c) => st.syn[c]!);
  const ks = p.channelGain;
  const as = p.channelDecay;
  let count = 0;
  for (let i = 0; i < size; i++) {
    const rest = vRest[i]!;
    let x = rest + (v[i]! - rest) * am[i]!;
    if (current !== null) x += current[i]! * kI[i]!;
    for (let c = 0; c < nc; c++) {
      const g = gs[c]!;
      const sc = g[i]!;
      x += sc * ks[c]![i]!;
      g[i] = sc * as[c]!;
    }
    const r = refr[i]!;
    if (r > 0) {
      refr[i] = r - 1;
      continue;
    }
    if (x > vTh[i]!) {
      x = vReset[i]!;
      const rs = refrSteps[i]!;
      refr[i] = rs > 0 ? rs - 1 : 0;
      spikes[count++] = i;
    }
    v[i] = x;
  }
  p.spikeCount = count;
}

/** Draw one step of Poisson spikes (Bernoulli per neuron, counter RNG keyed by population and step). */
function updatePoisson(p: CompiledPoissonPopulation, n: number, net: CompiledNetwork, rng: ReturnType<typeof createRng>, block: BlockRng): void {
  let prob = p.probability;
  let off = 0;
  if (prob === null) {
    const s = p.schedule!;
    off = scheduleRow(s, n, p.size);
    if (off < 0) {
      p.spikeCount = 0;
      return;
    }
    prob = s.values;
  }
  const spikes = p.spikes;
  let count = 0;
  if (p.geometricLogQ !== 0) {
    // Geometric gaps: neuron i spikes when i = i_prev + 1 + ⌊ln U / ln(1 − p)⌋ < size.
    rng.openInto(block, p.index, n, POISSON_SOURCE, net.stream);
    const lq = p.geometricLogQ;
    const size = p.size;
    let i = -1;
    for (;;) {
      const gap = Math.floor(portableLog(1 - block.nextUniform()) / lq);
      i += 1 + gap;
      if (!(i < size)) break;
      spikes[count++] = i;
    }
    p.spikeCount = count;
    return;
  }
  const u = p.uniforms;
  rng.openInto(block, p.index, n, POISSON_SOURCE, net.stream).fillUniform(u, 0, p.size);
  for (let i = 0; i < p.size; i++) if (u[i]! < prob[off + i]!) spikes[count++] = i;
  p.spikeCount = count;
}

/** Add the weights of this step's presynaptic spikes into the target channel's delay ring. */
function propagate(pr: CompiledProjection, n: number, ring: Float64Array, weights: Float64Array, stride: number): void {
  const count = pr.pre.spikeCount;
  if (count === 0) return;
  const spikes = pr.pre.spikes;
  const rowPtr = pr.rowPtr;
  const post = pr.postIndex;
  const size = stride;
  const len = pr.post.ringLength[pr.channel]!;
  const signs = pr.signs;
  if (pr.uniformDelay >= 0) {
    const base = ((n + pr.uniformDelay) % len) * size;
    if (signs === null) {
      for (let k = 0; k < count; k++) {
        const i = spikes[k]!;
        for (let s = rowPtr[i]!, e = rowPtr[i + 1]!; s < e; s++) ring[base + post[s]!] += weights[s]!;
      }
    } else {
      for (let k = 0; k < count; k++) {
        const i = spikes[k]!;
        for (let s = rowPtr[i]!, e = rowPtr[i + 1]!; s < e; s++) ring[base + post[s]!] += signs[s]! * weights[s]!;
      }
    }
    return;
  }
  const delay = pr.delaySteps!;
  const slot = n % len;
  for (let k = 0; k < count; k++) {
    const i = spikes[k]!;
    for (let s = rowPtr[i]!, e = rowPtr[i + 1]!; s < e; s++) {
      let d = slot + delay[s]!;
      if (d >= len) d -= len;
      ring[d * size + post[s]!] += (signs === null ? 1 : signs[s]!) * weights[s]!;
    }
  }
}

/**
 * Add what the delay rings deliver at step n (slot n mod ringLength) to the synapse variables
 * (already decayed in the update). Channels fed only without delay have no ring: propagation
 * adds into them directly.
 */
function deliverSynapses(p: CompiledLifPopulation, st: LifPopulationState, rings: readonly Float64Array[], n: number): void {
  const size = p.size;
  for (let c = 0; c < p.channelNames.length; c++) {
    const len = p.ringLength[c]!;
    if (len === 1) continue;
    const g = st.syn[p.channelNames[c]!]!;
    const ring = rings[c]!;
    const base = (n % len) * size;
    for (let i = 0; i < size; i++) {
      g[i] += ring[base + i]!;
      ring[base + i] = 0;
    }
  }
}

/** Traces smaller than this in magnitude are set to 0 (see {@link stdpStep}). */
const TRACE_FLOOR = 1e-300;

/** Decay both traces of a plastic projection by one step (flushing subnormal values to 0). */
function stdpDecayTraces(pr: CompiledProjection, preTrace: Float64Array, postTrace: Float64Array): void {
  const dPre = pr.preTraceDecay;
  const dPost = pr.postTraceDecay;
  // Traces of neurons silent for a long time would decay into subnormal numbers (below
  // 2.2e-308 after ≈ 14,000 steps at τ = 20 dt), whose arithmetic is many times slower on x86;
  // they are flushed to 0 once below 1e-300 (a change of at most 1e-300 in any weight).
  for (let i = 0; i < preTrace.length; i++) {
    const x = preTrace[i]! * dPre;
    preTrace[i] = x < TRACE_FLOOR && x > -TRACE_FLOOR ? 0 : x;
  }
  for (let j = 0; j < postTrace.length; j++) {
    const x = postTrace[j]! * dPost;
    postTrace[j] = x < TRACE_FLOOR && x > -TRACE_FLOOR ? 0 : x;
  }
}

/** STDP of one step on pre-major weights: traces decay, pre events, post events. */
function stdpStep(pr: CompiledProjection, weights: Float64Array, preTrace: Float64Array, postTrace: Float64Array): void {
  const rule = pr.stdp!;
  stdpDecayTraces(pr, preTrace, postTrace);
  stdpPreEvents(rule, pr.pre.spikes, pr.pre.spikeCount, pr.rowPtr, pr.postIndex, weights, preTrace, postTrace);
  stdpPostEvents(rule, pr.post.spikes, pr.post.spikeCount, pr.colPtr, pr.colSyn, pr.preOfSyn, weights, preTrace, postTrace);
}

/** One step of e-prop traces: ψ of the post population from its current potentials, then z̄ and ē. */
function epropStep(pr: CompiledProjection, post: LifPopulationState, ps: ProjectionStateOf): void {
  const ep = pr.eprop!;
  const p = pr.post;
  pseudoDerivativeInto(ep.psi, ep.rule.pseudoDerivative, post.v, p.vThresholdMv, ep.invWidth, p.spikes, p.spikeCount);
  epropTraceStep(ep.alpha, ep.kappa, pr.pre.spikes, pr.pre.spikeCount, ps.preTrace, ep.psi, pr.rowPtr, pr.postIndex, ps.eprop!.eligibility);
}

type ProjectionStateOf = SimState['projections'][string];

/**
 * Propagation and STDP pre events of a post-major plastic projection in one pass over the
 * spiking neurons' synapses (each weight is fetched once): for synapse s of a spiking pre
 * neuron, its current weight goes into the target's ring, then it is depressed with the
 * (already decayed) post trace. Same operations and order per synapse as propagating every
 * projection first and applying the pre events after, so the same bits.
 */
function propagateAndDepressPostMajor(pr: CompiledProjection, n: number, ring: Float64Array, w: Float64Array, size: number, preTrace: Float64Array, postTrace: Float64Array): void {
  const rule = pr.stdp!;
  const count = pr.pre.spikeCount;
  const spikes = pr.pre.spikes;
  const rowPtr = pr.rowPtr;
  const post = pr.postIndex;
  const pos = pr.posOfSyn;
  const len = pr.post.ringLength[pr.channel]!;
  const signs = pr.signs;
  const delay = pr.delaySteps;
  const uniformDelay = pr.uniformDelay;
  const slot = n % len;
  const additive = rule.kind === 'stdp-additive';
  const aPre = additive ? rule.aPreMv : rule.aPre;
  const lo = additive ? (rule.wMinMv ?? 0) : 0;
  const hi = additive ? rule.wMaxMv : 0;
  for (let k = 0; k < count; k++) {
    const i = spikes[k]!;
    preTrace[i] = preTrace[i]! + aPre;
    for (let s = rowPtr[i]!, e = rowPtr[i + 1]!; s < e; s++) {
      const c = pos[s]!;
      const j = post[s]!;
      const x = w[c]!;
      let d = slot + (delay === null ? uniformDelay : delay[s]!);
      if (d >= len) d -= len;
      ring[d * size + j] += (signs === null ? 1 : signs[s]!) * x;
      if (additive) {
        const y = x + postTrace[j]!;
        w[c] = y < lo ? lo : y > hi ? hi : y;
      } else {
        w[c] = x + postTrace[j]! * x;
      }
    }
  }
}

/** Post events (potentiation) on post-major weights: the synapses of post neuron j are w[colPtr[j] .. colPtr[j+1]). */
function stdpPostEventsPostMajor(rule: StdpRule, spikes: Int32Array, count: number, colPtr: Int32Array, preOfCol: Int32Array, w: Float64Array, preTrace: Float64Array, postTrace: Float64Array): void {
  if (rule.kind === 'stdp-additive') {
    const a = rule.aPostMv;
    const lo = rule.wMinMv ?? 0;
    const hi = rule.wMaxMv;
    for (let k = 0; k < count; k++) {
      const j = spikes[k]!;
      postTrace[j] = postTrace[j]! + a;
      for (let c = colPtr[j]!, e = colPtr[j + 1]!; c < e; c++) {
        const x = w[c]! + preTrace[preOfCol[c]!]!;
        w[c] = x < lo ? lo : x > hi ? hi : x;
      }
    }
  } else {
    const a = rule.aPost;
    const wMax = rule.wMaxMv;
    for (let k = 0; k < count; k++) {
      const j = spikes[k]!;
      postTrace[j] = postTrace[j]! + a;
      for (let c = colPtr[j]!, e = colPtr[j + 1]!; c < e; c++) {
        const x = w[c]!;
        w[c] = x + preTrace[preOfCol[c]!]! * (wMax - x);
      }
    }
  }
}

/** Weights in post-major order for the run (a copy), or the state's own array. */
function enterLayout(pr: CompiledProjection, weights: Float64Array): Float64Array {
  if (pr.layout !== 'post-major') return weights;
  const out = new Float64Array(weights.length);
  const col = pr.colSyn;
  for (let c = 0; c < out.length; c++) out[c] = weights[col[c]!]!;
  return out;
}

/** Write post-major run weights back into the state's spec-order array. */
function leaveLayout(pr: CompiledProjection, work: Float64Array, weights: Float64Array): void {
  if (work === weights) return;
  if (pr.layout !== 'post-major') {
    weights.set(work); // a pre-major copy in WebAssembly memory
    return;
  }
  const col = pr.colSyn;
  for (let c = 0; c < work.length; c++) weights[col[c]!] = work[c]!;
}

/** A population running in a SIMD kernel: its state lives in WebAssembly memory during the run. */
interface SimdPopulation {
  readonly p: CompiledLifPopulation;
  readonly original: LifPopulationState;
  readonly work: LifPopulationState;
  /** Size padded to a multiple of 4 (the kernels take 4 neurons per iteration); the stride of every array. */
  readonly n4: number;
  readonly r: Float64Array;
  readonly spikes: Int32Array;
  /** The kernel and its arguments (addresses and scalars, fixed for the run). */
  /** The population's kernel with its arguments bound (no array is spread per call). */
  readonly run: () => number;
  /** Address of each channel's synapse variables. */
  readonly gPtr: readonly number[];
  /** The injected current of the step in WebAssembly memory (nA), refilled every step when scheduled; null without current. */
  readonly current: { readonly view: Float64Array; readonly scheduled: boolean } | null;
  /** Per channel: the delay ring in WebAssembly memory (slot stride n4) and its address, or null without delays. */
  readonly rings: readonly ({ readonly view: Float64Array; readonly ptr: number; readonly original: Float64Array } | null)[];
  /**
   * The channels with a delay ring, as (address, ring length, gPtr) triples in a typed array (the
   * per-step delivery reads this, whose shape never changes, rather than `rings`).
   */
  readonly ringTable: Int32Array;
}

/** A bump allocator over byte offsets, 16-byte aligned. */
function allocator(): { take(bytes: number): number; readonly size: number } {
  let size = 0;
  return {
    take(bytes: number) {
      const at = size;
      size += Math.ceil(bytes / 16) * 16;
      return at;
    },
    get size() {
      return size;
    },
  };
}

/** Where a SIMD population's arrays go in WebAssembly memory. */
interface SimdLayout {
  readonly n4: number;
  readonly v: number;
  readonly r: number;
  readonly spikes: number;
  readonly g: readonly number[];
  readonly params: readonly number[];
  readonly cur: number;
  readonly kI: number;
  readonly rings: readonly number[];
}

function layoutSimd(p: CompiledLifPopulation, mem: ReturnType<typeof allocator>): SimdLayout {
  const n4 = Math.ceil(p.size / 4) * 4;
  const f64 = n4 * 8;
  const C = p.channelNames.length;
  const current = p.constantCurrentNa !== null || p.scheduledCurrentsNa.length > 0;
  return {
    n4,
    v: mem.take(f64),
    r: mem.take(f64),
    spikes: mem.take(n4 * 4),
    g: p.channelNames.map(() => mem.take(f64)),
    params: p.uniform === null ? Array.from({ length: 5 + C }, () => mem.take(f64)) : [],
    cur: current ? mem.take(f64) : -1,
    kI: current ? mem.take(f64) : -1,
    rings: p.channelNames.map((_, c) => (p.ringLength[c]! > 1 ? mem.take(p.ringLength[c]! * f64) : -1)),
  };
}

/** Per-neuron parameter arrays in the kernels' order: rest, am, th, reset, rs, k_0 … k_{C−1}. */
function perNeuronParams(p: CompiledLifPopulation): Float64Array[] {
  const rs = Float64Array.from(p.refractorySteps, (x) => (x > 0 ? x - 1 : 0));
  return [p.vRestMv, p.membraneDecay, p.vThresholdMv, p.vResetMv, rs, ...p.channelGain];
}

function fillSimd(p: CompiledLifPopulation, L: SimdLayout, buf: ArrayBuffer, s: SimState, exports: Record<string, unknown>, fresh: boolean): SimdPopulation {
  const original = s.populations[p.name]!;
  const v = new Float64Array(buf, L.v, p.size);
  v.set(original.v);
  if (L.n4 > p.size) new Float64Array(buf, L.v, L.n4).fill(-Infinity, p.size); // padding lanes never spike
  const r = new Float64Array(buf, L.r, p.size);
  r.set(original.refractoryStepsLeft); // int32 → float64, exact (a typed-array copy: no JavaScript loop to optimise once per run)
  const syn: Record<string, Float64Array> = {};
  p.channelNames.forEach((c, k) => {
    syn[c] = new Float64Array(buf, L.g[k]!, p.size);
    syn[c]!.set(original.syn[c]!);
  });
  const work: LifPopulationState = { v, refractoryStepsLeft: original.refractoryStepsLeft, syn };
  const rings = L.rings.map((at, c) => {
    if (at < 0) return null;
    const len = p.ringLength[c]!;
    const view = new Float64Array(buf, at, len * L.n4);
    const from = s.pending[`${p.name}.${p.channelNames[c]}`]!;
    for (let slot = 0; slot < len; slot++) view.set(from.subarray(slot * p.size, (slot + 1) * p.size), slot * L.n4);
    return { view, ptr: at, original: from };
  });
  let scalars: number[];
  if (p.uniform !== null) {
    const u = p.uniform;
    scalars = [u.vRestMv, u.membraneDecay, u.vThresholdMv, u.vResetMv, u.refractorySteps > 0 ? u.refractorySteps - 1 : 0, ...u.channelGain];
  } else {
    if (fresh) perNeuronParams(p).forEach((values, k) => new Float64Array(buf, L.params[k]!, p.size).set(values));
    scalars = [...L.params];
  }
  let current: SimdPopulation['current'] = null;
  if (L.cur >= 0) {
    if (fresh) new Float64Array(buf, L.kI, p.size).set(p.driveGainMvPerNa);
    const view = new Float64Array(buf, L.cur, p.size);
    const scheduled = p.scheduledCurrentsNa.length > 0;
    if (!scheduled) view.set(p.constantCurrentNa!);
    current = { view, scheduled };
  }
  const shape = { channels: p.channelNames.length, perNeuron: p.uniform === null, current: current !== null };
  const args = [L.n4, L.v, L.r, L.spikes, ...L.g, ...scalars, ...p.channelDecay, ...(current ? [L.cur, L.kI] : [])];
  return {
    p,
    original,
    work,
    n4: L.n4,
    r,
    spikes: new Int32Array(buf, L.spikes, L.n4),
    run: (exports[lifKernelName(shape)] as LifKernel).bind(null, ...args),
    gPtr: L.g,
    current,
    rings,
    ringTable: ringTable(rings, p, L.g),
  };
}

/**
 * A plastic projection whose STDP runs in the WebAssembly kernels: its weights (in the run's
 * layout), traces and index arrays live in the run's WebAssembly memory.
 */
interface StdpWasm {
  readonly pr: CompiledProjection;
  /** The run's weights (a view into WebAssembly memory; replaces `work[k]`). */
  readonly w: Float64Array;
  readonly preTrace: Float64Array;
  readonly postTrace: Float64Array;
  readonly originalPre: Float64Array;
  readonly originalPost: Float64Array;
  /** The kernels with the run's fixed arguments bound (trace decay of each side, pre events, post events). */
  readonly decayPre: () => void;
  readonly decayPost: () => void;
  readonly pre: (count: number, dst: number) => void;
  readonly post: (count: number) => void;
  /** The presynaptic spikes are copied here each step (null when they already are in WebAssembly memory). */
  readonly spikeBuf: Int32Array | null;
  /** Target row of step n: dst + ((n + delay) mod len)·rowBytes. */
  readonly dst: number;
  readonly len: number;
  readonly delay: number;
  readonly rowBytes: number;
}

interface StdpLayout {
  readonly w: number;
  readonly preTrace: number;
  readonly postTrace: number;
  readonly rowPtr: number;
  readonly postIndex: number;
  readonly pos: number;
  readonly colPtr: number;
  readonly colSyn: number;
  readonly preOf: number;
  readonly spikeBuf: number;
}

/** Entries of a trace array in WebAssembly memory: the size rounded up to a multiple of 8 (the decay kernel's unit; the padding stays 0). */
const tracePadded = (size: number): number => Math.ceil(size / 8) * 8;

function layoutStdp(pr: CompiledProjection, preIsSimd: boolean, mem: ReturnType<typeof allocator>): StdpLayout {
  const nSyn = pr.postIndex.length;
  const post = pr.layout === 'post-major';
  return {
    w: mem.take(nSyn * 8),
    preTrace: mem.take(tracePadded(pr.pre.size) * 8),
    postTrace: mem.take(tracePadded(pr.post.size) * 8),
    rowPtr: mem.take(pr.rowPtr.length * 4),
    postIndex: mem.take(nSyn * 4),
    pos: post ? mem.take(nSyn * 4) : 0,
    colPtr: mem.take(pr.colPtr.length * 4),
    colSyn: post ? 0 : mem.take(nSyn * 4),
    preOf: mem.take(nSyn * 4),
    spikeBuf: preIsSimd ? -1 : mem.take(pr.pre.size * 4),
  };
}

function fillStdp(
  pr: CompiledProjection,
  L: StdpLayout,
  buf: ArrayBuffer,
  work: Float64Array,
  ps: ProjectionStateOf,
  pops: readonly (SimdPopulation | null)[],
  preSpikes: Int32Array | null,
  exports: Record<string, unknown>,
  fresh: boolean,
): StdpWasm {
  const nSyn = pr.postIndex.length;
  const postMajor = pr.layout === 'post-major';
  const w = new Float64Array(buf, L.w, nSyn);
  w.set(work);
  const preTrace = new Float64Array(buf, L.preTrace, pr.pre.size);
  preTrace.set(ps.preTrace);
  const postTrace = new Float64Array(buf, L.postTrace, pr.post.size);
  postTrace.set(ps.postTrace);
  if (fresh) {
    new Int32Array(buf, L.rowPtr, pr.rowPtr.length).set(pr.rowPtr);
    new Int32Array(buf, L.postIndex, nSyn).set(pr.postIndex);
    if (postMajor) new Int32Array(buf, L.pos, nSyn).set(pr.posOfSyn);
    new Int32Array(buf, L.colPtr, pr.colPtr.length).set(pr.colPtr);
    if (!postMajor) new Int32Array(buf, L.colSyn, nSyn).set(pr.colSyn);
    new Int32Array(buf, L.preOf, nSyn).set(postMajor ? pr.preOfCol : pr.preOfSyn);
  }
  const qPost = pops[pr.post.index]!;
  const len = pr.post.ringLength[pr.channel]!;
  const rule = pr.stdp!;
  const additive = rule.kind === 'stdp-additive';
  const aPre = additive ? rule.aPreMv : rule.aPre;
  const aPost = additive ? rule.aPostMv : rule.aPost;
  const lo = additive ? (rule.wMinMv ?? 0) : 0;
  const hi = additive ? rule.wMaxMv : 0;
  const decay = exports.stdp_decay as StdpDecayKernel;
  const preSpikesAt = preSpikes ? preSpikes.byteOffset : L.spikeBuf;
  return {
    pr,
    w,
    preTrace,
    postTrace,
    originalPre: ps.preTrace,
    originalPost: ps.postTrace,
    decayPre: decay.bind(null, pr.preTraceDecay, tracePadded(pr.pre.size), L.preTrace),
    decayPost: decay.bind(null, pr.postTraceDecay, tracePadded(pr.post.size), L.postTrace),
    pre: (exports[stdpPreKernelName(pr.layout, rule)] as StdpPreKernel).bind(null, aPre, lo, hi, preSpikesAt, L.rowPtr, L.postIndex, L.pos, L.w, L.preTrace, L.postTrace),
    post: (exports[stdpPostKernelName(pr.layout, rule)] as StdpPostKernel).bind(null, aPost, lo, hi, rule.wMaxMv, qPost.spikes.byteOffset, L.colPtr, L.colSyn, L.preOf, L.w, L.preTrace, L.postTrace),
    spikeBuf: preSpikes ? null : new Int32Array(buf, L.spikeBuf, pr.pre.size),
    dst: len === 1 ? qPost.gPtr[pr.channel]! : qPost.rings[pr.channel]!.ptr,
    len,
    delay: pr.uniformDelay,
    rowBytes: qPost.n4 * 8,
  };
}

/** Fused trace decay, delivery and pre events of a projection on the STDP kernels (as the JavaScript path: decay, then per spiking neuron deliver-then-depress). */
function stdpWasmPre(W: StdpWasm, n: number): void {
  W.decayPre();
  W.decayPost();
  const pre = W.pr.pre;
  const count = pre.spikeCount;
  if (count === 0) return;
  const buf = W.spikeBuf;
  if (buf !== null) {
    const src = pre.spikes;
    for (let k = 0; k < count; k++) buf[k] = src[k]!;
  }
  const dst = W.len === 1 ? W.dst : W.dst + ((n + W.delay) % W.len) * W.rowBytes;
  W.pre(count, dst);
}

function stdpWasmPost(W: StdpWasm): void {
  const count = W.pr.post.spikeCount;
  if (count > 0) W.post(count);
}

/** A projection without STDP delivered by the WebAssembly kernel: its weights (a view; replaces `work[k]`) and indices live in the run's memory. */
interface DeliverWasm {
  readonly pr: CompiledProjection;
  readonly w: Float64Array;
  /** The kernel with the run's fixed arguments bound. */
  readonly run: (count: number, dst: number) => void;
  readonly spikeBuf: Int32Array | null;
  readonly dst: number;
  readonly len: number;
  readonly delay: number;
  readonly rowBytes: number;
}

interface DeliverLayout {
  readonly w: number;
  readonly rowPtr: number;
  readonly postIndex: number;
  readonly signs: number;
  readonly spikeBuf: number;
}

function layoutDeliver(pr: CompiledProjection, preIsSimd: boolean, mem: ReturnType<typeof allocator>): DeliverLayout {
  const nSyn = pr.postIndex.length;
  return {
    w: mem.take(nSyn * 8),
    rowPtr: mem.take(pr.rowPtr.length * 4),
    postIndex: mem.take(nSyn * 4),
    signs: pr.signs === null ? 0 : mem.take(nSyn * 8),
    spikeBuf: preIsSimd ? -1 : mem.take(pr.pre.size * 4),
  };
}

function fillDeliver(
  pr: CompiledProjection,
  L: DeliverLayout,
  buf: ArrayBuffer,
  work: Float64Array,
  pops: readonly (SimdPopulation | null)[],
  preSpikes: Int32Array | null,
  exports: Record<string, unknown>,
  fresh: boolean,
): DeliverWasm {
  const nSyn = pr.postIndex.length;
  const w = new Float64Array(buf, L.w, nSyn);
  w.set(work);
  if (fresh) {
    new Int32Array(buf, L.rowPtr, pr.rowPtr.length).set(pr.rowPtr);
    new Int32Array(buf, L.postIndex, nSyn).set(pr.postIndex);
    if (pr.signs !== null) new Float64Array(buf, L.signs, nSyn).set(pr.signs);
  }
  const qPost = pops[pr.post.index]!;
  const len = pr.post.ringLength[pr.channel]!;
  return {
    pr,
    w,
    run: (exports[pr.signs === null ? 'deliver_rows' : 'deliver_rows_signed'] as DeliverRowsKernel).bind(null, preSpikes ? preSpikes.byteOffset : L.spikeBuf, L.rowPtr, L.postIndex, L.w, L.signs),
    spikeBuf: preSpikes ? null : new Int32Array(buf, L.spikeBuf, pr.pre.size),
    dst: len === 1 ? qPost.gPtr[pr.channel]! : qPost.rings[pr.channel]!.ptr,
    len,
    delay: pr.uniformDelay,
    rowBytes: qPost.n4 * 8,
  };
}

function deliverWasm(D: DeliverWasm, n: number): void {
  const pre = D.pr.pre;
  const count = pre.spikeCount;
  if (count === 0) return;
  const buf = D.spikeBuf;
  if (buf !== null) {
    const src = pre.spikes;
    for (let k = 0; k < count; k++) buf[k] = src[k]!;
  }
  const dst = D.len === 1 ? D.dst : D.dst + ((n + D.delay) % D.len) * D.rowBytes;
  D.run(count, dst);
}

interface SimdRun {
  readonly deliver: DeliverKernel;
  readonly pops: (SimdPopulation | null)[];
  /** Per projection: its STDP on the WebAssembly kernels, or null. */
  readonly stdp: (StdpWasm | null)[];
  /** Per projection: its delivery (no STDP) on the WebAssembly kernel, or null. */
  readonly delivery: (DeliverWasm | null)[];
  /** Per population: its Poisson draws on the WebAssembly kernel, or null. */
  readonly poisson: (PoissonWasm | null)[];
}

/** A Poisson population drawn by the WebAssembly kernel: its spikes (and probabilities) live in the run's memory. */
interface PoissonWasm {
  readonly p: CompiledPoissonPopulation;
  /** The kernel's spike output (a view into WebAssembly memory). */
  readonly spikes: Int32Array;
  /** The step's probabilities (a view), refilled when the schedule's row changes; null for geometric draws. */
  readonly prob: Float64Array | null;
  /** Row of the schedule now in `prob` (−1: none yet). */
  row: number;
  /** Draw step n; returns the spike count. */
  readonly run: (n: number) => number;
}

function layoutPoisson(p: CompiledPoissonPopulation, mem: ReturnType<typeof allocator>): { spikes: number; prob: number } {
  return { spikes: mem.take(p.size * 4), prob: p.geometricLogQ !== 0 ? -1 : mem.take(p.size * 8) };
}

function fillPoisson(p: CompiledPoissonPopulation, L: { spikes: number; prob: number }, buf: ArrayBuffer, net: CompiledNetwork, exports: Record<string, unknown>, fresh: boolean): PoissonWasm {
  const k0 = net.seed >>> 0;
  const k1 = Math.floor(net.seed / 4294967296) >>> 0;
  const c0 = net.stream;
  const c1 = p.index;
  const size = p.size;
  const at = L.spikes;
  let run: (n: number) => number;
  let prob: Float64Array | null = null;
  if (L.prob < 0) {
    const geometric = exports.poisson_geometric as PoissonKernel;
    const lq = p.geometricLogQ;
    run = (n) => geometric(k0, k1, c0, c1, POISSON_SOURCE, lq, size, at, n);
  } else {
    const bernoulli = exports.poisson_bernoulli as PoissonKernel;
    prob = new Float64Array(buf, L.prob, size);
    if (p.probability !== null && fresh) prob.set(p.probability);
    const probAt = L.prob;
    run = (n) => bernoulli(k0, k1, c0, c1, POISSON_SOURCE, probAt, size, at, n);
  }
  return { p, spikes: new Int32Array(buf, at, size), prob, row: p.probability !== null ? 0 : -1, run };
}

/** One step of a Poisson population on the kernel (as `updatePoisson`: nothing when the schedule is 0 there). */
function updatePoissonWasm(P: PoissonWasm, n: number): void {
  const p = P.p;
  if (p.schedule !== null && P.prob !== null) {
    const row = scheduleRow(p.schedule, n, p.size);
    if (row < 0) {
      p.spikeCount = 0;
      return;
    }
    if (row !== P.row) {
      P.prob.set(p.schedule.values.subarray(row, row + p.size));
      P.row = row;
    }
  }
  const count = P.run(n);
  const out = p.spikes;
  const src = P.spikes;
  for (let k = 0; k < count; k++) out[k] = src[k]!;
  p.spikeCount = count;
}

/** Per compiled network: the WebAssembly memory of its runs and the module instances on it (see {@link enterSimd}). */
const simdMemories = new WeakMap<CompiledNetwork, { readonly memory: { buffer: ArrayBuffer }; readonly exports: Map<object, Record<string, unknown>> }>();

/**
 * Move the SIMD populations' state, and the weights and traces of the projections whose STDP
 * runs in WebAssembly (their `work` entries are replaced by views), into one WebAssembly memory;
 * null when nothing runs there.
 */
function enterSimd(net: CompiledNetwork, s: SimState, work: Float64Array[]): SimdRun | null {
  const chosen = net.populations.map((p) => (p.kind === 'lif' && net.kernels.find((k) => k.population === p.name)?.kernel === 'wasm-simd' ? p : null));
  if (chosen.every((p) => p === null)) return null;
  const mod = lifSimdModule()!;
  const mem = allocator();
  const layout = chosen.map((p) => (p === null ? null : layoutSimd(p, mem)));
  const poissonChosen = net.populations.map((p) => (p.kind === 'poisson' && net.poissonKernels.find((k) => k.population === p.name)?.kernel === 'wasm' ? p : null));
  const poissonLayout = poissonChosen.map((p) => (p === null ? null : layoutPoisson(p, mem)));
  const onWasm = net.projections.map((pr) => net.projectionKernels.find((k) => k.projection === pr.name)?.kernel === 'wasm');
  const projMod = onWasm.some(Boolean) ? stdpSimdModule()! : null;
  const projLayout = net.projections.map((pr, k) => {
    if (!onWasm[k]) return null;
    const preIsSimd = chosen[pr.pre.index] != null || poissonChosen[pr.pre.index] != null;
    return pr.stdp !== null ? { stdp: layoutStdp(pr, preIsSimd, mem), deliver: null } : { stdp: null, deliver: layoutDeliver(pr, preIsSimd, mem) };
  });
  // The memory and instances are kept per compiled network (its layout never changes) and reused
  // by its next runs: a new memory costs page faults on first touch and a fresh copy of every
  // index array (≈ 2 ms per call at the lateral line's size). A reused memory gets all the
  // state written again; the index arrays, parameters and constant probabilities written on
  // its first use stay (nothing writes them), and its padding lanes still hold what they must
  // (v = −∞ is rewritten; r, g, rings, traces stay 0 there, as no kernel writes a padding lane).
  const cached = simdMemories.get(net);
  const fresh = cached === undefined;
  const held = cached ?? { memory: new mod.wasm.Memory({ initial: Math.max(1, Math.ceil(mem.size / 65536)) }), exports: new Map<object, Record<string, unknown>>() };
  if (fresh) simdMemories.set(net, held);
  const memory = held.memory;
  const exportsOf = (m: { module: object; wasm: { Instance: new (module: object, imports: object) => { exports: Record<string, unknown> } } }): Record<string, unknown> => {
    let e = held.exports.get(m.module);
    if (e === undefined) held.exports.set(m.module, (e = new m.wasm.Instance(m.module, { env: { memory } }).exports));
    return e;
  };
  const lifExports = exportsOf(mod);
  const pops = chosen.map((p, k) => (p === null ? null : fillSimd(p, layout[k]!, memory.buffer, s, lifExports, fresh)));
  const projExports = projMod ? exportsOf(projMod) : {};
  const poissonMod = poissonChosen.some(Boolean) ? poissonWasmModule()! : null;
  const poissonExports = poissonMod ? exportsOf(poissonMod) : {};
  const poisson = poissonChosen.map((p, k) => (p === null ? null : fillPoisson(p, poissonLayout[k]!, memory.buffer, net, poissonExports, fresh)));
  const preSpikes = (pr: CompiledProjection): Int32Array | null => pops[pr.pre.index]?.spikes ?? poisson[pr.pre.index]?.spikes ?? null;
  const stdp = net.projections.map((pr, k) => {
    const L = projLayout[k]?.stdp;
    if (!L) return null;
    const W = fillStdp(pr, L, memory.buffer, work[k]!, s.projections[pr.name]!, pops, preSpikes(pr), projExports, fresh);
    work[k] = W.w;
    return W;
  });
  const delivery = net.projections.map((pr, k) => {
    const L = projLayout[k]?.deliver;
    if (!L) return null;
    const D = fillDeliver(pr, L, memory.buffer, work[k]!, pops, preSpikes(pr), projExports, fresh);
    work[k] = D.w;
    return D;
  });
  return { deliver: lifExports.deliver as DeliverKernel, pops, stdp, delivery, poisson };
}

/** Copy the SIMD populations' state back into the plain state. */
function leaveSimd(pops: readonly (SimdPopulation | null)[], stdp: readonly (StdpWasm | null)[]): void {
  for (const W of stdp) {
    if (W === null) continue;
    W.originalPre.set(W.preTrace);
    W.originalPost.set(W.postTrace);
  }
  for (const q of pops) {
    if (q === null) continue;
    q.original.v.set(q.work.v);
    q.original.refractoryStepsLeft.set(q.r); // float64 → int32 (ToInt32, as an element store)
    for (const c of q.p.channelNames) q.original.syn[c]!.set(q.work.syn[c]!);
    q.rings.forEach((ring, c) => {
      if (ring === null) return;
      const len = q.p.ringLength[c]!;
      for (let slot = 0; slot < len; slot++) ring.original.set(ring.view.subarray(slot * q.n4, slot * q.n4 + q.p.size), slot * q.p.size);
    });
  }
}

function ringTable(rings: SimdPopulation['rings'], p: CompiledLifPopulation, gPtr: readonly number[]): Int32Array {
  const out: number[] = [];
  rings.forEach((ring, c) => {
    if (ring !== null) out.push(ring.ptr, p.ringLength[c]!, gPtr[c]!);
  });
  return Int32Array.from(out);
}

function deliverSimd(deliver: DeliverKernel, q: SimdPopulation, n: number): void {
  const t = q.ringTable;
  const rowBytes = q.n4 * 8;
  for (let k = 0; k < t.length; k += 3) deliver(q.n4, t[k + 2]!, t[k]! + (n % t[k + 1]!) * rowBytes);
}

function updateLifSimd(q: SimdPopulation, n: number): void {
  if (q.current !== null && q.current.scheduled) q.current.view.set(stepCurrent(q.p, n)!);
  const count = q.run();
  const out = q.p.spikes;
  const src = q.spikes;
  for (let k = 0; k < count; k++) out[k] = src[k]!;
  q.p.spikeCount = count;
}

function checkState(net: CompiledNetwork, state: SimState): void {
  const bad = (what: string) => new InvalidParameterError({ parameter: 'state', value: what, expected: 'a state made by createSimState for this compiled network (or a saved copy of one)' });
  if (state == null || state.formatVersion !== 1 || !Number.isInteger(state.stepIndex)) throw bad('not a SimState (formatVersion 1)');
  for (const p of net.populations) {
    if (p.kind !== 'lif') continue;
    const s = state.populations[p.name];
    if (!s || s.v.length !== p.size || s.refractoryStepsLeft?.length !== p.size) throw bad(`population ${p.name} missing or of the wrong size`);
    for (let c = 0; c < p.channelNames.length; c++) {
      const ring = state.pending[`${p.name}.${p.channelNames[c]}`];
      if (s.syn[p.channelNames[c]!]?.length !== p.size || !ring || ring.length !== ringSize(p, c)) throw bad(`channel ${p.name}.${p.channelNames[c]} missing or of the wrong size`);
    }
  }
  for (const pr of net.projections) {
    const s = state.projections[pr.name];
    if (!s || s.weightsMv.length !== pr.postIndex.length) throw bad(`projection ${pr.name} missing or of the wrong size`);
    if (pr.stdp && (s.preTrace.length !== pr.pre.size || s.postTrace.length !== pr.post.size)) {
      throw bad(`projection ${pr.name} has no STDP traces (its state comes from a network without STDP there)`);
    }
    if (pr.eprop && (s.preTrace.length !== pr.pre.size || s.eprop?.eligibility.length !== pr.postIndex.length || s.eprop.snapshot?.length !== pr.postIndex.length || s.eprop.baseline?.length !== 2)) {
      throw bad(`projection ${pr.name} has no e-prop traces (its state comes from a network without e-prop there)`);
    }
  }
  for (const m of net.monitors) if (!state.monitors[m.name]) throw bad(`monitor ${m.name} missing`);
  for (const lr of net.lowRank) if (!lowRankStateFits(lr, state.lowRank?.[lr.name])) throw bad(`low-rank projection ${lr.name} missing or of the wrong shape`);
}

/**
 * Advance a network by `durationMs` (a whole number of steps). Each step n, in order:
 *
 * 1. every LIF population integrates over [n·dt, (n+1)·dt) (see `lif-propagator.ts`) with its
 *    synapse variables and injected current, then spikes (v > v_th) and resets, and its synapse
 *    variables decay by one step; every Poisson population draws its spikes;
 * 2. spike monitors and rate monitors record the step's spikes (time n·dt);
 * 3. each projection adds the weights of the step's presynaptic spikes to its target channel:
 *    directly when the channel has no delayed input, else into its delay ring at slot
 *    (n + delay) mod ringLength; then each low-rank projection adds A·(B·s) the same way;
 * 4. STDP (traces decay, pre events, post events) or the e-prop traces (z̄, ψ from the
 *    post-update potentials, ē), then homeostasis when (n + 1) is a multiple of its interval
 *    (on the WebAssembly kernels, and for post-major weights, a projection's trace decay and
 *    pre events run with its delivery in 3, each synapse delivered before it is depressed: they
 *    touch only that projection's weights and traces, which nothing in between reads, so the
 *    result is the same bits);
 * 5. channels with a delay ring receive its slot n mod ringLength;
 * 6. low-rank eligibility traces (and gradients, while a learning signal is set) are updated;
 * 7. state and weight monitors record the state at time (n + 1)·dt.
 *
 * Returns the advanced state: a copy unless `options.inPlace`. All randomness is addressed by
 * (seed, stream, population, absolute step), so splitting a run into chunks changes nothing.
 *
 * @throws {InvalidParameterError} when `durationMs` is not a whole number of steps or `state`
 *   does not belong to `net`.
 */
export function runSimulation(net: CompiledNetwork, state: SimState, durationMs: number, options: RunOptions = {}): SimState {
  const steps = wholeSteps('durationMs', durationMs, net.dtMs);
  checkState(net, state);
  const s = options.inPlace ? state : cloneSimState(state);
  const end = s.stepIndex + steps;
  if (end > MAX_SIMULATION_STEPS) {
    throw new InvalidParameterError({
      parameter: 'durationMs',
      value: durationMs,
      expected: `a run ending before step 2^32 − 1 (now at step ${s.stepIndex})`,
      fix: 'Start a new state with another stream.',
    });
  }
  const rng = createRng(net.seed);
  const block = new BlockRng();
  const work = net.projections.map((pr) => enterLayout(pr, s.projections[pr.name]!.weightsMv));
  const simd = enterSimd(net, s, work);
  try {
    runSteps(net, s, end, rng, block, simd, work);
  } finally {
    if (simd) leaveSimd(simd.pops, simd.stdp);
    net.projections.forEach((pr, k) => leaveLayout(pr, work[k]!, s.projections[pr.name]!.weightsMv));
  }
  s.stepIndex = end;
  return s;
}

function runSteps(net: CompiledNetwork, s: SimState, end: number, rng: ReturnType<typeof createRng>, block: BlockRng, simd: ReturnType<typeof enterSimd>, work: readonly Float64Array[]): void {
  stepLoop(planSteps(net, s, rng, block, simd, work), s.stepIndex, end);
}

/**
 * What the step loop reads, prepared once per call. It lives apart from {@link stepLoop} so that
 * V8 optimises the loop alone: arrays made here by `map` have a different internal shape when
 * the making code is optimised than when it is not, and with the set-up inside the loop's
 * function each change of tier deoptimised the loop and recompiled it (≈ 50 ms) every few
 * calls — a third of the CPU time of a 20-trial lateral-line run. This function runs once per
 * call, so it stays in one tier and its arrays keep one shape.
 */
function planSteps(net: CompiledNetwork, s: SimState, rng: ReturnType<typeof createRng>, block: BlockRng, simd: ReturnType<typeof enterSimd>, work: readonly Float64Array[]) {
  const working: Record<string, LifPopulationState> = { ...s.populations };
  const simdPops = simd ? simd.pops : net.populations.map(() => null);
  for (const q of simdPops) if (q) working[q.p.name] = q.work;
  const lifStates = net.populations.map((p) => (p.kind === 'lif' ? working[p.name]! : null));
  const rings = net.populations.map((p) => (p.kind === 'lif' ? p.channelNames.map((c) => s.pending[`${p.name}.${c}`]!) : []));
  const projRing = net.projections.map((pr) => {
    if (pr.post.ringLength[pr.channel] === 1) return working[pr.post.name]!.syn[pr.post.channelNames[pr.channel]!]!;
    const q = simdPops[pr.post.index];
    return q ? q.rings[pr.channel]!.view : rings[pr.post.index]![pr.channel]!;
  });
  const projStride = net.projections.map((pr) => simdPops[pr.post.index]?.n4 ?? pr.post.size);
  const projState = net.projections.map((pr) => s.projections[pr.name]!);
  const stdpWasm = simd ? simd.stdp : net.projections.map(() => null);
  const deliveryWasm = simd ? simd.delivery : net.projections.map(() => null);
  const poissonWasm = simd ? simd.poisson : net.populations.map(() => null);
  const lowRank = net.lowRank.map((lr) => {
    const post = net.byName.get(lr.postName) as CompiledLifPopulation;
    const pre = net.byName.get(lr.preName)!;
    const q = simdPops[post.index];
    const ringed = post.ringLength[lr.channel]! > 1;
    const target = !ringed ? working[post.name]!.syn[post.channelNames[lr.channel]!]! : q ? q.rings[lr.channel]!.view : rings[post.index]![lr.channel]!;
    const stride = q?.n4 ?? post.size;
    const tracePost = (): LowRankPost => ({
      v: working[post.name]!.v,
      vThresholdMv: post.vThresholdMv,
      membraneDecay: post.membraneDecay,
      channelGain: post.channelGain[lr.channel]!,
      channelDecay: post.channelDecay[lr.channel]!,
      spikes: post.spikes,
      spikeCount: post.spikeCount,
    });
    return { lr, st: s.lowRank![lr.name]!, pre, post, target, stride, ringLen: post.ringLength[lr.channel]!, ringed, tracePost };
  });
  // Monitors that record spikes and those that record the state, as parallel plain arrays built
  // by push (the hot loop below reads them every step; arrays of pairs made by map/filter gave
  // the optimised loop maps that changed from one call to the next, so it was deoptimised and
  // recompiled every few calls).
  const spikeMon: CompiledMonitor[] = [];
  const spikeData: MonitorData[] = [];
  const clockMon: CompiledMonitor[] = [];
  const clockData: MonitorData[] = [];
  for (const m of net.monitors) {
    const spikes = m.kind === 'spikes' || m.kind === 'rate';
    (spikes ? spikeMon : clockMon).push(m);
    (spikes ? spikeData : clockData).push(s.monitors[m.name]!);
  }
  const weightsOf = (name: string) => {
    const k = net.projections.findIndex((pr) => pr.name === name);
    const own = s.projections[name]!.weightsMv;
    leaveLayout(net.projections[k]!, work[k]!, own); // bring the state's copy up to date (rare: weight monitors)
    return own;
  };
  const pops = net.populations;
  const projs = net.projections;
  return {
    net,
    rng,
    block,
    simd,
    work,
    working,
    simdPops,
    lifStates,
    rings,
    projRing,
    projStride,
    projState,
    stdpWasm,
    deliveryWasm,
    poissonWasm,
    lowRank,
    spikeMon,
    spikeData,
    clockMon,
    clockData,
    weightsOf,
    pops,
    projs,
  };
}

/** Steps [start, end) of a run prepared by {@link planSteps} (the order of each step: see {@link runSimulation}). */
function stepLoop(plan: ReturnType<typeof planSteps>, start: number, end: number): void {
  const {
    net,
    rng,
    block,
    simd,
    work,
    working,
    simdPops,
    lifStates,
    rings,
    projRing,
    projStride,
    projState,
    stdpWasm,
    deliveryWasm,
    poissonWasm,
    lowRank,
    spikeMon,
    spikeData,
    clockMon,
    clockData,
    weightsOf,
    pops,
    projs,
  } = plan;
  for (let n = start; n < end; n++) {
    for (let k = 0; k < pops.length; k++) {
      const p = pops[k]!;
      const q = simdPops[k];
      const P = poissonWasm[k];
      if (q) updateLifSimd(q, n);
      else if (p.kind === 'lif') updateLif(p, lifStates[k]!, n);
      else if (P) updatePoissonWasm(P, n);
      else updatePoisson(p, n, net, rng, block);
    }
    for (let k = 0; k < spikeMon.length; k++) recordStepSpikes(spikeMon[k]!, spikeData[k]!, n);
    for (let k = 0; k < projs.length; k++) {
      const pr = projs[k]!;
      const W = stdpWasm[k];
      const D = deliveryWasm[k];
      if (W) stdpWasmPre(W, n);
      else if (D) deliverWasm(D, n);
      else if (pr.layout === 'post-major') {
        const ps = projState[k]!;
        stdpDecayTraces(pr, ps.preTrace, ps.postTrace);
        if (pr.pre.spikeCount > 0) propagateAndDepressPostMajor(pr, n, projRing[k]!, work[k]!, projStride[k]!, ps.preTrace, ps.postTrace);
      } else {
        propagate(pr, n, projRing[k]!, work[k]!, projStride[k]!);
      }
    }
    for (let r = 0; r < lowRank.length; r++) {
      const L = lowRank[r]!;
      lowRankPropagate(L.lr, L.st, L.pre.spikes, L.pre.spikeCount, L.target, L.ringed ? ((n + L.lr.delay) % L.ringLen) * L.stride : 0);
      if (L.lr.etrace) lowRankRecordSpikes(L.lr, L.st, n, L.pre.spikes, L.pre.spikeCount);
    }
    for (let k = 0; k < projs.length; k++) {
      const pr = projs[k]!;
      const ps = projState[k]!;
      const W = stdpWasm[k];
      if (W) stdpWasmPost(W);
      else if (pr.layout === 'post-major') stdpPostEventsPostMajor(pr.stdp!, pr.post.spikes, pr.post.spikeCount, pr.colPtr, pr.preOfCol, work[k]!, ps.preTrace, ps.postTrace);
      else if (pr.stdp !== null) stdpStep(pr, work[k]!, ps.preTrace, ps.postTrace);
      else if (pr.eprop !== null) epropStep(pr, working[pr.post.name]!, ps);
      for (let h0 = 0; h0 < pr.homeostasis.length; h0++) {
        const h = pr.homeostasis[h0]!;
        if ((n + 1) % h.intervalSteps === 0) applyHomeostasisInPlace(h.rule, work[k]!, pr.layout === 'post-major' ? pr.postOfCol : pr.postIndex, pr.post.size, pr.scratch);
      }
    }
    for (let k = 0; k < pops.length; k++) {
      const p = pops[k]!;
      const q = simdPops[k];
      if (q) deliverSimd(simd!.deliver, q, n);
      else if (p.kind === 'lif') deliverSynapses(p, lifStates[k]!, rings[k]!, n);
    }
    for (let r = 0; r < lowRank.length; r++) {
      const L = lowRank[r]!;
      if (L.lr.etrace) lowRankTraceStep(L.lr, L.st, n, L.tracePost());
    }
    for (let k = 0; k < clockMon.length; k++) recordClock(clockMon[k]!, clockData[k]!, n + 1, working, weightsOf);
  }
}
