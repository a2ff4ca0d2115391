import { InvalidParameterError } from '../errors/invalid-parameter-error';
import type { SimState } from '../simulator/sim-state';
import type { MonitorData, RateMonitorData, SpikeMonitorData, StateMonitorData, WeightMonitorData } from './monitor-types';

function monitor<K extends MonitorData['kind']>(state: SimState, name: string, kind: K): Extract<MonitorData, { kind: K }> {
  const m = state.monitors[name];
  if (!m || m.kind !== kind) {
    const have = Object.entries(state.monitors)
      .filter(([, d]) => d.kind === kind)
      .map(([n]) => n);
    throw new InvalidParameterError({ parameter: 'name', value: name, expected: `the name of a '${kind}' monitor of this state (one of: ${have.join(', ') || 'none'})` });
  }
  return m as Extract<MonitorData, { kind: K }>;
}

/** The data of spike monitor `name`. @throws {InvalidParameterError} when there is none. */
export const spikeMonitor = (state: SimState, name: string): SpikeMonitorData => monitor(state, name, 'spikes');
/** The data of rate monitor `name`. @throws {InvalidParameterError} when there is none. */
export const rateMonitor = (state: SimState, name: string): RateMonitorData => monitor(state, name, 'rate');
/** The data of state monitor `name`. @throws {InvalidParameterError} when there is none. */
export const stateMonitor = (state: SimState, name: string): StateMonitorData => monitor(state, name, 'state');
/** The data of weight monitor `name`. @throws {InvalidParameterError} when there is none. */
export const weightMonitor = (state: SimState, name: string): WeightMonitorData => monitor(state, name, 'weights');
