import type { CounterRng, KenyonCellNoise, KenyonCellStepOutput, LifNoise, LifParamGrads, LifStepOutput, SpikeFunction, SynapseParamGrads, SynapsePathway, SynapseState } from '@olfactory/neurons';
import {
  BlockRng,
  InvalidParameterError,
  fillNormalRuns4,
  inKernelArena,
  ShapeMismatchError,
  SpikeFlag,
  bipartiteGapJunctionBackward,
  bipartiteGapJunctionForward,
  createKenyonCellParamGrads,
  createLifParamGrads,
  createSynapseParamGrads,
  gapJunctionBackward,
  gapJunctionForward,
  gradedCouplingBackward,
  gradedCouplingForward,
  hardSpike,
  kenyonCellBackward,
  kenyonCellForward,
  lifBackward,
  lifForward,
  softSpike,
  synapseBackward,
  synapseForward,
  synapseScratchLength,
} from '@olfactory/neurons';
import { createCircuitKernelArena as createKernelArena } from '../apl/apl-arena';
import { aplBackward, aplForward, createAplParamGrads } from '../apl/apl-step';
import { createOrnDriveParamGrads, orDriveBackward, orDriveForward } from '../input/or-orn-drive';
import { NOISE_SOURCE } from '../data/noise-streams';
import type { NoiseWorker } from './noise-worker';
import { createNoiseWorker } from './noise-worker';
import type { CircuitPathway, NoiseLayout, SpikingCircuit } from './spiking-circuit';
import type { KernelParameters, StudentParameters } from './student-parameters';
import { kernelParameters } from './student-parameters';

type Vec = Float32Array | Float64Array;
type VecCtor = Float32ArrayConstructor | Float64ArrayConstructor;
type Group = 'orn' | 'ln' | 'pn' | 'kc';

/** Number of time steps per stimulus and step size (spec §2.1). */
export const STEPS = 30;
export const DT_MS = 1;

/** Where the circuit noise of a forward pass comes from. */
export interface CircuitNoiseSource {
  readonly rng: CounterRng;
  /** Global index of each batch row (noise depends on it, not on the batch composition). */
  readonly sampleIds: ArrayLike<number>;
  /** Counter stream: training epoch, evaluation protocol, trial. */
  readonly stream: number;
}

/** Options of one forward pass. */
export interface CircuitForwardOptions {
  /** `soft` (training, graded sigmoid spikes) or `hard` (evaluation). */
  readonly mode: 'soft' | 'hard';
  /** Circuit noise (spec §2.13); `null` runs the noiseless circuit (gradient checks). */
  readonly noise: CircuitNoiseSource | null;
  /** Optogenetic APL activation added to the APL state each step (Mancini test: 0.7). */
  readonly aplInject?: number;
  /** Constant current into every KC dendrite before the division, nA (carbachol: 0.1 nA). */
  readonly kcInjectNa?: number;
  /** Skip the divisive APL inhibition (`disable_apl`). */
  readonly disableApl?: boolean;
  /** Use the no-STD synapse (J = s·W) for every pathway (`disable_std`). */
  readonly disableStd?: boolean;
  /** Keep the whole 30-step trajectory for {@link CircuitEngine.backward}. */
  readonly record?: boolean;
}

/**
 * Gradients of a loss w.r.t. the ORN, LN and PN spike counts (`batch × n` each), for losses that
 * read more than the KC counts (the all-neuron energy term of spec §3.7). Absent groups get none.
 */
export interface OtherCountGradients {
  readonly orn?: ArrayLike<number>;
  readonly ln?: ArrayLike<number>;
  readonly pn?: ArrayLike<number>;
}

/** Spike counts over the 30 steps, batch-major (`batch × n`); in soft mode sums of sigmoids. */
export interface CircuitCounts {
  readonly orn: Vec;
  readonly ln: Vec;
  readonly pn: Vec;
  readonly kc: Vec;
  readonly batch: number;
}

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

/**
 * The circuit noise of time step `t` for a batch, in segment-major order: segment g of the
 * layout occupies `out[g.offset·B + b·g.size + i]` (so each segment is a contiguous
 * `batch × size` array). Values are already scaled by each segment's σ. Sample b's numbers come
 * from the generator block (stream, sampleIds[b], t, NOISE_SOURCE.CIRCUIT), drawn segment after
 * segment in layout order — the contract every engine (TypeScript, TF.js, ONNX) shares.
 */
export function fillCircuitNoise(layout: NoiseLayout, source: CircuitNoiseSource, t: number, out: Float32Array | Float64Array, scratch: BlockRng = new BlockRng()): void {
  const B = source.sampleIds.length;
  // into a kernel arena: four samples at a time with the SIMD sampler (the same numbers)
  const from = out instanceof Float32Array && inKernelArena(out) ? fillFourAtATime(layout, source, t, out) : 0;
  for (let b = from; b < B; b++) {
    source.rng.openInto(scratch, source.sampleIds[b]!, t, NOISE_SOURCE.CIRCUIT, source.stream);
    for (const g of layout.segments) scratch.fillNormal(out, g.offset * B + b * g.size, g.size, 0, g.std);
  }
}

/** Per layout: the segment sizes and σ as `fillNormalRuns4` run tables, four generators, and the offset buffer. */
const fourLane = new WeakMap<NoiseLayout, { counts: Int32Array; stds: Float64Array; gens: BlockRng[]; offsets: Int32Array }>();

