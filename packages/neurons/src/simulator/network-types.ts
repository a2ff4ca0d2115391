import type { PlasticityRule } from '../plasticity/plasticity-rule';
import type { MonitorSpec } from '../monitors/monitor-types';
import type { LowRankProjectionSpec } from './low-rank';

/**
 * A network is data: populations, projections, current injections and monitors are plain
 * records (JSON-serialisable apart from typed arrays). {@link compileNetwork} validates them once
 * and {@link runSimulation} steps them.
 *
 * Units: ms, mV, nA, MΩ, Hz. Synaptic variables are current-based and expressed as the voltage
 * drive they produce (synaptic current × membrane resistance, mV), as in Brian2's CUBA example.
 */

/** A value given once for every neuron (broadcast) or one entry per neuron. */
export type PerNeuron = number | ArrayLike<number>;

/**
 * A piecewise-constant time course: bin `b` covers [startMs + b·binMs, startMs + (b+1)·binMs)
 * and holds `values[b·size .. (b+1)·size)` (one value per neuron, row-major). Outside the bins
 * the value is 0, unless `repeat` is true, in which case the schedule repeats with period
 * nBins·binMs.
 */
export interface BinnedSchedule {
  readonly kind: 'schedule';
  /** Bin width, ms (> 0, a whole number of steps). */
  readonly binMs: number;
  /** nBins × size values, row-major (Hz for Poisson rates, nA for currents). */
  readonly values: ArrayLike<number>;
  /** Time of the first bin's start, ms. Default 0. */
  readonly startMs?: number;
  /** Repeat the schedule after its last bin. Default false (0 after the last bin). */
  readonly repeat?: boolean;
}

/** Initial membrane potential: fixed values, or uniform in [lowMv, highMv) from the counter RNG. */
export type InitialVoltage = PerNeuron | { readonly kind: 'uniform'; readonly lowMv: number; readonly highMv: number };

/**
 * A population of current-based leaky integrate-and-fire neurons with exponential synapses:
 *
 *   τ_m dv/dt = (v_rest − v) + Σ_c s_c + R·I_ext        (unless refractory)
 *   τ_c ds_c/dt = −s_c                                   (one variable per synapse channel c, mV)
 *   v > v_th  →  spike; v ← v_reset; v clamped for round(t_ref/dt) − 1 further steps
 *
 * A presynaptic spike adds its weight (mV) to s_c of its target. Every parameter may differ per
 * neuron. Integration is `'exact'` (default: the exact solution of the linear system over one
 * step, with I_ext constant over the step, like Brian2's `method='exact'`) or `'euler'` (forward
 * Euler, as in the lateral-line reference, stable for dt ≪ τ).
 */
export interface LifPopulationSpec {
  readonly kind: 'lif';
  /** Unique name within the network. */
  readonly name: string;
  /** Number of neurons (integer > 0). */
  readonly size: number;
  /** Membrane time constant τ_m, ms (> 0). */
  readonly tauMemMs: PerNeuron;
  /** Leak reversal / resting potential, mV. */
  readonly vRestMv: PerNeuron;
  /** Threshold, mV; a spike when v > vThresholdMv after the update. */
  readonly vThresholdMv: PerNeuron;
  /** Reset potential, mV. */
  readonly vResetMv: PerNeuron;
  /** Absolute refractory period, ms (≥ 0): v is clamped at the reset for round(t_ref/dt) − 1 steps. */
  readonly refractoryMs: PerNeuron;
  /** Membrane resistance R, MΩ (nA × MΩ = mV), used by current injection only. Default 1. */
  readonly resistanceMohm?: PerNeuron;
  /** Synapse channels by name with their decay time constants, e.g. `{ exc: { tauMs: 5 }, inh: { tauMs: 10 } }`. */
  readonly synapses: Readonly<Record<string, { readonly tauMs: number }>>;
  /** Integration scheme. Default `'exact'`. */
  readonly integration?: 'exact' | 'euler';
  /** Initial v. Default vRestMv. */
  readonly vInitMv?: InitialVoltage;
}

/**
 * Independent Poisson spike sources. In each step of dt, neuron i spikes with probability
 * rate_i(t)·dt (Bernoulli per step, like Brian2's `PoissonGroup`), drawn on the fly from the
 * counter-based generator keyed by (population index, absolute step), so runs are bit-identical
 * however they are split into chunks.
 */
