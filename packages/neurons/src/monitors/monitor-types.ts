/**
 * Monitors with a memory budget stated before the run: every monitor allocates its buffers when
 * the state is created ({@link monitorMemoryBytes} reports the bytes) and never grows with run
 * length. Times are simulated ms from the start (step n covers [n·dt, (n+1)·dt)).
 */

/** A time window [startMs, stopMs). */
export interface TimeWindow {
  readonly startMs: number;
  readonly stopMs: number;
}

/**
 * Spikes of one population inside chosen windows, as (step, neuron) pairs, at most `capacity`
 * of them (8 bytes each); later spikes are counted in `dropped`, never stored.
 */
export interface SpikeMonitorSpec {
  readonly kind: 'spikes';
  readonly name: string;
  readonly population: string;
  readonly windows: readonly TimeWindow[];
  /** Largest number of spikes kept (integer > 0). */
  readonly capacity: number;
}

/** Spike counts of a population in bins of `binMs` over [startMs, stopMs) (8 bytes per bin). */
export interface RateMonitorSpec {
  readonly kind: 'rate';
  readonly name: string;
  readonly population: string;
  readonly binMs: number;
  readonly startMs?: number;
  readonly stopMs: number;
}

/**
 * A state variable (`'v'` or `'syn:<channel>'`, mV) of chosen neurons of a LIF population,
 * sampled at t = startMs + k·everyMs < stopMs (the state at that time: before the step that
 * starts there).
 */
export interface StateMonitorSpec {
  readonly kind: 'state';
  readonly name: string;
  readonly population: string;
  readonly variable: string;
  readonly neurons: ArrayLike<number>;
  readonly everyMs: number;
  readonly startMs?: number;
  readonly stopMs: number;
}

/** Copies of a projection's weights (mV) at chosen times (whole steps). */
export interface WeightMonitorSpec {
  readonly kind: 'weights';
  readonly name: string;
  readonly projection: string;
  readonly atMs: readonly number[];
}

export type MonitorSpec = SpikeMonitorSpec | RateMonitorSpec | StateMonitorSpec | WeightMonitorSpec;

/** Recorded spikes: `steps[k]`, `neurons[k]` for k < count; the time of a spike is step·dt. */
export interface SpikeMonitorData {
  readonly kind: 'spikes';
  readonly steps: Uint32Array;
  readonly neurons: Int32Array;
  count: number;
  /** Spikes inside the windows that did not fit into the capacity. */
  dropped: number;
}

/** Spike counts per bin (rate in Hz = count / (size · binMs / 1000)). */
export interface RateMonitorData {
  readonly kind: 'rate';
  readonly counts: Float64Array;
}

/** Samples, row-major: `values[k·neurons.length + i]` for sample k < count at time `timesMs[k]`. */
export interface StateMonitorData {
  readonly kind: 'state';
  readonly timesMs: Float64Array;
  readonly values: Float64Array;
  count: number;
}

/** Snapshots, row-major: `weightsMv[k·nSynapses + s]` at `timesMs[k]`; `taken[k]` = 1 once recorded. */
export interface WeightMonitorData {
  readonly kind: 'weights';
  readonly timesMs: Float64Array;
  readonly weightsMv: Float64Array;
  readonly taken: Uint8Array;
}

export type MonitorData = SpikeMonitorData | RateMonitorData | StateMonitorData | WeightMonitorData;
