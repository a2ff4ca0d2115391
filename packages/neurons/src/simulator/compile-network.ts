import { finiteNumber, positiveInteger, positiveNumber } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import type { HomeostasisRule } from '../plasticity/homeostasis';
import { validateHomeostasis } from '../plasticity/homeostasis';
import { PLASTICITY_RULE_KINDS } from '../plasticity/plasticity-rule';
import type { StdpRule } from '../plasticity/stdp';
import { validateStdp } from '../plasticity/stdp';
import type { EpropRewardRule } from '../plasticity/eprop';
import { validateEprop } from '../plasticity/eprop';
import { inverseWidths } from '../plasticity/pseudo-derivative';
import type { MonitorSpec } from '../monitors/monitor-types';
import { compileMonitor } from '../monitors/monitor-compile';
import type { CompiledMonitor } from '../monitors/monitor-compile';
import { lifSimdModule, MAX_SIMD_CHANNELS } from './lif-simd-kernel';
import { stdpSimdModule } from './stdp-simd-kernel';
import { poissonWasmModule } from './poisson-wasm-kernel';
import type { CompiledLowRank } from './low-rank';
import { compileLowRank } from './low-rank';
import { lifMembraneCoefficients, synapseChannelDecay, synapseChannelGain } from './lif-propagator';
import type { BinnedSchedule, InitialVoltage, LifPopulationSpec, NetworkSpec, PerNeuron, PoissonPopulationSpec, ProjectionSpec, SimulationOptions } from './network-types';

/** Largest absolute step a run may reach (the counter RNG's step word is 32-bit). */
export const MAX_SIMULATION_STEPS = 4294967295;

/** @internal A time course on whole steps: bin b covers steps [startStep + b·binSteps, …). */
export interface CompiledSchedule {
  readonly binSteps: number;
  readonly startStep: number;
  readonly nBins: number;
  readonly repeat: boolean;
  /** nBins × size values, already converted (spike probability per step, or mV of drive). */
  readonly values: Float64Array;
}

/** @internal Population-wide LIF coefficients (when every neuron has the same parameters). */
export interface UniformLifCoefficients {
  readonly vRestMv: number;
  readonly vThresholdMv: number;
  readonly vResetMv: number;
  readonly membraneDecay: number;
  readonly refractorySteps: number;
  readonly channelGain: Float64Array;
}

/** @internal */
export interface CompiledLifPopulation {
  readonly kind: 'lif';
  readonly index: number;
  readonly name: string;
  readonly size: number;
  readonly vRestMv: Float64Array;
  readonly vThresholdMv: Float64Array;
  readonly vResetMv: Float64Array;
  readonly membraneDecay: Float64Array;
  /** k_I·R per neuron (mV per nA). */
  readonly driveGainMvPerNa: Float64Array;
  readonly refractorySteps: Int32Array;
  readonly channelNames: readonly string[];
  readonly channelDecay: Float64Array;
  /** k_c per channel, per neuron. */
  readonly channelGain: readonly Float64Array[];
  /** Ring length (max delay + 1) per channel. */
  readonly ringLength: Int32Array;
  readonly vInitMv: InitialVoltage;
  /** The same coefficients as scalars, or null when some differ between neurons. */
  readonly uniform: UniformLifCoefficients | null;
  /** Sum of the constant currents, nA per neuron (null when none). */
  readonly constantCurrentNa: Float64Array | null;
  readonly scheduledCurrentsNa: readonly CompiledSchedule[];
  /** Scratch: the external drive of the step, mV·(1/k_I) i.e. nA. */
  readonly currentNa: Float64Array;
  readonly spikes: Int32Array;
  spikeCount: number;
}

/** @internal */
export interface CompiledPoissonPopulation {
  readonly kind: 'poisson';
  readonly index: number;
  readonly name: string;
  readonly size: number;
  /** Spike probability per step when constant (null when scheduled). */
  readonly probability: Float64Array | null;
  readonly schedule: CompiledSchedule | null;
  /** ln(1 − p) of the shared probability when spikes are drawn by geometric gaps, else 0. */
  readonly geometricLogQ: number;
  readonly uniforms: Float64Array;
  readonly spikes: Int32Array;
  spikeCount: number;
}

export type CompiledPopulation = CompiledLifPopulation | CompiledPoissonPopulation;

/** @internal */
export interface CompiledProjection {
  readonly name: string;
  readonly pre: CompiledPopulation;
  readonly post: CompiledLifPopulation;
  readonly channel: number;
  readonly rowPtr: Int32Array;
  readonly postIndex: Int32Array;
  readonly preOfSyn: Int32Array;
  readonly initialWeightsMv: Float64Array;
  readonly signs: Float64Array | null;
  /** A single delay for all synapses, or −1 when `delaySteps` holds one per synapse. */
  readonly uniformDelay: number;
  readonly delaySteps: Int32Array | null;
  readonly stdp: StdpRule | null;
  readonly preTraceDecay: number;
  readonly postTraceDecay: number;
  /** Synapse ids grouped by postsynaptic neuron (for post events; empty without STDP). */
  readonly colPtr: Int32Array;
  readonly colSyn: Int32Array;
  /**
   * Where the weights live during a run: 'pre-major' (the spec's order) or 'post-major'
   * (grouped by target, so post events walk contiguous memory); see `SimulationOptions.stdpLayout`.
   */
  readonly layout: 'pre-major' | 'post-major';
  /** Post-major only: position of spec synapse s in the post-major order (inverse of colSyn). */
  readonly posOfSyn: Int32Array;
  /** Post-major only: presynaptic and postsynaptic neuron of each post-major position. */
  readonly preOfCol: Int32Array;
  readonly postOfCol: Int32Array;
  readonly homeostasis: readonly { readonly rule: HomeostasisRule; readonly intervalSteps: number }[];
  readonly scratch: Float64Array;
  /** Reward-modulated e-prop, with its per-step factors and ψ scratch (null without). */
  readonly eprop: CompiledEprop | null;
}

