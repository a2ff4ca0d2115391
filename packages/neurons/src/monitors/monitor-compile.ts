import { positiveInteger } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';
import type { CompiledLifPopulation, CompiledPopulation, CompiledProjection } from '../simulator/compile-network';
import { wholeSteps } from '../simulator/compile-network';
import type { MonitorData, MonitorSpec } from './monitor-types';

/** @internal A monitor with its times converted to steps and its memory known. */
export type CompiledMonitor =
  | {
      readonly kind: 'spikes';
      readonly name: string;
      readonly population: CompiledPopulation;
      readonly windows: readonly (readonly [number, number])[];
      readonly capacity: number;
      readonly bytes: number;
    }
  | { readonly kind: 'rate'; readonly name: string; readonly population: CompiledPopulation; readonly binSteps: number; readonly startStep: number; readonly nBins: number; readonly bytes: number }
  | {
      readonly kind: 'state';
      readonly name: string;
      readonly population: CompiledLifPopulation;
      readonly channel: number;
      readonly neurons: Int32Array;
      readonly everySteps: number;
      readonly startStep: number;
      readonly nSamples: number;
      readonly dtMs: number;
      readonly bytes: number;
    }
  | { readonly kind: 'weights'; readonly name: string; readonly projection: CompiledProjection; readonly steps: Float64Array; readonly dtMs: number; readonly bytes: number };

function population(pops: ReadonlyMap<string, CompiledPopulation>, where: string, name: unknown): CompiledPopulation {
  const p = typeof name === 'string' ? pops.get(name) : undefined;
  if (!p) throw new InvalidParameterError({ parameter: `${where}.population`, value: name, expected: `the name of a population (one of: ${[...pops.keys()].join(', ')})` });
  return p;
}

function stopAfterStart(where: string, startStep: number, stopStep: number, stopMs: number): void {
  if (!(stopStep > startStep)) throw new InvalidParameterError({ parameter: `${where}.stopMs`, value: stopMs, expected: 'a time after startMs (the recording must cover at least one step)' });
}