/** Fill whole groups of four samples with `fillNormalRuns4`; returns the first sample left (0 = none done). */
function fillFourAtATime(layout: NoiseLayout, source: CircuitNoiseSource, t: number, out: Float32Array): number {
  const B = source.sampleIds.length;
  let c = fourLane.get(layout);
  if (c === undefined) {
    c = { counts: Int32Array.from(layout.segments, (g) => g.size), stds: Float64Array.from(layout.segments, (g) => g.std), gens: [0, 1, 2, 3].map(() => new BlockRng()), offsets: new Int32Array(4 * layout.segments.length) };
    fourLane.set(layout, c);
  }
  const segs = layout.segments;
  let b = 0;
  for (; b + 4 <= B; b += 4) {
    for (let L = 0; L < 4; L++) source.rng.openInto(c.gens[L]!, source.sampleIds[b + L]!, t, NOISE_SOURCE.CIRCUIT, source.stream);
    for (let r = 0; r < segs.length; r++) for (let L = 0; L < 4; L++) c.offsets[4 * r + L] = segs[r]!.offset * B + (b + L) * segs[r]!.size;
    if (!fillNormalRuns4(c.gens, c.offsets, c.counts, c.stds, out)) return b;
  }
  return b;
}

/** Options of {@link createCircuitEngine}. */
export interface CircuitEngineOptions {
  /** `Float32Array` (default, like the reference) or `Float64Array` (gradient checks). */
  readonly dtype?: VecCtor;
  /**
   * Generate the circuit noise in a worker thread (a second core) while the main thread
   * simulates: the same numbers as {@link fillCircuitNoise}, bit for bit. Default false. Call
   * {@link CircuitEngine.dispose} when done (the thread never keeps the process alive).
   */
  readonly noiseWorker?: boolean;
}

/** The noise views of one step buffer (built once per buffer, no per-step allocation). */
interface StepNoise {
  readonly buf: Vec;
  readonly receptor: Vec;
  readonly lif: Readonly<Record<LifGroup, LifNoise>>;
  /** Backward: only the current noise enters the LIF VJP. */
  readonly lifBack: Readonly<Record<LifGroup, LifNoise>>;
  readonly kc: KenyonCellNoise;
  readonly release: readonly Vec[];
}

type LifGroup = 'orn' | 'ln' | 'pn';
const LIF_GROUPS = ['orn', 'ln', 'pn'] as const;
const NO_LIF: LifNoise = Object.freeze({ currentNa: null, voltageMv: null, thresholdMv: null });
const NO_KC: KenyonCellNoise = Object.freeze({ dendriteMv: null, axonMv: null, thresholdMv: null });
const NO_STEP_NOISE = Object.freeze({ receptor: null, lif: { orn: NO_LIF, ln: NO_LIF, pn: NO_LIF }, lifBack: { orn: NO_LIF, ln: NO_LIF, pn: NO_LIF }, kc: NO_KC, release: [] as (Vec | null)[] });

