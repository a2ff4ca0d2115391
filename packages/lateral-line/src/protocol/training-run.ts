import { compileNetwork, createSimState, decodeSimState, encodeSimState, InvalidParameterError, rateMonitor, runSimulation, StateFormatError } from '@olfactory/neurons';
import type { CompiledNetwork, MonitorSpec, SimState } from '@olfactory/neurons';
import type { LateralLineParams } from '../params/lateral-line-params';
import { buildLateralLineNetwork } from '../network/build-network';
import { trainingStream } from '../stimulus/training-stream';

/** Statistics of one projection's weights at a checkpoint (in the rule's own unit). */
export interface WeightStats {
  readonly mean: number;
  readonly sd: number;
  /** Fraction within 0.1 % of the bound w_max, and at ≤ 0.1 % of it. */
  readonly fracAtMax: number;
  readonly fracAtZero: number;
  /** Mean |w − w_initial|. */
  readonly meanAbsChange: number;
}

/** One checkpoint of training (every checkpointTrials trials). */
export interface CheckpointRecord {
  /** Trials completed. */
  readonly trial: number;
  /** LL→MON weights, mV. */
  readonly llMon: WeightStats;
  /** MON→TS weights, dimensionless (mV / gain, as in the reference). */
  readonly monTs: WeightStats;
  /** Mean rates over the trials since the previous checkpoint, Hz. */
  readonly monRateHz: number;
  readonly tsRateHz: number;
}

/** A training run in progress: plain data plus the compiled network (rebuilt on resume). */
export interface TrainingRun {
  readonly params: LateralLineParams;
  readonly seed: number;
  readonly net: CompiledNetwork;
  state: SimState;
  trialsDone: number;
  readonly curve: CheckpointRecord[];
  /** Initial weights, for the change statistics. */
  readonly initialWeightsMv: { readonly llMon: Float64Array; readonly monTs: Float64Array };
}

function trainingMonitors(p: LateralLineParams): MonitorSpec[] {
  if (p.trials === 0) return [];
  const binMs = p.checkpointTrials * p.trialMs;
  const stopMs = Math.ceil(p.trials / p.checkpointTrials) * binMs;
  return [
    { kind: 'rate', name: 'monCounts', population: 'mon', binMs, stopMs },
    { kind: 'rate', name: 'tsCounts', population: 'ts', binMs, stopMs },
  ];
}

/**
 * Compile the training network (the training stream as a repeating schedule, STDP and
 * homeostasis on) and its initial state. Memory does not grow with the number of trials: the
 * stimulus is one period of snapshots and the only monitors are per-checkpoint spike counts
 * (16 bytes per checkpoint).
 *
 * @example
 *   const run = createTrainingRun(defineLateralLineParams('baseline', { trials: 20 }), 123);
 *   advanceTraining(run, 20);
 */
export function createTrainingRun(p: LateralLineParams, seed: number): TrainingRun {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new InvalidParameterError({ parameter: 'seed', value: seed, expected: 'an integer in [0, 2^53)' });
  const stream = trainingStream(p);
  const built = buildLateralLineNetwork(p, { seed, llRateHz: stream.schedule, plastic: true, monitors: trainingMonitors(p) });
  const net = compileNetwork(built.spec, { dtMs: p.dtMs, seed, stream: 0 });
  const state = createSimState(net);
  return {
    params: p,
    seed,
    net,
    state,
    trialsDone: 0,
    curve: [],
    initialWeightsMv: { llMon: state.projections.llMon!.weightsMv.slice(), monTs: state.projections.monTs!.weightsMv.slice() },
  };
}

function stats(w: Float64Array, w0: Float64Array, scale: number, wMax: number): WeightStats {
  const n = w.length;
  let s = 0;
  let ss = 0;
  let atMax = 0;
  let atZero = 0;
  let change = 0;
  for (let k = 0; k < n; k++) {
    const x = w[k]! / scale;
    s += x;
    ss += x * x;
    if (x >= wMax * 0.999) atMax++;
    if (x <= wMax * 0.001) atZero++;
    change += Math.abs(w[k]! - w0[k]!) / scale;
  }
  const mean = s / n;
  return { mean, sd: Math.sqrt(Math.max(0, ss / n - mean * mean)), fracAtMax: atMax / n, fracAtZero: atZero / n, meanAbsChange: change / n };
}