/** @internal */
export interface CompiledEprop {
  readonly rule: EpropRewardRule;
  /** exp(−dt/τ_pre). */
  readonly alpha: number;
  /** exp(−dt/τ_e). */
  readonly kappa: number;
  /** 1/w_j per postsynaptic neuron. */
  readonly invWidth: Float64Array;
  /** ψ of the step per postsynaptic neuron (scratch). */
  readonly psi: Float64Array;
}

/** The LIF update a population runs with, and why. */
export interface KernelChoice {
  readonly population: string;
  readonly kernel: 'wasm-simd' | 'javascript';
  /** Why the SIMD kernel is not used (absent when it is). */
  readonly reason?: string;
}

/** Where a projection's per-step delivery (and STDP, when it has a rule) runs, and why. */
export interface ProjectionKernelChoice {
  readonly projection: string;
  readonly kernel: 'wasm' | 'javascript';
  /** Why the WebAssembly kernel is not used (absent when it is). */
  readonly reason?: string;
}

/** Where a Poisson population's per-step draws run, and why. */
export interface PoissonKernelChoice {
  readonly population: string;
  readonly kernel: 'wasm' | 'javascript';
  /** Why the WebAssembly kernel is not used (absent when it is). */
  readonly reason?: string;
}

/** A validated network with its per-step coefficients and index structures. */
export interface CompiledNetwork {
  readonly spec: NetworkSpec;
  readonly dtMs: number;
  readonly seed: number;
  readonly stream: number;
  readonly populations: readonly CompiledPopulation[];
  readonly projections: readonly CompiledProjection[];
  readonly monitors: readonly CompiledMonitor[];
  /** Bytes every monitor will hold (by monitor name) and their total; fixed before the run. */
  readonly monitorMemory: { readonly bytesByMonitor: Readonly<Record<string, number>>; readonly totalBytes: number };
  /** The LIF update of each LIF population (the fast path is never taken silently or skipped silently). */
  readonly kernels: readonly KernelChoice[];
  /**
   * The kernel of each projection's delivery, and of its STDP (trace decay, delivery fused with
   * the pre events, post events) when it has a rule: WebAssembly (`stdp-simd-kernel.ts`) or
   * JavaScript, with the reason (never silently). Both give the same bits.
   */
  readonly projectionKernels: readonly ProjectionKernelChoice[];
  /**
   * The kernel of each Poisson population's draws: WebAssembly (`poisson-wasm-kernel.ts`, in the
   * run's WebAssembly memory, so the projections from it read its spikes there) or JavaScript,
   * with the reason. Both give the same spikes.
   */
  readonly poissonKernels: readonly PoissonKernelChoice[];
  /** Low-rank projections. */
  readonly lowRank: readonly CompiledLowRank[];
  /** @internal */
  readonly byName: ReadonlyMap<string, CompiledPopulation>;
}

function chooseKernel(p: CompiledLifPopulation, mode: 'auto' | 'wasm' | 'javascript'): KernelChoice {
  const js = (reason: string): KernelChoice => ({ population: p.name, kernel: 'javascript', reason });
  if (mode === 'javascript') return js("kernels: 'javascript' was requested");
  if (p.channelNames.length > MAX_SIMD_CHANNELS) return js(`it has ${p.channelNames.length} synapse channels (the SIMD kernels take at most ${MAX_SIMD_CHANNELS})`);
  if (lifSimdModule() === null) return js('WebAssembly SIMD is not available in this runtime');
  return { population: p.name, kernel: 'wasm-simd' };
}

function choosePoissonKernel(p: CompiledPoissonPopulation, mode: 'auto' | 'wasm' | 'javascript', kernels: readonly KernelChoice[]): PoissonKernelChoice {
  const js = (reason: string): PoissonKernelChoice => ({ population: p.name, kernel: 'javascript', reason });
  if (mode === 'javascript') return js("kernels: 'javascript' was requested");
  if (!kernels.some((k) => k.kernel === 'wasm-simd')) return js('no LIF population runs in the SIMD kernel (the draws share its WebAssembly memory)');
  if (poissonWasmModule() === null) return js('WebAssembly is not available in this runtime');
  return { population: p.name, kernel: 'wasm' };
}

/** Most bytes of projection data (weights, indices, traces) the kernels copy into WebAssembly memory per run. */
const MAX_PROJECTION_KERNEL_BYTES = 2 ** 30;