/**
 * Allocate a fused engine for batches of exactly `batch` samples, built from the
 * `@olfactory/neurons` kernels: one forward step per population and pathway per time step, and
 * the hand-derived vector–Jacobian products in exact reverse order for BPTT.
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
// eslint-disable-next-line max-lines-per-function -- the fused engine closure, pending its break-up into layout, step and BPTT (issue 11 §2)
export function createCircuitEngine(circuit: SpikingCircuit, batch: number, options: CircuitEngineOptions = {}): CircuitEngine {
  if (!Number.isInteger(batch) || batch <= 0) throw new InvalidParameterError({ parameter: 'batch', value: batch, expected: 'a positive integer' });
  const dtype = options.dtype ?? Float32Array;
  const s = circuit.sizes;
  const T = STEPS;
  const B = batch;
  const nP = circuit.pathways.length;
  const z = (n: number): Vec => new dtype(n);

  // ---- fixed pathway bookkeeping (update order of spec §2.11 within each target population)
  const pathsInto: Record<Group, number[]> = { orn: [], ln: [], pn: [], kc: [] };
  circuit.pathways.forEach((p, k) => pathsInto[p.spec.post as Group].push(k));
  const preCurrent = circuit.pathways.map((p) => p.spec.presynapticStep === 'current');
  const pre = circuit.pathways.map((p) => p.spec.pre as Group);
  /** Where a KC pathway's current goes: 0 = I_tot (PN input, divided), 1 = I_a, 2 = I_d after the division. */
  const kcTarget = circuit.pathways.map((p) => (p.spec.pre === 'pn' ? 0 : p.spec.compartment === 'axon' ? 1 : 2));
  // pathways update only their connected elements: an unconnected element's current stays 0 and
  // its resources influence nothing (see SynapseForwardOptions.connectedOnly)
  const synOptions = Object.freeze({ scratch: new Float64Array(Math.max(...circuit.pathways.map((p) => synapseScratchLength(p.std, B)))), connectedOnly: true });

  // ---- trajectory storage: slots 0..T hold the state after step t−1 (slot 0 = fresh state)
  let slots = 0;
  let pops: Record<LifGroup, PopSlots>;
  let kcOut: KenyonCellStepOutput[];
  let kcId: Vec[];
  let kcIa: Vec[];
  let kcItot: Vec[];
  let aplA: Vec[];
  let aplD: Vec[];
  let kcBefore: Vec[];
  /** Gap-junction currents of the current step (LN–LN, PN–PN, eLN→LN side, eLN→PN side). */
  let gapLn: Vec;
  let gapPn: Vec;
  let gapLnE: Vec;
  let gapPnE: Vec;
  /** A graded KC–KC coupling's current (dd, then da) within a step. */
  let gradedTmp: Vec;
  let syn: SynapseState[][];
  /** The allocators of the state buffers: ordinary arrays, or a kernel arena (see `allocate`). */
  let za = z;
  let zu8: (n: number) => Uint8Array = (n: number) => new Uint8Array(n);
  /** With an arena: each step's noise is copied into it (one contiguous copy), next to the state. */
  let staged: StepNoise | null = null;
  let arenaNoise: StepNoise[] | null = null;
  const lifOut = (n: number): LifStepOutput => ({ v: za(B * n), refractoryMs: za(B * n), spikes: za(B * n), uMv: za(B * n), flags: zu8(B * n) });
  const layout = (nSlots: number) => {
    slots = nSlots;
    const steps = nSlots === 2 ? 1 : T;
    pops = {
      orn: { out: Array.from({ length: nSlots }, () => lifOut(s.orn)), input: Array.from({ length: steps }, () => za(B * s.orn)) },
      ln: { out: Array.from({ length: nSlots }, () => lifOut(s.ln)), input: Array.from({ length: steps }, () => za(B * s.ln)) },
      pn: { out: Array.from({ length: nSlots }, () => lifOut(s.pn)), input: Array.from({ length: steps }, () => za(B * s.pn)) },
    };
    // one object literal per slot (not a spread: every slot must share one hidden class, or the KC kernels deoptimise)
    kcOut = Array.from({ length: nSlots }, (): KenyonCellStepOutput => ({
      vDendriteMv: za(B * s.kc),
      vAxonMv: za(B * s.kc),
      refractoryMs: za(B * s.kc),
      spikes: za(B * s.kc),
      uMv: za(B * s.kc),
      flags: zu8(B * s.kc),
      propagator: new Float64Array(8),
    }));
    kcId = Array.from({ length: steps }, () => za(B * s.kc));
    kcIa = Array.from({ length: steps }, () => za(B * s.kc));
    kcItot = Array.from({ length: steps }, () => za(B * s.kc));
    aplA = Array.from({ length: nSlots }, () => za(B * s.apl));
    aplD = Array.from({ length: nSlots }, () => za(B * s.kc));
    kcBefore = Array.from({ length: steps }, () => za(B * s.kc));
    syn = circuit.pathways.map((p) => Array.from({ length: nSlots }, () => ({ currentNa: za(B * p.std.nPost), resources: za(B * p.std.nPre) })));
    gapLn = za(B * s.ln);
    gapPn = za(B * s.pn);
    gapLnE = za(B * s.ln);
    gapPnE = za(B * s.pn);
    gradedTmp = za(B * s.kc);
    gb = nSlots === T + 1 ? allocGrad() : null;
    staged = za === z ? null : stepNoise(za(perStep));
    // in-thread noise is generated straight into the arena (SIMD sampler, no staging copy)
    arenaNoise = za === z || worker !== null ? null : Array.from({ length: nSlots === T + 1 ? T : 1 }, () => stepNoise(za(perStep)));
  };
  /**
   * Allocate the trajectory for `nSlots` slots (and, when recording, the backward's buffers).
   * With float32 and WebAssembly available, every buffer lives in one kernel arena (sized by a
   * dry run of the layout), so the synapse, LIF, KC, APL, gap-junction and
   * graded-coupling steps run in WebAssembly; each step's noise is staged into it.
   */
  const allocate = (nSlots: number) => {
    if (dtype === Float32Array) {
      let count = 0;
      let count8 = 0;
      za = (n: number) => ((count += n), new dtype(0));
      zu8 = (n: number) => ((count8 += n), new Uint8Array(0));
      layout(nSlots);
      const arena = createKernelArena({ pathways: circuit.pathways.flatMap((p) => [p.std, p.noStd]), gapJunctions: [circuit.gap.lnLn, circuit.gap.pnPn, circuit.gap.elnPn], gradedCouplings: [circuit.dd, circuit.da], apl: [circuit.apl], float32Elements: count, uint8Elements: count8, onFallback: 'throw' });
      if (arena !== null) {
        za = (n: number) => arena.float32(n);
        zu8 = (n: number) => arena.uint8(n);
        layout(nSlots);
        za = z;
        zu8 = (n: number) => new Uint8Array(n);
        return;
      }
    }
    za = z;
    zu8 = (n: number) => new Uint8Array(n);
    layout(nSlots);
  };
  const kcRunning = z(B * s.kc);
  const counts = { orn: z(B * s.orn), ln: z(B * s.ln), pn: z(B * s.pn), kc: z(B * s.kc) };
  const iOr = z(B * s.orn);
  const receptorsBuf = z(B * s.receptors);
  const scratch = new BlockRng();

  // ---- noise: step buffers with their segment views (one set in-thread; two shared sets with a worker)
  const seg = circuit.noise.index;
  const stepNoise = (buf: Vec): StepNoise => {
    const v = (name: string): Vec => {
      const g = seg[name]!;
      return buf.subarray(g.offset * B, (g.offset + g.size) * B) as Vec;
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
  };
  const perStep = circuit.noise.perSampleStep * B;
  const worker: NoiseWorker | null = options.noiseWorker === true ? createNoiseWorker(circuit.noise, B, T, dtype === Float64Array, NOISE_SOURCE.CIRCUIT) : null;
  let workerOk = worker !== null;
  const noiseSets: StepNoise[][] = worker !== null ? worker.sets.map((set) => set.map((buf) => stepNoise(buf))) : [[]];
  const localNoise = (nBuffers: number): StepNoise[] => {
    if (arenaNoise !== null && arenaNoise.length >= nBuffers) return arenaNoise;
    const set = noiseSets[0]!;
    while (set.length < nBuffers) set.push(stepNoise(z(perStep)));
    return set;
  };
  /** The noise set of the current forward and how its steps become available. */
  let active = 0;
  let activeJob: number | null = null;
  let pending: { set: number; job: number; rng: CounterRng; stream: number; sampleIds: number[] } | null = null;
  const sameSource = (p: NonNullable<typeof pending>, src: CircuitNoiseSource) =>
    p.rng === src.rng && p.stream === src.stream && p.sampleIds.length === src.sampleIds.length && p.sampleIds.every((id, i) => id === src.sampleIds[i]);
  /** Choose the buffers for this forward's noise and start filling them. */
  const beginNoise = (src: CircuitNoiseSource, record: boolean): StepNoise[] => {
    if (worker !== null && workerOk) {
      if (pending !== null && sameSource(pending, src)) {
        active = pending.set;
        activeJob = pending.job;
        pending = null;
        return noiseSets[active]!;
      }
      if (pending !== null) worker.cancelThrough(pending.job);
      pending = null;
      active ^= 1;
      activeJob = worker.request(active, src.rng, src.sampleIds, src.stream);
      return noiseSets[active]!;
    }
    activeJob = null;
    return worker !== null ? noiseSets[active]! : localNoise(record ? T : 1);
  };
  /** Make step t's noise available in `sn` (wait for the worker, or generate it here). */
  const stepReady = (sn: StepNoise, src: CircuitNoiseSource, t: number) => {
    if (activeJob !== null) {
      if (worker!.waitStep(active, activeJob, t)) return;
      workerOk = false; // the worker failed: generate everything from here on in this thread
      worker!.dispose();
      activeJob = null;
      process.emitWarning('the circuit-noise worker failed; generating the noise in the main thread', { code: 'OLFACTORY_NOISE_WORKER' });
    }
    fillCircuitNoise(circuit.noise, src, t, sn.buf, scratch);
  };

  /** The step's noise as the kernels read it: copied into the arena when there is one. */
  const stage = (sn: StepNoise): StepNoise => {
    if (staged === null || sn.buf.buffer === staged.buf.buffer) return sn;
    staged.buf.set(sn.buf);
    return staged;
  };

  // ---- what the last forward recorded
  let last: { params: StudentParameters; kp: KernelParameters; spike: SpikeFunction; opts: CircuitForwardOptions; pathways: readonly SynapsePathway[]; noise: StepNoise[] | null } | null = null;

  const spikesOf = (g: Group, slot: number): Vec => (g === 'kc' ? kcOut[slot]!.spikes : pops[g].out[slot]!.spikes);

  function forward(params: StudentParameters, receptors: ArrayLike<number>, opts: CircuitForwardOptions): CircuitCounts {
    if (receptors.length !== B * s.receptors) {
      throw new ShapeMismatchError({ argument: 'receptors', functionName: 'CircuitEngine.forward', actual: `length ${receptors.length}`, expected: `${B} × ${s.receptors} = ${B * s.receptors}` });
    }
    if (opts.noise !== null && opts.noise.sampleIds.length !== B) {
      throw new ShapeMismatchError({ argument: 'noise.sampleIds', functionName: 'CircuitEngine.forward', actual: `length ${opts.noise.sampleIds.length}`, expected: `the batch size ${B}` });
    }
    const record = opts.record === true;
    const need = record ? T + 1 : 2;
    if (slots !== need) allocate(need);
    const kp = kernelParameters(circuit, params, dtype);
    const spike = opts.mode === 'soft' ? softSpike() : hardSpike();
    const pathways = circuit.pathways.map((p) => (opts.disableStd ? p.noStd : p.std));
    const src = opts.noise;
    const noiseBufs = src !== null ? beginNoise(src, record) : null;
    last = { params, kp, spike, opts, pathways, noise: noiseBufs };
    const aplInject = opts.aplInject ?? 0;
    const kcInject = opts.kcInjectNa ?? 0;
    const disableApl = opts.disableApl === true;

    // fresh state in slot 0
    for (const g of LIF_GROUPS) {
      const o = pops[g].out[0]!;
      o.v.fill(-60);
      o.refractoryMs.fill(0);
      o.spikes.fill(0);
    }
    const k0 = kcOut[0]!;
    k0.vDendriteMv.fill(-60);
    k0.vAxonMv.fill(-60);
    k0.refractoryMs.fill(0);
    k0.spikes.fill(0);
    aplA[0]!.fill(0);
    for (let k = 0; k < nP; k++) {
      syn[k]![0]!.currentNa.fill(0);
      syn[k]![0]!.resources.fill(1);
    }
    kcRunning.fill(0);
    counts.orn.fill(0);
    counts.ln.fill(0);
    counts.pn.fill(0);
    counts.kc.fill(0);
    for (let i = 0; i < receptorsBuf.length; i++) receptorsBuf[i] = receptors[i]!;
    orDriveForward(circuit.receptors, kp.orDrive, receptorsBuf, iOr);

    /** Step the pathways into `post` and add their currents to `into` (in update order). */
    const runPathways = (post: Group, into: Vec | null, cur: number, nxt: number, sn: StepNoise | typeof NO_STEP_NOISE) => {
      const ks = pathsInto[post];
      for (let n = 0; n < ks.length; n++) {
        const k = ks[n]!;
        synapseForward(pathways[k]!, kp.synapses[k]!, syn[k]![cur]!, spikesOf(pre[k]!, preCurrent[k] ? nxt : cur), sn.release[k] ?? null, DT_MS, syn[k]![nxt]!, { accumulate: into, connectedOnly: true });
      }
    };

    for (let t = 0; t < T; t++) {
      const cur = record ? t : t & 1;
      const nxt = record ? t + 1 : (t + 1) & 1;
      const ti = record ? t : 0;
      let sn: StepNoise | typeof NO_STEP_NOISE = NO_STEP_NOISE;
      if (noiseBufs !== null) {
        sn = noiseBufs[activeJob !== null || worker !== null ? t : ti]!;
        stepReady(sn, src!, t);
        sn = stage(sn);
      }
      // 1. ORN
      const ornIn = pops.orn.input[ti]!;
      const rec = sn.receptor;
      if (rec === null) ornIn.set(iOr);
      else mulOnePlus(ornIn, iOr, rec);
      runPathways('orn', ornIn, cur, nxt, sn);
      lifForward(kp.orn, pops.orn.out[cur]!, ornIn, sn.lif.orn, spike, DT_MS, pops.orn.out[nxt]!);
      // 2. gap junctions from start-of-step voltages
      const vLn = pops.ln.out[cur]!.v;
      const vPn = pops.pn.out[cur]!.v;
      gapJunctionForward(circuit.gap.lnLn, kp.gapLogNs.lnLn, vLn, gapLn);
      gapJunctionForward(circuit.gap.pnPn, kp.gapLogNs.pnPn, vPn, gapPn);
      bipartiteGapJunctionForward(circuit.gap.elnPn, kp.gapLogNs.elnPn, vLn, vPn, gapLnE, gapPnE);
      // 3. LN
      const lnIn = pops.ln.input[ti]!;
      add2(lnIn, gapLn, gapLnE);
      runPathways('ln', lnIn, cur, nxt, sn);
      lifForward(kp.ln, pops.ln.out[cur]!, lnIn, sn.lif.ln, spike, DT_MS, pops.ln.out[nxt]!);
      // 4. PN
      const pnIn = pops.pn.input[ti]!;
      add2(pnIn, gapPn, gapPnE);
      runPathways('pn', pnIn, cur, nxt, sn);
      lifForward(kp.pn, pops.pn.out[cur]!, pnIn, sn.lif.pn, spike, DT_MS, pops.pn.out[nxt]!);
      // 5. KC synapses and APL (APL reads the KC counts of steps < t and V_d of step t − 1)
      runPathways('kc', null, cur, nxt, sn);
      const before = kcBefore[ti]!;
      before.set(kcRunning);
      const kcPrev = kcOut[cur]!;
      aplForward(circuit.apl, kp.apl, aplA[cur]!, before, kcPrev.vDendriteMv, t, aplInject, DT_MS, { activity: aplA[nxt]!, inhibition: aplD[nxt]! });
      // 6. KC input currents
      const Id = kcId[ti]!;
      const Ia = kcIa[ti]!;
      const Itot = kcItot[ti]!;
      const D = aplD[nxt]!;
      Ia.fill(0);
      Itot.fill(kcInject);
      const kcPaths = pathsInto.kc;
      for (let n = 0; n < kcPaths.length; n++) {
        const k = kcPaths[n]!;
        if (kcTarget[k] === 2) continue;
        addTo(kcTarget[k] === 0 ? Itot : Ia, syn[k]![nxt]!.currentNa);
      }
      if (disableApl) Id.set(Itot);
      else divideOnePlus(Id, Itot, D);
      gradedCouplingForward(circuit.dd, kp.ddGainRaw, kcPrev.vDendriteMv, gradedTmp);
      addTo(Id, gradedTmp);
      for (let n = 0; n < kcPaths.length; n++) {
        const k = kcPaths[n]!;
        if (kcTarget[k] !== 2) continue;
        addTo(Id, syn[k]![nxt]!.currentNa);
      }
      gradedCouplingForward(circuit.da, kp.daGainRaw, kcPrev.vDendriteMv, gradedTmp);
      addTo(Ia, gradedTmp);
      // 7. KC update
      kenyonCellForward(kp.kc, kcPrev, Id, Ia, sn.kc, spike, DT_MS, kcOut[nxt]!);
      addTo(kcRunning, kcOut[nxt]!.spikes);
      addTo(counts.orn, pops.orn.out[nxt]!.spikes);
      addTo(counts.ln, pops.ln.out[nxt]!.spikes);
      addTo(counts.pn, pops.pn.out[nxt]!.spikes);
    }
    counts.kc.set(kcRunning);
    if (!record) last = null;
    return { ...counts, batch: B };
  }

  // ---- backward buffers (allocated on first use)
  let gb: ReturnType<typeof allocGrad> | null = null;
  function allocGrad() {
    const two = (n: number) => [za(B * n), za(B * n)] as [Vec, Vec];
    return {
      gV: { orn: two(s.orn), ln: two(s.ln), pn: two(s.pn) },
      gS: { orn: two(s.orn), ln: two(s.ln), pn: two(s.pn), kc: two(s.kc) },
      gIn: { orn: za(B * s.orn), ln: za(B * s.ln), pn: za(B * s.pn) },
      gVd: two(s.kc),
      gVa: two(s.kc),
      gId: za(B * s.kc),
      gIa: za(B * s.kc),
      gItot: za(B * s.kc),
      gD: za(B * s.kc),
      gA: two(s.apl),
      gC: za(B * s.kc),
      gSkcT: za(B * s.kc),
      gI: circuit.pathways.map((p) => two(p.std.nPost)),
      gX: circuit.pathways.map((p) => two(p.std.nPre)),
      gIor: za(B * s.orn),
    };
  }

// eslint-disable-next-line max-lines-per-function -- the BPTT of the fused engine closure, part of its pending break-up (issue 11 §2)
  function backward(gradKcCounts: ArrayLike<number>, gradOtherCounts?: OtherCountGradients): Float64Array {
    if (last === null) {
      throw new InvalidParameterError({ parameter: 'backward', value: 'no recorded forward', expected: 'a forward pass with { record: true } before backward', fix: 'Call forward(params, receptors, { ..., record: true }) first.' });
    }
    if (gradKcCounts.length !== B * s.kc) {
      throw new ShapeMismatchError({ argument: 'gradKcCounts', functionName: 'CircuitEngine.backward', actual: `length ${gradKcCounts.length}`, expected: `${B} × ${s.kc}` });
    }
    const { kp, spike, opts, pathways, params } = last;
    const g = gb!;
    const other = gradOtherCounts ?? null;
    if (other !== null) {
      for (const grp of LIF_GROUPS) {
        const x = other[grp];
        if (x !== undefined && x.length !== B * s[grp]) {
          throw new ShapeMismatchError({ argument: `gradOtherCounts.${grp}`, functionName: 'CircuitEngine.backward', actual: `length ${x.length}`, expected: `${B} × ${s[grp]}` });
        }
      }
    }
    /** A count is the sum of the spikes of every step: its gradient reaches each step's spikes unchanged. */
    const addCountGrad = (grp: LifGroup) => {
      const x = other?.[grp];
      if (x === undefined) return;
      const dst = g.gS[grp][N]!;
      for (let i = 0; i < dst.length; i++) dst[i]! += x[i]!;
    };
    for (const grp of LIF_GROUPS) g.gV[grp].forEach(zero), g.gS[grp].forEach(zero);
    g.gS.kc.forEach(zero);
    g.gVd.forEach(zero), g.gVa.forEach(zero), g.gA.forEach(zero);
    g.gI.forEach((x) => x.forEach(zero));
    g.gX.forEach((x) => x.forEach(zero));
    zero(g.gIor);
    for (let i = 0; i < g.gC.length; i++) g.gC[i] = gradKcCounts[i]!;
    const pg = {
      syn: circuit.pathways.map(() => createSynapseParamGrads()) as SynapseParamGrads[],
      lif: { orn: createLifParamGrads(kp.orn), ln: createLifParamGrads(kp.ln), pn: createLifParamGrads(kp.pn) } as Record<LifGroup, LifParamGrads>,
      kc: createKenyonCellParamGrads(kp.kc),
      apl: createAplParamGrads(),
      gap: { lnLn: { vMv: null as Vec | null, logConductanceNs: 0 }, pnPn: { vMv: null as Vec | null, logConductanceNs: 0 }, elnPn: { vA: null as Vec | null, vB: null as Vec | null, logConductanceNs: 0 } },
      dd: { vDendriteMv: null as Vec | null, gainRaw: 0 },
      da: { vDendriteMv: null as Vec | null, gainRaw: 0 },
      or: createOrnDriveParamGrads(kp.orDrive),
    };
    const aplInject = opts.aplInject ?? 0;
    const disableApl = opts.disableApl === true;
    // index 0 of a pair = "after step t" (next), 1 = "before step t" (cur); swapped each step
    let N = 0;
    let C = 1;
    let t = T - 1;
    let sn: StepNoise | typeof NO_STEP_NOISE = NO_STEP_NOISE;
    /** VJP of pathway k at step t (`shared` = ∂L/∂ of the input it feeds): ∂/∂I, ∂/∂x of the state before the step, ∂/∂spikes, ∂/∂θ. */
    const backPathway = (k: number, shared: Vec) => {
      const preStep = preCurrent[k] ? t + 1 : t;
      const gSpre = preCurrent[k] ? g.gS[pre[k]!][N]! : t > 0 ? g.gS[pre[k]!][C]! : null;
      synapseBackward(
        pathways[k]!,
        kp.synapses[k]!,
        syn[k]![t]!,
        spikesOf(pre[k]!, preStep),
        sn.release[k] ?? null,
        DT_MS,
        { currentNa: g.gI[k]![N]!, currentNaShared: shared, resources: g.gX[k]![N]! },
        { currentNa: g.gI[k]![C]!, resources: g.gX[k]![C]!, spikes: gSpre, params: pg.syn[k]! },
        synOptions,
      );
    };
    for (; t >= 0; t--) {
      const cur = t;
      const nxt = t + 1;
      sn = last.noise !== null ? stage(last.noise[t]!) : NO_STEP_NOISE;
      // the "cur" halves receive gradients w.r.t. the state before step t: start from zero
      for (const grp of LIF_GROUPS) zero(g.gV[grp][C]!);
      zero(g.gVd[C]!), zero(g.gVa[C]!), zero(g.gA[C]!);
      for (let k = 0; k < nP; k++) zero(g.gI[k]![C]!), zero(g.gX[k]![C]!);
      // gS[.][N] = gradients of the spikes of step t (from step t + 1's consumers); gS[.][C] collects step t − 1's
      for (const grp of GROUPS) zero(g.gS[grp][C]!);
      // 7. KC update
      const kcPrev = kcOut[cur]!;
      const gS = g.gSkcT;
      add2(gS, g.gS.kc[N]!, g.gC);
      zero(g.gId), zero(g.gIa);
      kenyonCellBackward(kp.kc, kcPrev, kcId[t]!, kcIa[t]!, spike, kcOut[nxt]!, { vDendriteMv: g.gVd[N]!, vAxonMv: g.gVa[N]!, spikes: gS }, {
        vDendriteMv: g.gVd[C]!,
        vAxonMv: g.gVa[C]!,
        iDendriteNa: g.gId,
        iAxonNa: g.gIa,
        params: pg.kc,
      });
      // 6. KC input currents
      pg.da.vDendriteMv = g.gVd[C]!;
      gradedCouplingBackward(circuit.da, kp.daGainRaw, kcPrev.vDendriteMv, g.gIa, pg.da);
      pg.dd.vDendriteMv = g.gVd[C]!;
      gradedCouplingBackward(circuit.dd, kp.ddGainRaw, kcPrev.vDendriteMv, g.gId, pg.dd);
      const D = aplD[nxt]!;
      const Itot = kcItot[t]!;
      if (disableApl) {
        g.gItot.set(g.gId);
        zero(g.gD);
      } else {
        divideOnePlusBackward(g.gItot, g.gD, g.gId, Itot, D);
      }
      const kcPaths = pathsInto.kc;
      // 5. APL (adds ∂L/∂C^(t) to the running count gradient, which flows to spikes of steps < t)
      aplBackward(circuit.apl, kp.apl, aplA[cur]!, kcBefore[t]!, kcPrev.vDendriteMv, t, aplInject, DT_MS, { activity: g.gA[N]!, inhibition: disableApl ? null : g.gD }, {
        activity: g.gA[C]!,
        kcCounts: g.gC,
        vDendriteMv: g.gVd[C]!,
        params: pg.apl,
      });
      for (let n = 0; n < kcPaths.length; n++) {
        const k = kcPaths[n]!;
        backPathway(k, kcTarget[k] === 0 ? g.gItot : kcTarget[k] === 1 ? g.gIa : g.gId);
      }
      // 4. PN
      const gInPn = g.gIn.pn;
      zero(gInPn);
      addCountGrad('pn');
      lifBackward(kp.pn, pops.pn.out[cur]!, pops.pn.input[t]!, sn.lifBack.pn, spike, DT_MS, pops.pn.out[nxt]!, { v: g.gV.pn[N]!, spikes: g.gS.pn[N]! }, { v: g.gV.pn[C]!, inputNa: gInPn, params: pg.lif.pn });
      for (const k of pathsInto.pn) backPathway(k, gInPn);
      // 3. LN
      const gInLn = g.gIn.ln;
      zero(gInLn);
      addCountGrad('ln');
      lifBackward(kp.ln, pops.ln.out[cur]!, pops.ln.input[t]!, sn.lifBack.ln, spike, DT_MS, pops.ln.out[nxt]!, { v: g.gV.ln[N]!, spikes: g.gS.ln[N]! }, { v: g.gV.ln[C]!, inputNa: gInLn, params: pg.lif.ln });
      for (const k of pathsInto.ln) backPathway(k, gInLn);
      // 2. gap junctions
      const vLn = pops.ln.out[cur]!.v;
      const vPn = pops.pn.out[cur]!.v;
      pg.gap.lnLn.vMv = g.gV.ln[C]!;
      gapJunctionBackward(circuit.gap.lnLn, kp.gapLogNs.lnLn, vLn, gInLn, pg.gap.lnLn);
      pg.gap.pnPn.vMv = g.gV.pn[C]!;
      gapJunctionBackward(circuit.gap.pnPn, kp.gapLogNs.pnPn, vPn, gInPn, pg.gap.pnPn);
      pg.gap.elnPn.vA = g.gV.ln[C]!;
      pg.gap.elnPn.vB = g.gV.pn[C]!;
      bipartiteGapJunctionBackward(circuit.gap.elnPn, kp.gapLogNs.elnPn, vLn, vPn, gInLn, gInPn, pg.gap.elnPn);
      // 1. ORN
      const gInOrn = g.gIn.orn;
      zero(gInOrn);
      addCountGrad('orn');
      lifBackward(kp.orn, pops.orn.out[cur]!, pops.orn.input[t]!, sn.lifBack.orn, spike, DT_MS, pops.orn.out[nxt]!, { v: g.gV.orn[N]!, spikes: g.gS.orn[N]! }, { v: g.gV.orn[C]!, inputNa: gInOrn, params: pg.lif.orn });
      for (const k of pathsInto.orn) backPathway(k, gInOrn);
      const rec = sn.receptor;
      if (rec === null) addTo(g.gIor, gInOrn);
      else addMulOnePlus(g.gIor, gInOrn, rec);
      N ^= 1;
      C ^= 1;
    }
    orDriveBackward(circuit.receptors, kp.orDrive, receptorsBuf, g.gIor, { receptorResponse: null, params: pg.or });

    // ---- to the SI layout
    const out = new Float64Array(params.values.length);
    const o = params.offsets;
    const put = (name: string, x: number) => {
      out[o[name]!] += x;
    };
    for (let i = 0; i < s.receptors; i++) out[o['or.gains']! + i] = pg.or.orGainsRaw[i]!;
    put('or.logCurrentGain', pg.or.logOrGainNa);
    for (const grp of LIF_GROUPS) {
      put(`${grp}.logTauM`, pg.lif[grp].logTauMemMs);
      const v = pg.lif[grp].vThresholdMv;
      for (let i = 0; i < v.length; i++) out[o[`${grp}.vTh`]! + i] = v[i]! * 1e3; // ∂/∂V = 1000·∂/∂mV
    }
    for (let i = 0; i < s.kc; i++) out[o['kc.vTh']! + i] = pg.kc.vThresholdMv[i]! * 1e3;
    put('kc.logGSoma', pg.kc.logGSomaNs);
    put('gap.lnLn.logG', pg.gap.lnLn.logConductanceNs);
    put('gap.pnPn.logG', pg.gap.pnPn.logConductanceNs);
    put('gap.elnPn.logG', pg.gap.elnPn.logConductanceNs);
    put('apl.kcAplLogStrength', pg.apl.logKcAplStrength);
    put('apl.kcDendGain', pg.apl.kcDendriteGainRaw);
    put('apl.gain', pg.apl.aplGainRaw);
    put('apl.logTau', pg.apl.logTauAplMs);
    put('kcKc.ddGain', pg.dd.gainRaw);
    put('kcKc.daGain', pg.da.gainRaw);
    circuit.pathways.forEach((p: CircuitPathway, k: number) => {
      put(`pathway.${p.spec.name}.logStrength`, pg.syn[k]!.logStrengthNa);
      put(`pathway.${p.spec.name}.logTauRec`, pg.syn[k]!.logTauRecMs);
      put(`pathway.${p.spec.name}.logitU`, pg.syn[k]!.logitReleaseProbability);
    });
    return out;
  }

  function prefetchNoise(src: CircuitNoiseSource): void {
    if (worker === null || !workerOk) return;
    if (src.sampleIds.length !== B) {
      throw new ShapeMismatchError({ argument: 'noise.sampleIds', functionName: 'CircuitEngine.prefetchNoise', actual: `length ${src.sampleIds.length}`, expected: `the batch size ${B}` });
    }
    if (pending !== null) {
      if (sameSource(pending, src)) return;
      worker.cancelThrough(pending.job);
    }
    const set = active ^ 1;
    const job = worker.request(set, src.rng, src.sampleIds, src.stream);
    pending = job === null ? null : { set, job, rng: src.rng, stream: src.stream, sampleIds: Array.from(src.sampleIds) };
  }

  function firedMask(t: number, group: 'orn' | 'ln' | 'pn' | 'kc'): Uint8Array {
    if (last === null || !Number.isInteger(t) || t < 0 || t >= T) {
      throw new InvalidParameterError({ parameter: 't', value: t, expected: `a step in [0, ${T}) of a forward recorded with { record: true }` });
    }
    const flags = group === 'kc' ? kcOut[t + 1]!.flags : pops[group].out[t + 1]!.flags;
    return Uint8Array.from(flags, (f) => ((f & SpikeFlag.fired) !== 0 ? 1 : 0));
  }

  function dispose(): void {
    worker?.dispose();
    workerOk = false;
    pending = null;
    activeJob = null;
  }

  return { circuit, batch: B, forward, backward, prefetchNoise, firedMask, dispose };
}

