import type { CsrMatrix } from '@olfactory/neurons';
import { gapJunctionCoefficient, gradedCouplingCoefficients, lifStepCoefficients, softplus, synapseCoefficients, twoCompartmentDriveCoefficients, twoCompartmentPropagator } from '@olfactory/neurons';
import type { CellGroup } from '@olfactory/connectome-data';
import { DT_MS } from '../engine/circuit-engine';
import type { SpikingCircuit } from '../engine/spiking-circuit';
import type { StudentParameters } from '../engine/student-parameters';
import { kernelParameters } from '../engine/student-parameters';
import { aplCoefficients } from '../apl/apl-coefficients';

/** LIF constants of one population (kernel units: mV, nA, MΩ, ms). */
export interface OnnxLifConstants {
  readonly size: number;
  /** a = exp(−dt/τ_m). */
  readonly decay: number;
  readonly vThresholdMv: Float32Array;
  readonly vRestMv: number;
  readonly vResetMv: number;
  readonly vMinMv: number;
  readonly resistanceMohm: number;
  readonly refractoryPeriodMs: number;
}

/** One chemical pathway as a dense matrix over its presynaptic rows that have synapses. */
export interface OnnxPathwayConstants {
  readonly name: string;
  readonly pre: CellGroup;
  readonly presynapticStep: 'current' | 'previous';
  readonly compartment?: 'dendrite' | 'axon';
  readonly nPre: number;
  readonly nPost: number;
  /** Presynaptic rows kept (all rows, or only those with synapses when they are at most half; see `usedRows`). */
  readonly rows: Int32Array;
  /** sign · exp(log s) · norm on the kept rows, row-major `rows.length × nPost`, nA. */
  readonly weights: Float32Array;
  /** U = σ(logit U). */
  readonly releaseProbability: number;
  /** r = exp(−dt/τ_rec). */
  readonly recovery: number;
  /** α_syn = exp(−dt/τ_syn). */
  readonly currentDecay: number;
}

/** The pathways onto one population, in update order (their release noise is one contiguous block). */
export interface OnnxStageConstants {
  readonly post: CellGroup;
  readonly pathways: readonly OnnxPathwayConstants[];
}

/** A graded KC–KC coupling (restricted to the KCs with outgoing couplings when they are few). */
export interface OnnxGradedConstants {
  readonly rows: Int32Array;
  /** 1e−3 · g_scale · softplus(gain) · W on the kept rows, `rows.length × n_KC`, nA per mV. */
  readonly weights: Float32Array;
  /** Activation = min(relu(V_d − vResetMv), capMv), mV. */
  readonly vResetMv: number;
  readonly capMv: number;
}

/**
 * Every number the exported graph needs, derived from the circuit and the learned parameters in
 * float64 and rounded once to float32: learned strengths, gains and conductances are folded into
 * dense matrices, time constants into decay factors (exactly as the TypeScript kernels compute
 * them).
 */
export interface OnnxCircuitConstants {
  readonly sizes: SpikingCircuit['sizes'];
  /** softplus(or_gains_i) · G · map[i, k], `n_receptors × n_ORN`, nA. */
  readonly orDrive: Float32Array;
  readonly lif: Readonly<Record<'orn' | 'ln' | 'pn', OnnxLifConstants>>;
  readonly kc: {
    readonly size: number;
    /** Two-compartment propagator M11, M12 and K11, K12 (K in ms). */
    readonly m11: number;
    readonly m12: number;
    readonly k11: number;
    readonly k12: number;
    /** V_rest/τ (mV/ms) and R_m/τ (MΩ/ms). */
    readonly leakMvPerMs: number;
    readonly driveMohmPerMs: number;
    readonly vThresholdMv: Float32Array;
    readonly vRestMv: number;
    readonly vResetMv: number;
    readonly vMinMv: number;
    readonly refractoryPeriodMs: number;
  };
  /**
   * Gap-junction coupling of [LN, PN] depolarisations, `(n_LN + n_PN)²`: out_k = Σ_j (V_j + 60)·L[j, k]
   * gives I_gapLL + I_gapPE for LNs and I_gapPP + I_gapEP for PNs (nA). Columns sum to zero, so
   * the voltage offset cancels; using depolarisations keeps float32 sums small.
   */
  readonly gap: Float32Array;
  /** Offset added to voltages before the gap product (= −V_reset). */
  readonly gapOffsetMv: number;
  readonly apl: {
    readonly nApl: number;
    /** exp(kc_apl_log_strength) · W_KA, `n_KC × n_APL`. */
    readonly kcToApl: Float32Array;
    /** softplus(kc_dend_gain) · 1e−3 · W_KA,da, `n_KC × n_APL` (per mV of depolarisation). */
    readonly kcDendriteToApl: Float32Array;
    /** softplus(apl_gain) · W_AK, `n_APL × n_KC`. */
    readonly aplToKc: Float32Array;
    /** β = exp(−dt/τ_APL). */
    readonly beta: number;
    readonly vResetMv: number;
  };
  readonly dd: OnnxGradedConstants;
  readonly da: OnnxGradedConstants;
  readonly stages: readonly OnnxStageConstants[];
  /** Decoder transposed, `n_KC × classes`, and bias. */
  readonly decoderWeightT: Float32Array;
  readonly decoderBias: Float32Array;
  readonly classes: number;
}

