import type { CompiledMonitor } from './monitor-compile';
import type { MonitorData, RateMonitorData, SpikeMonitorData, StateMonitorData, WeightMonitorData } from './monitor-types';
import type { LifPopulationState } from '../simulator/sim-state';

/** @internal Record the spikes of step `step` (after the populations' update). */
export function recordStepSpikes(m: CompiledMonitor, data: MonitorData, step: number): void {
  if (m.kind === 'spikes') {
    const pop = m.population;
    const count = pop.spikeCount;
    if (count === 0) return;
    let inside = false;
    for (const [a, b] of m.windows) if (step >= a && step < b) inside = true;
    if (!inside) return;
    const d = data as SpikeMonitorData;
    const room = m.capacity - d.count;
    const kept = count < room ? count : room;
    for (let k = 0; k < kept; k++) {
      d.steps[d.count + k] = step;
      d.neurons[d.count + k] = pop.spikes[k]!;
    }
    d.count += kept;
    d.dropped += count - kept;
  } else if (m.kind === 'rate') {
    const rel = step - m.startStep;
    if (rel < 0) return;
    const bin = Math.floor(rel / m.binSteps);
    if (bin < m.nBins) (data as RateMonitorData).counts[bin] += m.population.spikeCount;
  }
}

/** @internal Record what is due at clock step `clock` (the state at time clock·dt). */
export function recordClock(m: CompiledMonitor, data: MonitorData, clock: number, lif: Readonly<Record<string, LifPopulationState>>, weights: (name: string) => Float64Array): void {
  if (m.kind === 'state') {
    const rel = clock - m.startStep;
    if (rel < 0 || rel % m.everySteps !== 0) return;
    const k = rel / m.everySteps;
    if (k >= m.nSamples) return;
    const d = data as StateMonitorData;
    const st = lif[m.population.name]!;
    const src = m.channel < 0 ? st.v : st.syn[m.population.channelNames[m.channel]!]!;
    const n = m.neurons.length;
    for (let i = 0; i < n; i++) d.values[k * n + i] = src[m.neurons[i]!]!;
    d.timesMs[k] = clock * m.dtMs;
    d.count = k + 1;
  } else if (m.kind === 'weights') {
    const d = data as WeightMonitorData;
    for (let k = 0; k < m.steps.length; k++) {
      if (m.steps[k] === clock) {
        d.weightsMv.set(weights(m.projection.name), k * m.projection.postIndex.length);
        d.taken[k] = 1;
      }
    }
  }
}