/** Bytes a projection takes in the run's WebAssembly memory on the kernels (an upper bound). */
function projectionKernelBytes(pr: CompiledProjection): number {
  const nSyn = pr.postIndex.length;
  const rows = (pr.pre.size + 1) * 4 + pr.pre.size * 4;
  if (pr.stdp === null) return nSyn * (8 + 4 + (pr.signs === null ? 0 : 8)) + rows;
  return nSyn * (8 + 4 + 4 + 4) + rows + (pr.post.size + 1) * 4 + (pr.pre.size + pr.post.size + 2) * 8;
}

function chooseProjectionKernel(pr: CompiledProjection, mode: 'auto' | 'wasm' | 'javascript', kernels: readonly KernelChoice[]): ProjectionKernelChoice {
  const js = (reason: string): ProjectionKernelChoice => ({ projection: pr.name, kernel: 'javascript', reason });
  if (mode === 'javascript') return js("kernels: 'javascript' was requested");
  if (pr.eprop !== null) return js('e-prop runs in JavaScript');
  if (pr.stdp !== null && pr.signs !== null) return js('it has a signs array (the STDP kernel takes unsigned weights)');
  if (pr.uniformDelay < 0) return js('its synapses have different delays (the kernels take one delay per projection)');
  if (kernels.find((k) => k.population === pr.post.name)?.kernel !== 'wasm-simd') return js(`its target population ${pr.post.name} does not run in the SIMD LIF kernel`);
  if (stdpSimdModule() === null) return js('WebAssembly SIMD is not available in this runtime');
  return { projection: pr.name, kernel: 'wasm' };
}

/** @internal Convert ms to a whole number of steps, or throw naming `parameter`. */
export function wholeSteps(parameter: string, ms: number, dtMs: number, allowZero = true): number {
  finiteNumber(parameter, ms, 'time, ms');
  const k = Math.round(ms / dtMs);
  if (k < 0 || (!allowZero && k === 0) || Math.abs(k * dtMs - ms) > 1e-9 * Math.max(1, Math.abs(ms))) {
    throw new InvalidParameterError({
      parameter,
      value: ms,
      expected: `${allowZero ? 'a non-negative' : 'a positive'} whole number of steps of dt = ${dtMs} ms`,
      fix: `Use a multiple of ${dtMs} ms.`,
    });
  }
  return k;
}

function perNeuron(where: string, value: PerNeuron | undefined, fallback: number | undefined, n: number, what: string): Float64Array {
  const v = value ?? fallback;
  if (v === undefined) throw new InvalidParameterError({ parameter: where, value: undefined, expected: `a number or an array of ${n} numbers (${what})` });
  if (typeof v === 'number') return new Float64Array(n).fill(finiteNumber(where, v, what));
  if (v == null || typeof (v as ArrayLike<number>).length !== 'number') {
    throw new InvalidParameterError({ parameter: where, value: v, expected: `a number or an array of ${n} numbers (${what})` });
  }
  if (v.length !== n) throw new ShapeMismatchError({ argument: where, functionName: 'compileNetwork', actual: `length ${v.length}`, expected: `${n} (one entry per neuron)` });
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = finiteNumber(`${where}[${i}]`, v[i], what);
  return out;
}

function compileSchedule(where: string, s: BinnedSchedule, size: number, dtMs: number, convert: (x: number, at: string) => number): CompiledSchedule {
  const binSteps = wholeSteps(`${where}.binMs`, s.binMs, dtMs, false);
  const startStep = wholeSteps(`${where}.startMs`, s.startMs ?? 0, dtMs);
  if (s.values == null || typeof s.values.length !== 'number' || s.values.length === 0 || s.values.length % size !== 0) {
    throw new ShapeMismatchError({
      argument: `${where}.values`,
      functionName: 'compileNetwork',
      actual: `length ${s.values?.length}`,
      expected: `a positive multiple of the population size ${size} (nBins × size, row-major)`,
    });
  }
  const values = new Float64Array(s.values.length);
  for (let k = 0; k < values.length; k++) values[k] = convert(s.values[k]!, `${where}.values[${k}]`);
  return { binSteps, startStep, nBins: values.length / size, repeat: s.repeat === true, values };
}

function isSchedule(x: unknown): x is BinnedSchedule {
  return x != null && typeof x === 'object' && (x as { kind?: unknown }).kind === 'schedule';
}