function csrDense(m: CsrMatrix, rows: ArrayLike<number>, scale: number): Float32Array {
  const out = new Float64Array(rows.length * m.nCols);
  for (let r = 0; r < rows.length; r++) {
    const j = rows[r]!;
    for (let e = m.rowPtr[j]!; e < m.rowPtr[j + 1]!; e++) out[r * m.nCols + m.colIdx[e]!] = scale * m.values[e]!;
  }
  return Float32Array.from(out);
}

/**
 * The presynaptic rows a dense matrix keeps: only the rows with synapses when they are at most
 * half of all rows (the graph then gathers those presynaptic spikes, which pays off only for
 * sparse row sets: a column Gather costs about as much per element as several element-wise
 * ops), else every row.
 */
function usedRows(m: CsrMatrix): Int32Array {
  const rows: number[] = [];
  for (let j = 0; j < m.nRows; j++) if (m.rowPtr[j + 1]! > m.rowPtr[j]!) rows.push(j);
  if (rows.length > m.nRows / 2) return allRows(m.nRows);
  return Int32Array.from(rows.length > 0 ? rows : [0]);
}

function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** Transpose-free dense copy of a CSR matrix (`nRows × nCols`) times `scale`. */
function dense(m: CsrMatrix, scale: number): Float32Array {
  return csrDense(m, allRows(m.nRows), scale);
}

/** Transposed dense copy (`nCols × nRows`) of a CSR matrix times `scale`. */
function denseT(m: CsrMatrix, scale: number): Float32Array {
  const out = new Float64Array(m.nRows * m.nCols);
  for (let r = 0; r < m.nRows; r++) for (let e = m.rowPtr[r]!; e < m.rowPtr[r + 1]!; e++) out[m.colIdx[e]! * m.nRows + r] = scale * m.values[e]!;
  return Float32Array.from(out);
}

/**
 * Derive the exported graph's constants from a circuit, its learned parameters and the decoder.
 *
 * @param decoder row-major `classes × n_KC` weight and bias
 */
