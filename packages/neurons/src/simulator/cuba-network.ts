import { positiveInteger, positiveNumber } from '../core/validate';
import { createRng } from '../random/counter-rng';
import type { MonitorSpec } from '../monitors/monitor-types';
import { fixedProbabilityProjection } from './connect';
import type { LifPopulationSpec, NetworkSpec } from './network-types';

/** Options of {@link cubaNetwork}. */
export interface CubaNetworkOptions {
  /** Seed of the connectivity draws (the simulation's seed is separate). */
  readonly connectivitySeed: number;
  /** Total neurons, 80 % excitatory. Default 4000. */
  readonly size?: number;
  /** Connection probability. Default 0.02. */
  readonly probability?: number;
  /** Monitors to attach (e.g. spikes of 'e' and 'i'). Default none. */
  readonly monitors?: readonly MonitorSpec[];
}

/**
 * The current-based Vogels–Abbott network of Brette et al. 2007 (doi:10.1007/s10827-007-0038-6,
 * benchmark 2 "CUBA"), with the parameters of Brian2's own example `examples/CUBA.py`:
 *
 *   dv/dt = (ge + gi − (v − El))/τ_m;  dge/dt = −ge/τ_e;  dgi/dt = −gi/τ_i   (exact integration)
 *   τ_m 20 ms, τ_e 5 ms, τ_i 10 ms, V_t −50 mV, V_r −60 mV, El −49 mV, refractory 5 ms,
 *   we = 60·0.27/10 = 1.62 mV, wi = −20·4.5/10 = −9 mV, v(0) = V_r + U(0,1)·(V_t − V_r),
 *
 * 80 % excitatory ('e') and 20 % inhibitory ('i') neurons, every ordered pair (self-pairs
 * included) connected with probability p, no delay. The two populations are Brian2's subgroups
 * P[:3200] and P[3200:].
 *
 * @example
 *   const net = compileNetwork(cubaNetwork({ connectivitySeed: 1 }), { dtMs: 0.1, seed: 2 });
 */
export function cubaNetwork(options: CubaNetworkOptions): NetworkSpec {
  const size = positiveInteger('size', options.size ?? 4000, 'total number of neurons');
  const p = positiveNumber('probability', options.probability ?? 0.02, 'connection probability');
  const nE = Math.round(size * 0.8);
  const nI = size - nE;
  const rng = createRng(options.connectivitySeed);
  const lif = (name: string, n: number): LifPopulationSpec => ({
    kind: 'lif',
    name,
    size: n,
    tauMemMs: 20,
    vRestMv: -49,
    vThresholdMv: -50,
    vResetMv: -60,
    refractoryMs: 5,
    synapses: { exc: { tauMs: 5 }, inh: { tauMs: 10 } },
    integration: 'exact',
    vInitMv: { kind: 'uniform', lowMv: -60, highMv: -50 },
  });
  const we = (60 * 0.27) / 10;
  const wi = (-20 * 4.5) / 10;
  const sizes: Record<string, number> = { e: nE, i: nI };
  const proj = (pre: 'e' | 'i', post: 'e' | 'i', stream: number) =>
    fixedProbabilityProjection({
      name: `${pre}${post}`,
      pre,
      post,
      synapse: pre === 'e' ? 'exc' : 'inh',
      preSize: sizes[pre]!,
      postSize: sizes[post]!,
      probability: p,
      weightMv: pre === 'e' ? we : wi,
      rng,
      stream,
    });
  return {
    populations: [lif('e', nE), lif('i', nI)],
    projections: [proj('e', 'e', 0), proj('e', 'i', 1), proj('i', 'e', 2), proj('i', 'i', 3)],
    monitors: options.monitors ?? [],
  };
}
