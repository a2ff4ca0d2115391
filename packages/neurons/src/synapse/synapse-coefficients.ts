import { sigmoid } from '../math/sigmoid';
import type { SynapseParams, SynapsePathway } from './synapse-pathway';

/**
 * The derived constants of one depressing-synapse step (spec §2.5), computed in this one place
 * for `synapseForward` / `synapseBackward`, their WebAssembly dispatch and the ONNX export:
 *
 *   scale = sign·exp(ln S)  (nA),   α_syn = exp(−dt/τ_syn),
 *   τ_rec = exp(ln τ_rec),  r = exp(−dt/τ_rec),   U = σ(logit U)
 */
export interface SynapseCoefficients {
  readonly scale: number;
  readonly currentDecay: number;
  readonly tauRecMs: number;
  readonly recovery: number;
  readonly releaseProbability: number;
}

/**
 * @example
 *   const { releaseProbability } = synapseCoefficients(pathway, defaultSynapseParams, 1); // 0.3
 */
export function synapseCoefficients(pathway: Pick<SynapsePathway, 'sign' | 'tauSynMs'>, params: SynapseParams, dtMs: number): SynapseCoefficients {
  const tauRecMs = Math.exp(params.logTauRecMs);
  return {
    scale: pathway.sign * Math.exp(params.logStrengthNa),
    currentDecay: Math.exp(-dtMs / pathway.tauSynMs),
    tauRecMs,
    recovery: Math.exp(-dtMs / tauRecMs),
    releaseProbability: sigmoid(params.logitReleaseProbability),
  };
}