export interface PoissonPopulationSpec {
  readonly kind: 'poisson';
  readonly name: string;
  readonly size: number;
  /** Rate per neuron, Hz (≥ 0, with rate·dt ≤ 1): constant, per neuron, or a binned schedule. */
  readonly rateHz: PerNeuron | BinnedSchedule;
  /**
   * How the step's spikes are drawn. `'per-neuron'` (default): one uniform per neuron per step.
   * `'geometric'` (only for one rate shared by every neuron): the gaps between spiking neurons
   * within a step are geometric, gap = ⌊ln U / ln(1 − p)⌋, so a step costs one uniform per spike
   * instead of one per neuron; the spikes are the same i.i.d. Bernoulli(p) process (another
   * random stream, equally keyed by population and step, so chunking still changes nothing).
   */
  readonly draw?: 'per-neuron' | 'geometric';
}

export type PopulationSpec = LifPopulationSpec | PoissonPopulationSpec;

/**
 * Synapses from population `pre` to channel `synapse` of the LIF population `post`, stored
 * pre-major like a CSR matrix (multapses and any order allowed): the synapses of presynaptic
 * neuron i are `s` in [rowPtr[i], rowPtr[i+1]), each with a target `postIndex[s]`, a weight
 * `weightsMv[s]` (≥ 0 when `signs` is given, which then holds ±1 per synapse), and a delay of
 * `delaySteps` whole steps (0: delivered in the step of the spike, felt from the next update).
 */
export interface ProjectionSpec {
  readonly name: string;
  readonly pre: string;
  readonly post: string;
  /** Channel of the post population that the synapses drive. */
  readonly synapse: string;
  readonly rowPtr: ArrayLike<number>;
  readonly postIndex: ArrayLike<number>;
  /** Per-synapse weight, mV (the jump of the channel variable). */
  readonly weightsMv: ArrayLike<number>;
  /** Optional per-synapse sign, +1 or −1; the effective jump is sign·weight. */
  readonly signs?: ArrayLike<number>;
  /** Integer delay ≥ 0 in steps, one for all synapses or one per synapse. Default 0. */
  readonly delaySteps?: number | ArrayLike<number>;
  /** Plasticity rules, applied in order (at most one STDP rule). */
  readonly plasticity?: readonly PlasticityRule[];
}

/** Current injected into a LIF population (nA; multiplied by R to give mV of drive). */
export interface CurrentInjectionSpec {
  readonly name: string;
  readonly target: string;
  readonly currentNa: PerNeuron | BinnedSchedule;
}

/** A whole network. */
export interface NetworkSpec {
  readonly populations: readonly PopulationSpec[];
  readonly projections?: readonly ProjectionSpec[];
  readonly currents?: readonly CurrentInjectionSpec[];
  readonly monitors?: readonly MonitorSpec[];
  /** Low-rank (LoRA) projections W = A·B beside the sparse ones, optionally with eligibility-trace gradients. */
  readonly lowRankProjections?: readonly LowRankProjectionSpec[];
}

/** Options of {@link compileNetwork}. */
export interface SimulationOptions {
  /** Time step, ms (> 0). */
  readonly dtMs: number;
  /** Seed of the counter-based generator (Poisson spikes, random initial voltages). */
  readonly seed: number;
  /** Counter stream word (trial, repetition). Default 0. */
  readonly stream?: number;
  /**
   * Which kernels to use: `'auto'` (default) takes the WebAssembly kernels (the SIMD LIF update,
   * and the delivery and STDP kernels) for every population and projection they support and
   * JavaScript for the rest, `'wasm'` throws unless every LIF population can take the SIMD kernel
   * and every STDP projection the STDP kernel, `'javascript'` never uses them. Both give the same
   * bits; `CompiledNetwork.kernels` (per population) and `CompiledNetwork.projectionKernels` (per
   * projection) report the choice and why.
   */
  readonly kernels?: 'auto' | 'wasm' | 'javascript';
  /**
   * Memory order of a plastic projection's weights during a run: `'pre-major'` (the spec's
   * order), `'post-major'` (grouped by target: post events walk contiguous memory, pre events
   * and delivery go through an index), or `'auto'` (default: post-major when the projection has
   * more presynaptic than postsynaptic neurons). The state always holds the spec's order
   * between runs, and both give the same bits.
   */
  readonly stdpLayout?: 'auto' | 'pre-major' | 'post-major';
}