function compileLif(p: LifPopulationSpec, index: number, where: string, dtMs: number): CompiledLifPopulation {
  const n = p.size;
  const integration = p.integration ?? 'exact';
  if (integration !== 'exact' && integration !== 'euler') {
    throw new InvalidParameterError({ parameter: `${where}.integration`, value: integration, expected: "'exact' or 'euler'" });
  }
  const tau = perNeuron(`${where}.tauMemMs`, p.tauMemMs, undefined, n, 'membrane time constant, ms');
  for (let i = 0; i < n; i++) positiveNumber(`${where}.tauMemMs[${i}]`, tau[i], 'membrane time constant, ms');
  const vRestMv = perNeuron(`${where}.vRestMv`, p.vRestMv, undefined, n, 'resting potential, mV');
  const vThresholdMv = perNeuron(`${where}.vThresholdMv`, p.vThresholdMv, undefined, n, 'threshold, mV');
  const vResetMv = perNeuron(`${where}.vResetMv`, p.vResetMv, undefined, n, 'reset potential, mV');
  const refractoryMs = perNeuron(`${where}.refractoryMs`, p.refractoryMs, undefined, n, 'refractory period, ms');
  const resistance = perNeuron(`${where}.resistanceMohm`, p.resistanceMohm, 1, n, 'membrane resistance, MΩ');
  const membraneDecay = new Float64Array(n);
  const driveGainMvPerNa = new Float64Array(n);
  const refractorySteps = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (refractoryMs[i]! < 0) throw new InvalidParameterError({ parameter: `${where}.refractoryMs[${i}]`, value: refractoryMs[i], expected: 'a finite number >= 0 (ms)' });
    const c = lifMembraneCoefficients(tau[i]!, dtMs, integration);
    membraneDecay[i] = c.membraneDecay;
    driveGainMvPerNa[i] = c.driveGain * resistance[i]!;
    refractorySteps[i] = Math.round(refractoryMs[i]! / dtMs);
  }
  if (p.synapses == null || typeof p.synapses !== 'object') {
    throw new InvalidParameterError({ parameter: `${where}.synapses`, value: p.synapses, expected: 'an object of channels, e.g. { exc: { tauMs: 5 } } (may be empty: {})' });
  }
  const channelNames = Object.keys(p.synapses);
  const channelDecay = new Float64Array(channelNames.length);
  const channelGain = channelNames.map((c, k) => {
    const tauSyn = positiveNumber(`${where}.synapses.${c}.tauMs`, p.synapses[c]?.tauMs, 'synaptic decay time constant, ms');
    channelDecay[k] = synapseChannelDecay(tauSyn, dtMs, integration);
    const g = new Float64Array(n);
    for (let i = 0; i < n; i++) g[i] = synapseChannelGain(tau[i]!, tauSyn, dtMs, integration);
    return g;
  });
  const init = p.vInitMv;
  let vInitMv: InitialVoltage;
  if (init !== undefined && !(typeof init === 'number') && 'kind' in (init as object)) {
    const u = init as { kind: string; lowMv: number; highMv: number };
    if (u.kind !== 'uniform') throw new InvalidParameterError({ parameter: `${where}.vInitMv.kind`, value: u.kind, expected: "'uniform'" });
    const lo = finiteNumber(`${where}.vInitMv.lowMv`, u.lowMv, 'mV');
    const hi = finiteNumber(`${where}.vInitMv.highMv`, u.highMv, 'mV');
    if (!(hi >= lo)) throw new InvalidParameterError({ parameter: `${where}.vInitMv.highMv`, value: hi, expected: `a number >= lowMv = ${lo}` });
    vInitMv = { kind: 'uniform', lowMv: lo, highMv: hi };
  } else {
    vInitMv = init === undefined ? vRestMv : perNeuron(`${where}.vInitMv`, init as PerNeuron, undefined, n, 'initial potential, mV');
  }
  const same = (a: ArrayLike<number>) => {
    for (let i = 1; i < a.length; i++) if (a[i] !== a[0]) return false;
    return true;
  };
  const uniform: UniformLifCoefficients | null =
    same(vRestMv) && same(vThresholdMv) && same(vResetMv) && same(membraneDecay) && same(refractorySteps) && channelGain.every(same)
      ? {
          vRestMv: vRestMv[0]!,
          vThresholdMv: vThresholdMv[0]!,
          vResetMv: vResetMv[0]!,
          membraneDecay: membraneDecay[0]!,
          refractorySteps: refractorySteps[0]!,
          channelGain: Float64Array.from(channelGain.map((g) => g[0]!)),
        }
      : null;
  return {
    kind: 'lif',
    index,
    name: p.name,
    size: n,
    uniform,
    vRestMv,
    vThresholdMv,
    vResetMv,
    membraneDecay,
    driveGainMvPerNa,
    refractorySteps,
    channelNames,
    channelDecay,
    channelGain,
    ringLength: new Int32Array(channelNames.length).fill(1),
    vInitMv,
    constantCurrentNa: null,
    scheduledCurrentsNa: [],
    currentNa: new Float64Array(n),
    spikes: new Int32Array(n),
    spikeCount: 0,
  };
}