/** @internal Validate one monitor and size its buffers. */
export function compileMonitor(m: MonitorSpec, where: string, dtMs: number, pops: ReadonlyMap<string, CompiledPopulation>, projections: ReadonlyMap<string, CompiledProjection>): CompiledMonitor {
  const toStep = (ms: number) => Math.ceil(ms / dtMs - 1e-9);
  switch (m?.kind) {
    case 'spikes': {
      const pop = population(pops, where, m.population);
      const capacity = positiveInteger(`${where}.capacity`, m.capacity, 'largest number of spikes kept');
      if (!Array.isArray(m.windows) || m.windows.length === 0)
        throw new InvalidParameterError({ parameter: `${where}.windows`, value: m.windows, expected: 'a non-empty array of { startMs, stopMs }' });
      const windows = m.windows.map((w, k) => {
        const a = toStep(w.startMs);
        const b = toStep(w.stopMs);
        if (!Number.isFinite(w.startMs) || w.startMs < 0 || !Number.isFinite(w.stopMs) || !(b > a)) {
          throw new InvalidParameterError({ parameter: `${where}.windows[${k}]`, value: w, expected: 'a window 0 <= startMs < stopMs covering at least one step' });
        }
        return [a, b] as const;
      });
      return { kind: 'spikes', name: m.name, population: pop, windows, capacity, bytes: capacity * 8 };
    }
    case 'rate': {
      const pop = population(pops, where, m.population);
      const binSteps = wholeSteps(`${where}.binMs`, m.binMs, dtMs, false);
      const startStep = wholeSteps(`${where}.startMs`, m.startMs ?? 0, dtMs);
      const stopStep = wholeSteps(`${where}.stopMs`, m.stopMs, dtMs);
      stopAfterStart(where, startStep, stopStep, m.stopMs);
      const nBins = Math.ceil((stopStep - startStep) / binSteps);
      return { kind: 'rate', name: m.name, population: pop, binSteps, startStep, nBins, bytes: nBins * 8 };
    }
    case 'state': {
      const pop = population(pops, where, m.population);
      if (pop.kind !== 'lif') throw new InvalidParameterError({ parameter: `${where}.population`, value: m.population, expected: 'a LIF population (Poisson sources have no state)' });
      let channel = -1;
      if (m.variable !== 'v') {
        const c = typeof m.variable === 'string' && m.variable.startsWith('syn:') ? pop.channelNames.indexOf(m.variable.slice(4)) : -1;
        if (c < 0) throw new InvalidParameterError({ parameter: `${where}.variable`, value: m.variable, expected: `'v' or one of ${pop.channelNames.map((n) => `'syn:${n}'`).join(', ')}` });
        channel = c;
      }
      const ids = m.neurons;
      if (ids == null || typeof ids.length !== 'number' || ids.length === 0)
        throw new InvalidParameterError({ parameter: `${where}.neurons`, value: ids, expected: 'a non-empty array of neuron indices' });
      const neurons = new Int32Array(ids.length);
      for (let k = 0; k < ids.length; k++) {
        const i = ids[k]!;
        if (!Number.isInteger(i) || i < 0 || i >= pop.size) throw new InvalidParameterError({ parameter: `${where}.neurons[${k}]`, value: i, expected: `a neuron index in [0, ${pop.size})` });
        neurons[k] = i;
      }
      const everySteps = wholeSteps(`${where}.everyMs`, m.everyMs, dtMs, false);
      const startStep = wholeSteps(`${where}.startMs`, m.startMs ?? 0, dtMs);
      const stopStep = wholeSteps(`${where}.stopMs`, m.stopMs, dtMs);
      stopAfterStart(where, startStep, stopStep, m.stopMs);
      const nSamples = Math.ceil((stopStep - startStep) / everySteps);
      return { kind: 'state', name: m.name, population: pop, channel, neurons, everySteps, startStep, nSamples, dtMs, bytes: nSamples * (neurons.length + 1) * 8 };
    }
    case 'weights': {
      const pr = typeof m.projection === 'string' ? projections.get(m.projection) : undefined;
      if (!pr)
        throw new InvalidParameterError({ parameter: `${where}.projection`, value: m.projection, expected: `the name of a projection (one of: ${[...projections.keys()].join(', ') || 'none'})` });
      if (!Array.isArray(m.atMs) || m.atMs.length === 0) throw new InvalidParameterError({ parameter: `${where}.atMs`, value: m.atMs, expected: 'a non-empty array of times, ms' });
      const steps = Float64Array.from(m.atMs.map((t, k) => wholeSteps(`${where}.atMs[${k}]`, t, dtMs)));
      return { kind: 'weights', name: m.name, projection: pr, steps, dtMs, bytes: steps.length * (pr.postIndex.length + 2) * 8 };
    }
    default:
      throw new InvalidParameterError({ parameter: `${where}.kind`, value: (m as { kind?: unknown } | undefined)?.kind, expected: "one of 'spikes', 'rate', 'state', 'weights'" });
  }
}

/** @internal Fresh buffers of a monitor. */
export function createMonitorData(m: CompiledMonitor): MonitorData {
  switch (m.kind) {
    case 'spikes':
      return { kind: 'spikes', steps: new Uint32Array(m.capacity), neurons: new Int32Array(m.capacity), count: 0, dropped: 0 };
    case 'rate':
      return { kind: 'rate', counts: new Float64Array(m.nBins) };
    case 'state':
      return { kind: 'state', timesMs: new Float64Array(m.nSamples), values: new Float64Array(m.nSamples * m.neurons.length), count: 0 };
    case 'weights':
      return { kind: 'weights', timesMs: m.steps.map((s) => s * m.dtMs), weightsMv: new Float64Array(m.steps.length * m.projection.postIndex.length), taken: new Uint8Array(m.steps.length) };
  }
}