export function onnxCircuitConstants(circuit: SpikingCircuit, params: StudentParameters, decoder: { readonly weight: Float32Array; readonly bias: Float32Array }): OnnxCircuitConstants {
  const kp = kernelParameters(circuit, params, Float64Array);
  const s = circuit.sizes;
  const dt = DT_MS;

  // OR → ORN drive: r_i · softplus(g_i) · G summed into the ORNs of receptor i.
  const G = Math.exp(kp.orDrive.logOrGainNa);
  const orDrive = new Float64Array(s.receptors * s.orn);
  const rm = circuit.receptors.map;
  for (let i = 0; i < s.receptors; i++) {
    const gi = softplus(kp.orDrive.orGainsRaw[i]!) * G;
    for (let e = rm.rowPtr[i]!; e < rm.rowPtr[i + 1]!; e++) orDrive[i * s.orn + rm.colIdx[e]!] = gi * rm.values[e]!;
  }

  const lif = (g: 'orn' | 'ln' | 'pn'): OnnxLifConstants => {
    const p = kp[g];
    return {
      size: p.size,
      decay: lifStepCoefficients(p, dt).decay,
      vThresholdMv: Float32Array.from(p.vThresholdMv),
      vRestMv: p.vRestMv,
      vResetMv: p.vResetMv,
      vMinMv: p.vMinMv,
      resistanceMohm: p.resistanceMohm,
      refractoryPeriodMs: p.refractoryPeriodMs,
    };
  };

  const prop = new Float64Array(8);
  const kcp = kp.kc;
  twoCompartmentPropagator(kcp.logGSomaNs, kcp.tauMemMs, kcp.resistanceMohm, dt, prop);

  // Gap junctions: one (n_LN + n_PN)² matrix acting on depolarisations.
  const nL = s.ln;
  const nP = s.pn;
  const n = nL + nP;
  const L = new Float64Array(n * n);
  const cLL = gapJunctionCoefficient(kp.gapLogNs.lnLn);
  const cPP = gapJunctionCoefficient(kp.gapLogNs.pnPn);
  const cEP = gapJunctionCoefficient(kp.gapLogNs.elnPn);
  const { lnLn, pnPn, elnPn } = circuit.gap;
  for (let k = 0; k < nL; k++) {
    for (let e = lnLn.mask.rowPtr[k]!; e < lnLn.mask.rowPtr[k + 1]!; e++) L[lnLn.mask.colIdx[e]! * n + k]! += cLL * lnLn.mask.values[e]!;
    L[k * n + k]! -= cLL * lnLn.rowSums[k]! + cEP * elnPn.rowSums[k]!;
    for (let e = elnPn.mask.rowPtr[k]!; e < elnPn.mask.rowPtr[k + 1]!; e++) {
      const p = elnPn.mask.colIdx[e]!;
      const w = cEP * elnPn.mask.values[e]!;
      L[(nL + p) * n + k]! += w; // PN p → LN k
      L[k * n + nL + p]! += w; // LN k → PN p
    }
  }
  for (let p = 0; p < nP; p++) {
    for (let e = pnPn.mask.rowPtr[p]!; e < pnPn.mask.rowPtr[p + 1]!; e++) L[(nL + pnPn.mask.colIdx[e]!) * n + nL + p]! += cPP * pnPn.mask.values[e]!;
    L[(nL + p) * n + nL + p]! -= cPP * pnPn.rowSums[p]! + cEP * elnPn.colSums[p]!;
  }

  const apl = circuit.apl;
  const aplC = aplCoefficients(kp.apl, 0, 0, dt); // the step-independent ones: strength, gains, β
  const graded = (c: SpikingCircuit['dd'], gainRaw: number): OnnxGradedConstants => {
    const rows = usedRows(c.weights);
    return { rows, weights: csrDense(c.weights, rows, gradedCouplingCoefficients(c, gainRaw).coefficient), vResetMv: c.vResetMv, capMv: c.capMv };
  };

  // Chemical pathways grouped by target population, in the circuit's update order.
  const stages: OnnxStageConstants[] = [];
  circuit.pathways.forEach((p, k) => {
    const sp = kp.synapses[k]!;
    const w = p.depressing.weights;
    const rows = usedRows(w);
    const sc = synapseCoefficients(p.depressing, sp, dt);
    const constants: OnnxPathwayConstants = {
      name: p.spec.name,
      pre: p.spec.pre,
      presynapticStep: p.spec.presynapticStep,
      compartment: p.spec.compartment,
      nPre: p.depressing.nPre,
      nPost: p.depressing.nPost,
      rows,
      weights: csrDense(w, rows, sc.scale),
      releaseProbability: sc.releaseProbability,
      recovery: sc.recovery,
      currentDecay: sc.currentDecay,
    };
    const last = stages[stages.length - 1];
    if (last && last.post === p.spec.post) (last.pathways as OnnxPathwayConstants[]).push(constants);
    else stages.push({ post: p.spec.post, pathways: [constants] });
  });
  const posts = stages.map((x) => x.post);
  if (posts.join(',') !== 'orn,ln,pn,kc') {
    throw new RangeError(`onnxCircuitConstants: the chemical pathways must be ordered by target (orn, ln, pn, kc); got ${posts.join(', ')}`);
  }

  const classes = decoder.bias.length;
  const decoderWeightT = new Float32Array(s.kc * classes);
  for (let c = 0; c < classes; c++) for (let k = 0; k < s.kc; k++) decoderWeightT[k * classes + c] = decoder.weight[c * s.kc + k]!;

  return {
    sizes: s,
    orDrive: Float32Array.from(orDrive),
    lif: { orn: lif('orn'), ln: lif('ln'), pn: lif('pn') },
    kc: {
      size: kcp.size,
      m11: prop[0]!,
      m12: prop[1]!,
      k11: prop[2]!,
      k12: prop[3]!,
      ...twoCompartmentDriveCoefficients(kcp),
      vThresholdMv: Float32Array.from(kcp.vThresholdMv),
      vRestMv: kcp.vRestMv,
      vResetMv: kcp.vResetMv,
      vMinMv: kcp.vMinMv,
      refractoryPeriodMs: kcp.refractoryPeriodMs,
    },
    gap: Float32Array.from(L),
    gapOffsetMv: -kp.ln.vResetMv,
    apl: {
      nApl: apl.nApl,
      kcToApl: denseT(apl.kcToAplT, aplC.strength),
      kcDendriteToApl: denseT(apl.kcDendriteToAplT, aplC.dendGain),
      aplToKc: dense(apl.aplToKc, aplC.aplGain),
      beta: aplC.beta,
      vResetMv: apl.vResetMv,
    },
    dd: graded(circuit.dd, kp.ddGainRaw),
    da: graded(circuit.da, kp.daGainRaw),
    stages,
    decoderWeightT,
    decoderBias: Float32Array.from(decoder.bias),
    classes,
  };
}
