import { InvalidParameterError } from '../errors/invalid-parameter-error';
import type { RateMonitorData, SpikeMonitorData } from './monitor-types';

/** Firing statistics of a recorded population. */
export interface SpikeTrainStatistics {
  /** Spikes per neuron per second over the window, Hz. */
  readonly meanRateHz: number;
  /** Mean over neurons with ≥ 3 spikes of CV = std(ISI)/mean(ISI) (population std). NaN if none. */
  readonly meanCvIsi: number;
  /** Neurons that entered the CV mean. */
  readonly neuronsInCv: number;
  readonly spikeCount: number;
  /** Standard deviation of the per-neuron rates across the population, Hz. */
  readonly rateSdHz: number;
  /** Standard deviation of the per-neuron CVs entering {@link meanCvIsi}. */
  readonly cvIsiSd: number;
}

/**
 * Mean rate and mean ISI coefficient of variation of the spikes a spike monitor kept inside
 * [startMs, stopMs) (ISIs in steps; the CV is scale-free). `size` is the population size.
 */
export function spikeTrainStatistics(data: SpikeMonitorData, size: number, dtMs: number, startMs: number, stopMs: number): SpikeTrainStatistics {
  if (!(stopMs > startMs)) throw new InvalidParameterError({ parameter: 'stopMs', value: stopMs, expected: `a time > startMs = ${startMs}` });
  if (data.dropped > 0)
    throw new InvalidParameterError({
      parameter: 'data.dropped',
      value: data.dropped,
      expected: '0 (the monitor overflowed its capacity; statistics would be biased)',
      fix: 'Raise the spike monitor capacity.',
    });
  const a = startMs / dtMs - 1e-9;
  const b = stopMs / dtMs - 1e-9;
  const last = new Float64Array(size).fill(-1);
  const spikesOf = new Float64Array(size);
  const n = new Float64Array(size);
  const sum = new Float64Array(size);
  const sumSq = new Float64Array(size);
  let count = 0;
  for (let k = 0; k < data.count; k++) {
    const step = data.steps[k]!;
    if (step < a || step >= b) continue;
    const i = data.neurons[k]!;
    count++;
    spikesOf[i]++;
    if (last[i]! >= 0) {
      const isi = step - last[i]!;
      n[i]++;
      sum[i] += isi;
      sumSq[i] += isi * isi;
    }
    last[i] = step;
  }
  const seconds = (stopMs - startMs) / 1000;
  const meanRateHz = count / size / seconds;
  let rateVar = 0;
  for (let i = 0; i < size; i++) rateVar += (spikesOf[i]! / seconds - meanRateHz) ** 2;
  const cvs: number[] = [];
  for (let i = 0; i < size; i++) {
    if (n[i]! < 2) continue;
    const mean = sum[i]! / n[i]!;
    const variance = Math.max(0, sumSq[i]! / n[i]! - mean * mean);
    cvs.push(Math.sqrt(variance) / mean);
  }
  const meanCvIsi = cvs.length ? cvs.reduce((a, b) => a + b, 0) / cvs.length : NaN;
  const cvIsiSd = cvs.length ? Math.sqrt(cvs.reduce((a, b) => a + (b - meanCvIsi) ** 2, 0) / cvs.length) : NaN;
  return { meanRateHz, meanCvIsi, neuronsInCv: cvs.length, spikeCount: count, rateSdHz: Math.sqrt(rateVar / size), cvIsiSd };
}

/** Rates in Hz of a rate monitor's bins (count / (size · binMs / 1000)). */
export function binnedRatesHz(data: RateMonitorData, size: number, binMs: number): Float64Array {
  return data.counts.map((c) => c / (size * (binMs / 1000)));
}
