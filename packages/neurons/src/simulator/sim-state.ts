import { BlockRng } from '../random/block-rng';
import { createRng } from '../random/counter-rng';
import type { MonitorData } from '../monitors/monitor-types';
import type { EpropState } from '../plasticity/eprop';
import type { LowRankState } from './low-rank';
import { createLowRankState } from './low-rank';
import { createMonitorData } from '../monitors/monitor-compile';
import { recordClock } from '../monitors/monitor-record';
import type { CompiledLifPopulation, CompiledNetwork } from './compile-network';

/** Counter `source` word of the initial-voltage draws. */
export const INITIAL_VOLTAGE_SOURCE = 0x51a70001;
/** Counter `source` word of the Poisson spike draws. */
export const POISSON_SOURCE = 0x51a70002;

/** The state of one LIF population (mV). */
export interface LifPopulationState {
  /** Membrane potential, mV. */
  readonly v: Float64Array;
  /** Steps the membrane stays clamped at the reset. */
  readonly refractoryStepsLeft: Int32Array;
  /** Synapse channel variables by channel name, mV. */
  readonly syn: Readonly<Record<string, Float64Array>>;
}

/** The plastic state of one projection. */
export interface ProjectionState {
  /** Current weights, mV (magnitudes when the projection has signs). */
  readonly weightsMv: Float64Array;
  /** Presynaptic trace per presynaptic neuron: STDP's x_pre or e-prop's z̄ (empty without either). */
  readonly preTrace: Float64Array;
  /** STDP postsynaptic trace per postsynaptic neuron (empty without STDP). */
  readonly postTrace: Float64Array;
  /** E-prop eligibility, snapshot and reward baseline (only on projections with an e-prop rule). */
  readonly eprop?: EpropState;
}

/**
 * Everything a run needs to continue: plain data (numbers and typed arrays), so it can be
 * structured-cloned, saved and resumed. `run(a) then run(b)` equals `run(a + b)` bit for bit.
 */
export interface SimState {
  readonly formatVersion: 1;
  /** Steps simulated so far (the clock is stepIndex·dt). */
  stepIndex: number;
  readonly populations: Readonly<Record<string, LifPopulationState>>;
  /** Delay ring buffers per `population.channel`: ringLength × size, slot = step mod ringLength (empty without delays). */
  readonly pending: Readonly<Record<string, Float64Array>>;
  readonly projections: Readonly<Record<string, ProjectionState>>;
  readonly monitors: Readonly<Record<string, MonitorData>>;
  /** Low-rank projections' factors, traces and gradients (absent in states of networks without any). */
  readonly lowRank?: Readonly<Record<string, LowRankState>>;
}

/** @internal Length of a channel's delay ring: ringLength × size, or 0 when it has no delayed input. */
export function ringSize(p: CompiledLifPopulation, channel: number): number {
  const len = p.ringLength[channel]!;
  return len > 1 ? len * p.size : 0;
}

/**
 * The state at t = 0: v from each population's `vInitMv` (uniform draws from the counter RNG,
 * keyed by population index), synapses at 0, weights from the projections, empty monitors
 * (those due at t = 0 already recorded).
 */
export function createSimState(net: CompiledNetwork): SimState {
  const rng = createRng(net.seed);
  const block = new BlockRng();
  const populations: Record<string, LifPopulationState> = {};
  const pending: Record<string, Float64Array> = {};
  for (const p of net.populations) {
    if (p.kind !== 'lif') continue;
    const v = new Float64Array(p.size);
    const init = p.vInitMv;
    if (typeof init === 'object' && 'kind' in init) {
      const u = new Float64Array(p.size);
      rng.openInto(block, p.index, 0, INITIAL_VOLTAGE_SOURCE, net.stream).fillUniform(u, 0, p.size);
      for (let i = 0; i < p.size; i++) v[i] = init.lowMv + u[i]! * (init.highMv - init.lowMv);
    } else {
      v.set(init as Float64Array);
    }
    const syn: Record<string, Float64Array> = {};
    p.channelNames.forEach((c, k) => {
      syn[c] = new Float64Array(p.size);
      pending[`${p.name}.${c}`] = new Float64Array(ringSize(p, k));
    });
    populations[p.name] = { v, refractoryStepsLeft: new Int32Array(p.size), syn };
  }
  const projections: Record<string, ProjectionState> = {};
  for (const pr of net.projections) {
    const nSyn = pr.postIndex.length;
    projections[pr.name] = {
      weightsMv: pr.initialWeightsMv.slice(),
      preTrace: new Float64Array(pr.stdp || pr.eprop ? pr.pre.size : 0),
      postTrace: new Float64Array(pr.stdp ? pr.post.size : 0),
      ...(pr.eprop ? { eprop: { eligibility: new Float64Array(nSyn), snapshot: new Float64Array(nSyn), baseline: new Float64Array(2) } } : {}),
    };
  }
  const monitors: Record<string, MonitorData> = {};
  for (const m of net.monitors) monitors[m.name] = createMonitorData(m);
  const lowRank: Record<string, LowRankState> = {};
  for (const lr of net.lowRank) lowRank[lr.name] = createLowRankState(lr);
  const state: SimState = { formatVersion: 1, stepIndex: 0, populations, pending, projections, monitors, ...(net.lowRank.length ? { lowRank } : {}) };
  for (const m of net.monitors) recordClock(m, monitors[m.name]!, 0, populations, (name) => projections[name]!.weightsMv);
  return state;
}

function cloneValue<T>(x: T): T {
  if (ArrayBuffer.isView(x)) return (x as unknown as Float64Array).slice() as unknown as T;
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = cloneValue(v);
    return out as T;
  }
  return x;
}

/** A deep copy of a state (every typed array copied). */
export function cloneSimState(state: SimState): SimState {
  return cloneValue(state);
}
