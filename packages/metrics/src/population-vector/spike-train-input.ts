/** Spikes as (step, neuron) pairs: the first `count` entries (default: all) are used. */
export interface SpikeTrainInput {
  readonly steps: ArrayLike<number>;
  readonly neurons: ArrayLike<number>;
  readonly count?: number;
}

/** @internal The number of spikes, checked against both arrays. */
export function spikeCount(s: SpikeTrainInput, fn: string): number {
  const n = s.count ?? s.steps.length;
  if (!Number.isInteger(n) || n < 0 || n > s.steps.length || n > s.neurons.length) {
    throw new RangeError(`Argument 'spikes' passed to '${fn}' has count ${n} with ${s.steps.length} steps and ${s.neurons.length} neurons; expected count <= both lengths.`);
  }
  return n;
}