function compilePoisson(p: PoissonPopulationSpec, index: number, where: string, dtMs: number): CompiledPoissonPopulation {
  const n = p.size;
  const toProbability = (rate: number, at: string): number => {
    const r = finiteNumber(at, rate, 'rate, Hz');
    const prob = (r * dtMs) / 1000;
    if (r < 0 || prob > 1) {
      throw new InvalidParameterError({ parameter: at, value: r, expected: `a rate in [0, ${1000 / dtMs}] Hz (rate·dt must be a probability at dt = ${dtMs} ms)` });
    }
    return prob;
  };
  let probability: Float64Array | null = null;
  let schedule: CompiledSchedule | null = null;
  if (isSchedule(p.rateHz)) schedule = compileSchedule(`${where}.rateHz`, p.rateHz, n, dtMs, toProbability);
  else {
    probability = perNeuron(`${where}.rateHz`, p.rateHz as PerNeuron, undefined, n, 'rate, Hz');
    for (let i = 0; i < n; i++) probability[i] = toProbability(probability[i]!, `${where}.rateHz[${i}]`);
  }
  const draw = p.draw ?? 'per-neuron';
  let geometricLogQ = 0;
  if (draw === 'geometric') {
    if (typeof p.rateHz !== 'number') {
      throw new InvalidParameterError({ parameter: `${where}.draw`, value: draw, expected: "'per-neuron' (geometric draws need one rate shared by every neuron: give rateHz as a number)" });
    }
    // p = 1 gives ln 0 = −∞ and gaps of 0: every neuron spikes; p = 0 gives gaps of +∞: none.
    geometricLogQ = Math.log1p(-probability![0]!);
  } else if (draw !== 'per-neuron') {
    throw new InvalidParameterError({ parameter: `${where}.draw`, value: draw, expected: "'per-neuron' or 'geometric'" });
  }
  return { kind: 'poisson', index, name: p.name, size: n, probability, schedule, geometricLogQ, uniforms: new Float64Array(n), spikes: new Int32Array(n), spikeCount: 0 };
}

function findPopulation(byName: Map<string, CompiledPopulation>, where: string, name: unknown): CompiledPopulation {
  const pop = typeof name === 'string' ? byName.get(name) : undefined;
  if (!pop) {
    throw new InvalidParameterError({
      parameter: where,
      value: name,
      expected: `the name of a population of the network (one of: ${[...byName.keys()].join(', ') || 'none'})`,
    });
  }
  return pop;
}

function lifTarget(byName: Map<string, CompiledPopulation>, where: string, name: unknown): CompiledLifPopulation {
  const pop = findPopulation(byName, where, name);
  if (pop.kind !== 'lif') throw new InvalidParameterError({ parameter: where, value: name, expected: `a LIF population (${String(name)} is a Poisson source and has no synapses or membrane)` });
  return pop;
}

function intArray(where: string, value: ArrayLike<number> | undefined, length: number, lo: number, hi: number, what: string): Int32Array {
  if (value == null || typeof value.length !== 'number') throw new InvalidParameterError({ parameter: where, value, expected: `an array of ${length} integers (${what})` });
  if (value.length !== length) throw new ShapeMismatchError({ argument: where, functionName: 'compileNetwork', actual: `length ${value.length}`, expected: `${length} (${what})` });
  const out = new Int32Array(length);
  for (let k = 0; k < length; k++) {
    const x = value[k]!;
    if (!Number.isInteger(x) || x < lo || x > hi) throw new InvalidParameterError({ parameter: `${where}[${k}]`, value: x, expected: `an integer in [${lo}, ${hi}] (${what})` });
    out[k] = x;
  }
  return out;
}