const GROUPS = ['orn', 'ln', 'pn', 'kc'] as const;

function zero(x: Vec): void {
  x.fill(0);
}

// Element-wise helpers: small module functions (not loops inside the big step functions), so
// V8 optimises them on their own and they never run in unoptimised code.

/** out = a + b. */
function add2(out: Vec, a: Vec, b: Vec): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
}
/** out += a. */
function addTo(out: Vec, a: Vec): void {
  for (let i = 0; i < out.length; i++) out[i]! += a[i]!;
}
/** out = a·(1 + ξ). */
function mulOnePlus(out: Vec, a: Vec, xi: Vec): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! * (1 + xi[i]!);
}
/** out += a·(1 + ξ). */
function addMulOnePlus(out: Vec, a: Vec, xi: Vec): void {
  for (let i = 0; i < out.length; i++) out[i]! += a[i]! * (1 + xi[i]!);
}
/** out = a / (1 + D) (the divisive APL inhibition). */
function divideOnePlus(out: Vec, a: Vec, D: Vec): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! / (1 + D[i]!);
}
/** VJP of {@link divideOnePlus}: gA = g/(1 + D), gD = −g·a/(1 + D)². */
function divideOnePlusBackward(gA: Vec, gD: Vec, g: Vec, a: Vec, D: Vec): void {
  for (let i = 0; i < g.length; i++) {
    const inv = 1 / (1 + D[i]!);
    gA[i] = g[i]! * inv;
    gD[i] = -g[i]! * a[i]! * inv * inv;
  }
}

interface PopSlots {
  readonly out: LifStepOutput[];
  readonly input: Vec[];
}