function record(run: TrainingRun): CheckpointRecord {
  const p = run.params;
  const k = Math.ceil(run.trialsDone / p.checkpointTrials) - 1;
  const trialsInBin = run.trialsDone - k * p.checkpointTrials;
  const seconds = (trialsInBin * p.trialMs) / 1000;
  const mon = rateMonitor(run.state, 'monCounts').counts[k]!;
  const ts = rateMonitor(run.state, 'tsCounts').counts[k]!;
  return {
    trial: run.trialsDone,
    llMon: stats(run.state.projections.llMon!.weightsMv, run.initialWeightsMv.llMon, 1, p.llMonWMaxMv),
    monTs: stats(run.state.projections.monTs!.weightsMv, run.initialWeightsMv.monTs, p.monTsGainMv, p.monTsWMax),
    monRateHz: mon / (p.nMon * seconds),
    tsRateHz: ts / (p.nTs * seconds),
  };
}

/**
 * Train for `trials` more trials (at most up to params.trials), in chunks that end on
 * checkpoints, recording a {@link CheckpointRecord} at each. `onCheckpoint` runs after each
 * record (progress, saving). The result does not depend on how the trials are split between
 * calls: every random draw is keyed by (seed, population, absolute step).
 *
 * @throws {InvalidParameterError} when `trials` is negative or not an integer.
 */
export function advanceTraining(run: TrainingRun, trials: number, onCheckpoint?: (run: TrainingRun, record: CheckpointRecord) => void): TrainingRun {
  if (!Number.isInteger(trials) || trials < 0) throw new InvalidParameterError({ parameter: 'trials', value: trials, expected: 'an integer >= 0 (training trials to run)' });
  const p = run.params;
  let left = Math.min(trials, p.trials - run.trialsDone);
  while (left > 0) {
    const toCheckpoint = p.checkpointTrials - (run.trialsDone % p.checkpointTrials);
    const chunk = Math.min(left, toCheckpoint);
    run.state = runSimulation(run.net, run.state, chunk * p.trialMs, { inPlace: true });
    run.trialsDone += chunk;
    left -= chunk;
    if (run.trialsDone % p.checkpointTrials === 0 || run.trialsDone === p.trials) {
      const r = record(run);
      run.curve.push(r);
      onCheckpoint?.(run, r);
    }
  }
  return run;
}

/** The trained weights (mV, storage order of the projections). */
export function trainedWeights(run: TrainingRun): { readonly llMon: Float64Array; readonly monTs: Float64Array } {
  return { llMon: run.state.projections.llMon!.weightsMv.slice(), monTs: run.state.projections.monTs!.weightsMv.slice() };
}

/** A training run as a JSON header plus the simulator state's bytes (for atomic checkpoint files). */
export interface SavedTrainingRun {
  readonly header: {
    readonly formatVersion: 1;
    readonly kind: 'lateral-line-training';
    readonly params: LateralLineParams;
    readonly seed: number;
    readonly trialsDone: number;
    readonly curve: readonly CheckpointRecord[];
  };
  readonly state: Uint8Array;
}

/** Serialise a run (header + `encodeSimState` bytes). */
export function saveTrainingRun(run: TrainingRun): SavedTrainingRun {
  return {
    header: { formatVersion: 1, kind: 'lateral-line-training', params: run.params, seed: run.seed, trialsDone: run.trialsDone, curve: run.curve.slice() },
    state: encodeSimState(run.state),
  };
}

/**
 * Rebuild a run from its saved form: the network is rebuilt from the params and seed (so the
 * initial weights are recomputed) and the state decoded.
 *
 * @throws {StateFormatError} when the header is not a lateral-line training checkpoint or the
 *   state does not fit the network.
 */
export function restoreTrainingRun(saved: SavedTrainingRun, source = 'checkpoint'): TrainingRun {
  const h = saved.header;
  if (h == null || h.formatVersion !== 1 || h.kind !== 'lateral-line-training') {
    throw new StateFormatError({
      source,
      problem: 'its header is not a lateral-line training checkpoint (formatVersion 1)',
      fix: 'Start the run again or point at the run folder written by `olfactory lateral-line run`.',
    });
  }
  const run = createTrainingRun(h.params, h.seed);
  const state = decodeSimState(saved.state, source);
  if (state.stepIndex !== Math.round((h.trialsDone * h.params.trialMs) / h.params.dtMs)) {
    throw new StateFormatError({ source, problem: `its state is at step ${state.stepIndex}, not at the end of trial ${h.trialsDone}`, fix: 'The checkpoint is inconsistent; start the run again.' });
  }
  runSimulation(run.net, state, 0, { inPlace: true }); // validates the state against the network
  run.state = state;
  run.trialsDone = h.trialsDone;
  run.curve.push(...h.curve);
  return run;
}