function compileProjection(pr: ProjectionSpec, where: string, byName: Map<string, CompiledPopulation>, dtMs: number, stdpLayout: 'auto' | 'pre-major' | 'post-major'): CompiledProjection {
  const pre = findPopulation(byName, `${where}.pre`, pr.pre);
  const post = lifTarget(byName, `${where}.post`, pr.post);
  const channel = post.channelNames.indexOf(pr.synapse);
  if (channel < 0) {
    throw new InvalidParameterError({
      parameter: `${where}.synapse`,
      value: pr.synapse,
      expected: `a synapse channel of population ${post.name} (one of: ${post.channelNames.join(', ') || 'none; add one to its synapses'})`,
    });
  }
  if (pr.rowPtr == null || pr.rowPtr.length !== pre.size + 1) {
    throw new ShapeMismatchError({ argument: `${where}.rowPtr`, functionName: 'compileNetwork', actual: `length ${pr.rowPtr?.length}`, expected: `${pre.size + 1} (presynaptic size + 1)` });
  }
  const nSyn = pr.rowPtr[pre.size]!;
  const rowPtr = intArray(`${where}.rowPtr`, pr.rowPtr, pre.size + 1, 0, nSyn, 'synapse offsets');
  for (let i = 0; i < pre.size; i++) {
    if (rowPtr[i + 1]! < rowPtr[i]! || rowPtr[0] !== 0)
      throw new InvalidParameterError({ parameter: `${where}.rowPtr[${i + 1}]`, value: rowPtr[i + 1], expected: `>= rowPtr[${i}] = ${rowPtr[i]} (non-decreasing offsets starting at 0)` });
  }
  const postIndex = intArray(`${where}.postIndex`, pr.postIndex, nSyn, 0, post.size - 1, `target neuron of each synapse in ${post.name}`);
  const w = pr.weightsMv;
  if (w == null || w.length !== nSyn)
    throw new ShapeMismatchError({ argument: `${where}.weightsMv`, functionName: 'compileNetwork', actual: `length ${w?.length}`, expected: `${nSyn} (one weight per synapse)` });
  const initialWeightsMv = new Float64Array(nSyn);
  for (let s = 0; s < nSyn; s++) initialWeightsMv[s] = finiteNumber(`${where}.weightsMv[${s}]`, w[s], 'synaptic weight, mV');
  let signs: Float64Array | null = null;
  if (pr.signs !== undefined) {
    const sg = intArray(`${where}.signs`, pr.signs, nSyn, -1, 1, 'sign of each synapse, +1 or -1');
    signs = new Float64Array(nSyn);
    for (let s = 0; s < nSyn; s++) {
      if (sg[s] === 0) throw new InvalidParameterError({ parameter: `${where}.signs[${s}]`, value: 0, expected: '+1 or -1' });
      if (initialWeightsMv[s]! < 0) throw new InvalidParameterError({ parameter: `${where}.weightsMv[${s}]`, value: initialWeightsMv[s], expected: 'a weight >= 0 (signs are given separately)' });
      signs[s] = sg[s]!;
    }
  }
  let uniformDelay = 0;
  let delaySteps: Int32Array | null = null;
  const d = pr.delaySteps ?? 0;
  if (typeof d === 'number') {
    if (!Number.isInteger(d) || d < 0 || d > 65535) throw new InvalidParameterError({ parameter: `${where}.delaySteps`, value: d, expected: 'an integer in [0, 65535] (delay in steps)' });
    uniformDelay = d;
  } else {
    delaySteps = intArray(`${where}.delaySteps`, d, nSyn, 0, 65535, 'delay of each synapse in steps');
    let max = 0;
    for (let s = 0; s < nSyn; s++) max = Math.max(max, delaySteps[s]!);
    uniformDelay = -1;
    post.ringLength[channel] = Math.max(post.ringLength[channel]!, max + 1);
  }
  if (uniformDelay >= 0) post.ringLength[channel] = Math.max(post.ringLength[channel]!, uniformDelay + 1);
  const preOfSyn = new Int32Array(nSyn);
  for (let i = 0; i < pre.size; i++) preOfSyn.fill(i, rowPtr[i]!, rowPtr[i + 1]!);
  let stdp: StdpRule | null = null;
  let eprop: CompiledEprop | null = null;
  const homeostasis: { rule: HomeostasisRule; intervalSteps: number }[] = [];
  (pr.plasticity ?? []).forEach((rule, k) => {
    const at = `${where}.plasticity[${k}]`;
    if (rule?.kind === 'stdp-additive' || rule?.kind === 'stdp-multiplicative') {
      if (stdp) throw new InvalidParameterError({ parameter: at, value: rule.kind, expected: 'at most one STDP rule per projection' });
      validateStdp(rule, at);
      if (signs && rule.kind === 'stdp-additive' && (rule.wMinMv ?? 0) < 0)
        throw new InvalidParameterError({ parameter: `${at}.wMinMv`, value: rule.wMinMv, expected: 'a bound >= 0 on a signed projection' });
      stdp = rule;
    } else if (rule?.kind === 'eprop-reward') {
      if (eprop) throw new InvalidParameterError({ parameter: at, value: rule.kind, expected: 'at most one e-prop rule per projection' });
      validateEprop(rule, at);
      if (signs)
        throw new InvalidParameterError({
          parameter: `${where}.signs`,
          value: 'given',
          expected: 'no signs array on an e-prop projection (e-prop learns signed weights: put the signs into weightsMv)',
        });
      eprop = {
        rule,
        alpha: Math.exp(-dtMs / rule.tauPreMs),
        kappa: Math.exp(-dtMs / rule.tauEligibilityMs),
        invWidth: inverseWidths(rule.pseudoDerivative, post.vThresholdMv, post.vRestMv, `${at}.pseudoDerivative`),
        psi: new Float64Array(post.size),
      };
    } else if (rule?.kind === 'homeostasis-multiplicative') {
      validateHomeostasis(rule, at);
      homeostasis.push({ rule, intervalSteps: wholeSteps(`${at}.intervalMs`, rule.intervalMs, dtMs, false) });
    } else {
      throw new InvalidParameterError({ parameter: `${at}.kind`, value: (rule as { kind?: unknown } | undefined)?.kind, expected: `one of ${PLASTICITY_RULE_KINDS.join(', ')}` });
    }
  });
  const rule = stdp as StdpRule | null;
  if (rule && eprop)
    throw new InvalidParameterError({ parameter: `${where}.plasticity`, value: 'STDP and e-prop', expected: 'one trace-based rule per projection (they share the presynaptic trace)' });
  let colPtr = new Int32Array(0);
  let colSyn = new Int32Array(0);
  if (rule) {
    colPtr = new Int32Array(post.size + 1);
    for (let s = 0; s < nSyn; s++) colPtr[postIndex[s]! + 1]++;
    for (let j = 0; j < post.size; j++) colPtr[j + 1] += colPtr[j]!;
    colSyn = new Int32Array(nSyn);
    const fill = colPtr.slice(0, post.size);
    for (let s = 0; s < nSyn; s++) colSyn[fill[postIndex[s]!]!++] = s;
  }
  // Post-major storage pays when post events touch more synapses than pre events: a higher
  // in-degree than out-degree (more presynaptic than postsynaptic neurons), e.g. 3,200 MON → 300 TS.
  const layout: 'pre-major' | 'post-major' = rule && (stdpLayout === 'post-major' || (stdpLayout === 'auto' && pre.size > post.size)) ? 'post-major' : 'pre-major';
  let posOfSyn = new Int32Array(0);
  let preOfCol = new Int32Array(0);
  let postOfCol = new Int32Array(0);
  if (layout === 'post-major') {
    posOfSyn = new Int32Array(nSyn);
    preOfCol = new Int32Array(nSyn);
    postOfCol = new Int32Array(nSyn);
    for (let c = 0; c < nSyn; c++) {
      const s = colSyn[c]!;
      posOfSyn[s] = c;
      preOfCol[c] = preOfSyn[s]!;
      postOfCol[c] = postIndex[s]!;
    }
  }
  return {
    name: pr.name,
    pre,
    post,
    channel,
    rowPtr,
    postIndex,
    preOfSyn,
    initialWeightsMv,
    signs,
    uniformDelay,
    delaySteps,
    layout,
    posOfSyn,
    preOfCol,
    postOfCol,
    stdp: rule,
    preTraceDecay: rule ? Math.exp(-dtMs / rule.tauPreMs) : 1,
    postTraceDecay: rule ? Math.exp(-dtMs / rule.tauPostMs) : 1,
    colPtr,
    colSyn,
    homeostasis,
    scratch: new Float64Array(homeostasis.length ? post.size : 0),
    eprop: eprop as CompiledEprop | null,
  };
}

