import type { SpikeTrainInput } from './spike-train-input';

/**
 * Spikes of an ideal map, for scoring the metrics' floor and ceiling with the same code: at each
 * step whose position x lies in [mapStartCm, mapEndCm], exactly one cell fires — the cell whose
 * preferred position (nNeurons equally spaced on the map) is nearest x; outside the map the layer
 * is silent. `order[k]` relabels preferred slot k as cell order[k] (default: the identity, a
 * perfect head → tail map in index order; a random permutation gives a random map).
 */
export function syntheticMapSpikes(o: {
  readonly nNeurons: number;
  readonly xCm: ArrayLike<number>;
  readonly mapStartCm: number;
  readonly mapEndCm: number;
  readonly order?: ArrayLike<number>;
}): SpikeTrainInput & { readonly steps: Int32Array; readonly neurons: Int32Array } {
  const n = o.nNeurons;
  const steps: number[] = [];
  const neurons: number[] = [];
  const span = o.mapEndCm - o.mapStartCm;
  for (let t = 0; t < o.xCm.length; t++) {
    const x = o.xCm[t]!;
    if (x < o.mapStartCm || x > o.mapEndCm) continue;
    const slot = Math.min(n - 1, Math.max(0, Math.round(((x - o.mapStartCm) / span) * (n - 1))));
    steps.push(t);
    neurons.push(o.order ? o.order[slot]! : slot);
  }
  return { steps: Int32Array.from(steps), neurons: Int32Array.from(neurons) };
}

/** A random permutation of 0…n−1 (Fisher–Yates) from an injected uniform generator in [0, 1). */
export function randomPermutation(n: number, rng: () => number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