function uniqueName(seen: Set<string>, where: string, name: unknown, what: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidParameterError({ parameter: `${where}.name`, value: name, expected: `a non-empty string (the ${what}'s name)` });
  if (seen.has(name)) throw new InvalidParameterError({ parameter: `${where}.name`, value: name, expected: `a ${what} name not used before` });
  seen.add(name);
  return name;
}

/**
 * Validate a network once and precompute what the step loop needs: per-neuron coefficients,
 * delay ring lengths, column indices for STDP, monitor buffers' sizes.
 *
 * @throws {InvalidParameterError} naming the offending field (a projection naming a missing
 *   population, a negative delay, a NaN weight, dt ≤ 0, …).
 * @throws {ShapeMismatchError} when an array has the wrong length.
 * @example
 *   const net = compileNetwork({ populations: [...], projections: [...] }, { dtMs: 0.1, seed: 1 });
 *   const state = runSimulation(net, createSimState(net), 100);
 */
export function compileNetwork(spec: NetworkSpec, options: SimulationOptions): CompiledNetwork {
  const dtMs = positiveNumber('dtMs', options?.dtMs, 'time step, ms');
  const seed = options.seed;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidParameterError({ parameter: 'seed', value: seed, expected: 'an integer in [0, 2^53)' });
  const stream = options.stream ?? 0;
  if (!Number.isInteger(stream) || stream < 0 || stream > 4294967295) throw new InvalidParameterError({ parameter: 'stream', value: stream, expected: 'an integer in [0, 2^32)' });
  if (spec == null || !Array.isArray(spec.populations) || spec.populations.length === 0) {
    throw new InvalidParameterError({ parameter: 'populations', value: spec?.populations, expected: 'a non-empty array of populations' });
  }
  const byName = new Map<string, CompiledPopulation>();
  const names = new Set<string>();
  const populations = spec.populations.map((p, index) => {
    const where = `populations[${index}]`;
    uniqueName(names, where, p?.name, 'population');
    positiveInteger(`${where}.size`, p.size, 'number of neurons');
    let c: CompiledPopulation;
    if (p.kind === 'lif') c = compileLif(p, index, `${where} (${p.name})`, dtMs);
    else if (p.kind === 'poisson') c = compilePoisson(p, index, `${where} (${p.name})`, dtMs);
    else throw new InvalidParameterError({ parameter: `${where}.kind`, value: (p as { kind?: unknown }).kind, expected: "'lif' or 'poisson'" });
    byName.set(p.name, c);
    return c;
  });
  const stdpLayout = options.stdpLayout ?? 'auto';
  if (stdpLayout !== 'auto' && stdpLayout !== 'pre-major' && stdpLayout !== 'post-major') {
    throw new InvalidParameterError({ parameter: 'stdpLayout', value: stdpLayout, expected: "'auto', 'pre-major' or 'post-major'" });
  }
  const projNames = new Set<string>();
  const projections = (spec.projections ?? []).map((pr, k) => {
    const where = `projections[${k}]`;
    uniqueName(projNames, where, pr?.name, 'projection');
    return compileProjection(pr, `${where} (${pr.name})`, byName, dtMs, stdpLayout);
  });
  const lowRank = (spec.lowRankProjections ?? []).map((lr, k) => {
    const where = `lowRankProjections[${k}] (${lr?.name})`;
    uniqueName(projNames, `lowRankProjections[${k}]`, lr?.name, 'projection');
    const pre = findPopulation(byName, `${where}.pre`, lr.pre);
    const post = lifTarget(byName, `${where}.post`, lr.post);
    const channel = post.channelNames.indexOf(lr.synapse);
    if (channel < 0) {
      throw new InvalidParameterError({
        parameter: `${where}.synapse`,
        value: lr.synapse,
        expected: `a synapse channel of population ${post.name} (one of: ${post.channelNames.join(', ') || 'none'})`,
      });
    }
    const c = compileLowRank(lr, where, { preSize: pre.size, postSize: post.size, channel, vThresholdMv: post.vThresholdMv, vRestMv: post.vRestMv });
    post.ringLength[channel] = Math.max(post.ringLength[channel]!, c.delay + 1);
    return c;
  });
  const currentNames = new Set<string>();
  const constant = new Map<CompiledLifPopulation, Float64Array>();
  const scheduled = new Map<CompiledLifPopulation, CompiledSchedule[]>();
  (spec.currents ?? []).forEach((c, k) => {
    const where = `currents[${k}]`;
    uniqueName(currentNames, where, c?.name, 'current injection');
    const target = lifTarget(byName, `${where}.target`, c.target);
    const at = `${where} (${c.name}).currentNa`;
    if (isSchedule(c.currentNa)) {
      const s = compileSchedule(at, c.currentNa, target.size, dtMs, (x, a) => finiteNumber(a, x, 'current, nA'));
      scheduled.set(target, [...(scheduled.get(target) ?? []), s]);
    } else {
      const values = perNeuron(at, c.currentNa as PerNeuron, undefined, target.size, 'current, nA');
      const sum = constant.get(target) ?? new Float64Array(target.size);
      for (let i = 0; i < target.size; i++) sum[i] += values[i]!;
      constant.set(target, sum);
    }
  });
  const finalPopulations = populations.map((p) => (p.kind === 'lif' ? { ...p, constantCurrentNa: constant.get(p) ?? null, scheduledCurrentsNa: scheduled.get(p) ?? [] } : p));
  // Re-point projections at the final population records.
  const finalByName = new Map<string, CompiledPopulation>(finalPopulations.map((p) => [p.name, p]));
  const finalProjections = projections.map((pr) => ({
    ...pr,
    pre: finalByName.get(pr.pre.name)!,
    post: finalByName.get(pr.post.name) as CompiledLifPopulation,
  }));
  const monNames = new Set<string>();
  const projectionsByName = new Map(finalProjections.map((p) => [p.name, p]));
  const monitors = (spec.monitors ?? []).map((m: MonitorSpec, k) => {
    const where = `monitors[${k}]`;
    uniqueName(monNames, where, m?.name, 'monitor');
    return compileMonitor(m, `${where} (${m.name})`, dtMs, finalByName, projectionsByName);
  });
  const mode = options.kernels ?? 'auto';
  if (mode !== 'auto' && mode !== 'wasm' && mode !== 'javascript') throw new InvalidParameterError({ parameter: 'kernels', value: mode, expected: "'auto', 'wasm' or 'javascript'" });
  const kernels = finalPopulations.flatMap((p) => (p.kind === 'lif' ? [chooseKernel(p, mode)] : []));
  const slow = kernels.filter((k) => k.kernel !== 'wasm-simd');
  if (mode === 'wasm' && slow.length > 0) {
    throw new InvalidParameterError({
      parameter: 'kernels',
      value: 'wasm',
      expected: `a network whose LIF populations all fit the SIMD kernel; ${slow.map((k) => `${k.population}: ${k.reason}`).join('; ')}`,
      fix: "Use kernels: 'auto' to run those populations in JavaScript.",
    });
  }
  // The kernels copy each projection's weights and indices into the run's WebAssembly memory;
  // beyond a budget the remaining projections stay in JavaScript (and say so).
  let wasmBytes = 0;
  const projectionKernels = finalProjections.map((pr) => {
    const choice = chooseProjectionKernel(pr, mode, kernels);
    if (choice.kernel !== 'wasm') return choice;
    const bytes = projectionKernelBytes(pr);
    if (wasmBytes + bytes > MAX_PROJECTION_KERNEL_BYTES)
      return { projection: pr.name, kernel: 'javascript' as const, reason: `the WebAssembly copies of the projections would pass ${MAX_PROJECTION_KERNEL_BYTES / 2 ** 30} GiB` };
    wasmBytes += bytes;
    return choice;
  });
  const poissonKernels = finalPopulations.flatMap((p) => (p.kind === 'poisson' ? [choosePoissonKernel(p, mode, kernels)] : []));
  const slowStdp = projectionKernels.filter((k, i) => k.kernel !== 'wasm' && finalProjections[i]!.stdp !== null);
  if (mode === 'wasm' && slowStdp.length > 0) {
    throw new InvalidParameterError({
      parameter: 'kernels',
      value: 'wasm',
      expected: `a network whose STDP projections all fit the STDP kernel; ${slowStdp.map((k) => `${k.projection}: ${k.reason}`).join('; ')}`,
      fix: "Use kernels: 'auto' to run those projections' plasticity in JavaScript.",
    });
  }
  const bytesByMonitor: Record<string, number> = {};
  let totalBytes = 0;
  for (const m of monitors) {
    bytesByMonitor[m.name] = m.bytes;
    totalBytes += m.bytes;
  }
  return {
    spec,
    dtMs,
    seed,
    stream,
    populations: finalPopulations,
    projections: finalProjections,
    monitors,
    monitorMemory: { bytesByMonitor, totalBytes },
    kernels,
    projectionKernels,
    poissonKernels,
    lowRank,
    byName: finalByName,
  };
}
