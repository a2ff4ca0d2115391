import type { LifParamGrads, SynapseParamGrads } from '@olfactory/neurons';
import {
  InvalidParameterError,
  ShapeMismatchError,
  bipartiteGapJunctionBackward,
  createTwoCompartmentParamGrads,
  createLifParamGrads,
  createSynapseParamGrads,
  gapJunctionBackward,
  gradedCouplingBackward,
  twoCompartmentBackward,
  lifBackward,
  synapseBackward,
} from '@olfactory/neurons';
import { aplBackward, createAplParamGrads } from '../apl/apl-step';
import { createOrnDriveParamGrads, orDriveBackward } from '../input/or-orn-drive';
import type { LifGroup, MaybeStepNoise } from './circuit-noise';
import { NO_STEP_NOISE } from './circuit-noise';
import type { EngineCore, RecordedForward } from './engine-forward';
import { spikesOf } from './engine-forward';
import type { GradBuffers, Trajectory } from './engine-layout';
import { DT_MS, GROUPS, LIF_GROUPS, STEPS } from './engine-layout';
import type { Vec } from './engine-vectors';
import { add2, addMulOnePlus, addTo, divideOnePlusBackward, zero } from './engine-vectors';
import { stageNoise } from './noise-staging';
import type { CircuitPathway, SpikingCircuit } from './spiking-circuit';
import type { KernelParameters } from './student-parameters';

/**
 * Gradients of a loss w.r.t. the ORN, LN and PN spike counts (`batch × n` each), for losses that
 * read more than the KC counts (the all-neuron energy term of spec §3.7). Absent groups get none.
 */
export interface OtherCountGradients {
  readonly orn?: ArrayLike<number>;
  readonly ln?: ArrayLike<number>;
  readonly pn?: ArrayLike<number>;
}

/** The parameter gradients the VJPs accumulate, in kernel units. */
type ParamGrads = ReturnType<typeof createParamGrads>;

function createParamGrads(circuit: SpikingCircuit, kp: KernelParameters) {
  return {
    syn: circuit.pathways.map(() => createSynapseParamGrads()) as SynapseParamGrads[],
    lif: { orn: createLifParamGrads(kp.orn), ln: createLifParamGrads(kp.ln), pn: createLifParamGrads(kp.pn) } as Record<LifGroup, LifParamGrads>,
    kc: createTwoCompartmentParamGrads(kp.kc),
    apl: createAplParamGrads(),
    gap: {
      lnLn: { vMv: null as Vec | null, logConductanceNs: 0 },
      pnPn: { vMv: null as Vec | null, logConductanceNs: 0 },
      elnPn: { vA: null as Vec | null, vB: null as Vec | null, logConductanceNs: 0 },
    },
    dd: { vDendriteMv: null as Vec | null, gainRaw: 0 },
    da: { vDendriteMv: null as Vec | null, gainRaw: 0 },
    or: createOrnDriveParamGrads(kp.orDrive),
  };
}

/** The state of one backward pass; `t`, `N`, `C` and `sn` advance step by step. */
interface BackwardPass {
  readonly core: EngineCore;
  readonly tr: Trajectory;
  readonly g: GradBuffers;
  readonly last: RecordedForward;
  readonly pg: ParamGrads;
  readonly other: OtherCountGradients | null;
  readonly aplInject: number;
  readonly disableApl: boolean;
  t: number;
  /** Index of a gradient pair holding "after step t" (next); C = "before step t" (cur). Swapped each step. */
  N: number;
  C: number;
  sn: MaybeStepNoise;
}

/**
 * BPTT through the last recorded forward (the hand-derived vector–Jacobian products in exact
 * reverse order); see `CircuitEngine.backward`. Returns ∂L/∂θ in the SI layout.
 */
export function backwardPass(core: EngineCore, gradKcCounts: ArrayLike<number>, gradOtherCounts?: OtherCountGradients): Float64Array {
  const last = core.last;
  const { batch: B, circuit } = core;
  const s = circuit.sizes;
  if (last === null) {
    throw new InvalidParameterError({
      parameter: 'backward',
      value: 'no recorded forward',
      expected: 'a forward pass with { record: true } before backward',
      fix: 'Call forward(params, receptors, { ..., record: true }) first.',
    });
  }
  if (gradKcCounts.length !== B * s.kc) {
    throw new ShapeMismatchError({ argument: 'gradKcCounts', functionName: 'CircuitEngine.backward', actual: `length ${gradKcCounts.length}`, expected: `${B} × ${s.kc}` });
  }
  const other = gradOtherCounts ?? null;
  for (const grp of other === null ? [] : LIF_GROUPS) {
    const x = other![grp];
    if (x !== undefined && x.length !== B * s[grp]) {
      throw new ShapeMismatchError({ argument: `gradOtherCounts.${grp}`, functionName: 'CircuitEngine.backward', actual: `length ${x.length}`, expected: `${B} × ${s[grp]}` });
    }
  }
  const tr = core.trajectory!;
  const g = tr.grad!;
  for (const grp of LIF_GROUPS) (g.gV[grp].forEach(zero), g.gS[grp].forEach(zero));
  g.gS.kc.forEach(zero);
  (g.gVd.forEach(zero), g.gVa.forEach(zero), g.gA.forEach(zero));
  g.gI.forEach((x) => x.forEach(zero));
  g.gX.forEach((x) => x.forEach(zero));
  zero(g.gIor);
  for (let i = 0; i < g.gC.length; i++) g.gC[i] = gradKcCounts[i]!;
  const bp: BackwardPass = {
    core,
    tr,
    g,
    last,
    pg: createParamGrads(circuit, last.kp),
    other,
    aplInject: last.opts.aplInject ?? 0,
    disableApl: last.opts.disableApl === true,
    t: STEPS - 1,
    N: 0,
    C: 1,
    sn: NO_STEP_NOISE,
  };
  for (let t = STEPS - 1; t >= 0; t--) {
    bp.t = t;
    bp.sn = last.noise !== null ? stageNoise(tr.staged, last.noise[t]!) : NO_STEP_NOISE;
    backwardStep(bp);
    bp.N ^= 1;
    bp.C ^= 1;
  }
  orDriveBackward(circuit.receptors, last.kp.orDrive, core.receptors, g.gIor, { receptorResponse: null, params: bp.pg.or });
  return toSiLayout(circuit, last, bp.pg);
}

/** VJP of pathway k at step t (`shared` = ∂L/∂ of the input it feeds): ∂/∂I, ∂/∂x of the state before the step, ∂/∂spikes, ∂/∂θ. */
function backPathway(bp: BackwardPass, k: number, shared: Vec): void {
  const { g, t, N, C } = bp;
  const { pre, preCurrent, synOptions } = bp.core.routing;
  const preStep = preCurrent[k] ? t + 1 : t;
  const gSpre = preCurrent[k] ? g.gS[pre[k]!][N]! : t > 0 ? g.gS[pre[k]!][C]! : null;
  synapseBackward(
    bp.last.pathways[k]!,
    bp.last.kp.synapses[k]!,
    bp.tr.syn[k]![t]!,
    spikesOf(bp.tr, pre[k]!, preStep),
    bp.sn.release[k] ?? null,
    DT_MS,
    { currentNa: g.gI[k]![N]!, currentNaShared: shared, resources: g.gX[k]![N]! },
    { currentNa: g.gI[k]![C]!, resources: g.gX[k]![C]!, spikes: gSpre, params: bp.pg.syn[k]! },
    synOptions,
  );
}

/** A count is the sum of the spikes of every step: its gradient reaches each step's spikes unchanged. */
function addCountGrad(bp: BackwardPass, grp: LifGroup): void {
  const x = bp.other?.[grp];
  if (x === undefined) return;
  const dst = bp.g.gS[grp][bp.N]!;
  for (let i = 0; i < dst.length; i++) dst[i]! += x[i]!;
}

/** The VJP of a LIF population's step t and of the pathways into it; returns ∂L/∂ of its input current. */
function backLif(bp: BackwardPass, grp: LifGroup): Vec {
  const { g, tr, t, N, C } = bp;
  const gIn = g.gIn[grp];
  zero(gIn);
  addCountGrad(bp, grp);
  const pop = tr.pops[grp];
  lifBackward(
    bp.last.kp[grp],
    pop.out[t]!,
    pop.input[t]!,
    bp.sn.lifBack[grp],
    bp.last.spike,
    DT_MS,
    pop.out[t + 1]!,
    { v: g.gV[grp][N]!, spikes: g.gS[grp][N]! },
    { v: g.gV[grp][C]!, inputNa: gIn, params: bp.pg.lif[grp] },
  );
  for (const k of bp.core.routing.pathsInto[grp]) backPathway(bp, k, gIn);
  return gIn;
}

/** The VJPs of step t in reverse order of the forward step (7 → 1). */
function backwardStep(bp: BackwardPass): void {
  const { g, tr, t, C, pg } = bp;
  const { kp, spike } = bp.last;
  const circuit = bp.core.circuit;
  const { pathsInto, kcTarget } = bp.core.routing;
  // the "cur" halves receive gradients w.r.t. the state before step t: start from zero
  for (const grp of LIF_GROUPS) zero(g.gV[grp][C]!);
  (zero(g.gVd[C]!), zero(g.gVa[C]!), zero(g.gA[C]!));
  for (let k = 0; k < g.gI.length; k++) (zero(g.gI[k]![C]!), zero(g.gX[k]![C]!));
  // gS[.][N] = gradients of the spikes of step t (from step t + 1's consumers); gS[.][C] collects step t − 1's
  for (const grp of GROUPS) zero(g.gS[grp][C]!);
  // 7. KC update
  const kcPrev = tr.kcOut[t]!;
  const gS = g.gSkcT;
  add2(gS, g.gS.kc[bp.N]!, g.gC);
  (zero(g.gId), zero(g.gIa));
  twoCompartmentBackward(
    kp.kc,
    kcPrev,
    tr.kcId[t]!,
    tr.kcIa[t]!,
    spike,
    tr.kcOut[t + 1]!,
    { vDendriteMv: g.gVd[bp.N]!, vAxonMv: g.gVa[bp.N]!, spikes: gS },
    {
      vDendriteMv: g.gVd[C]!,
      vAxonMv: g.gVa[C]!,
      iDendriteNa: g.gId,
      iAxonNa: g.gIa,
      params: pg.kc,
    },
  );
  // 6. KC input currents
  pg.da.vDendriteMv = g.gVd[C]!;
  gradedCouplingBackward(circuit.da, kp.daGainRaw, kcPrev.vDendriteMv, g.gIa, pg.da);
  pg.dd.vDendriteMv = g.gVd[C]!;
  gradedCouplingBackward(circuit.dd, kp.ddGainRaw, kcPrev.vDendriteMv, g.gId, pg.dd);
  if (bp.disableApl) {
    g.gItot.set(g.gId);
    zero(g.gD);
  } else {
    divideOnePlusBackward(g.gItot, g.gD, g.gId, tr.kcItot[t]!, tr.aplD[t + 1]!);
  }
  // 5. APL (adds ∂L/∂C^(t) to the running count gradient, which flows to spikes of steps < t)
  aplBackward(
    circuit.apl,
    kp.apl,
    tr.aplA[t]!,
    tr.kcBefore[t]!,
    kcPrev.vDendriteMv,
    t,
    bp.aplInject,
    DT_MS,
    { activity: g.gA[bp.N]!, inhibition: bp.disableApl ? null : g.gD },
    {
      activity: g.gA[C]!,
      kcCounts: g.gC,
      vDendriteMv: g.gVd[C]!,
      params: pg.apl,
    },
  );
  const kcPaths = pathsInto.kc;
  for (let n = 0; n < kcPaths.length; n++) {
    const k = kcPaths[n]!;
    backPathway(bp, k, kcTarget[k] === 0 ? g.gItot : kcTarget[k] === 1 ? g.gIa : g.gId);
  }
  // 4. PN, 3. LN
  const gInPn = backLif(bp, 'pn');
  const gInLn = backLif(bp, 'ln');
  // 2. gap junctions
  const vLn = tr.pops.ln.out[t]!.v;
  const vPn = tr.pops.pn.out[t]!.v;
  pg.gap.lnLn.vMv = g.gV.ln[C]!;
  gapJunctionBackward(circuit.gap.lnLn, kp.gapLogNs.lnLn, vLn, gInLn, pg.gap.lnLn);
  pg.gap.pnPn.vMv = g.gV.pn[C]!;
  gapJunctionBackward(circuit.gap.pnPn, kp.gapLogNs.pnPn, vPn, gInPn, pg.gap.pnPn);
  pg.gap.elnPn.vA = g.gV.ln[C]!;
  pg.gap.elnPn.vB = g.gV.pn[C]!;
  bipartiteGapJunctionBackward(circuit.gap.elnPn, kp.gapLogNs.elnPn, vLn, vPn, gInLn, gInPn, pg.gap.elnPn);
  // 1. ORN
  const gInOrn = backLif(bp, 'orn');
  const rec = bp.sn.receptor;
  if (rec === null) addTo(g.gIor, gInOrn);
  else addMulOnePlus(g.gIor, gInOrn, rec);
}

/** The kernel-unit parameter gradients as ∂L/∂θ in the SI layout of the 449 parameters (a new Float64Array). */
function toSiLayout(circuit: SpikingCircuit, last: RecordedForward, pg: ParamGrads): Float64Array {
  const s = circuit.sizes;
  const out = new Float64Array(last.params.values.length);
  const o = last.params.offsets;
  const put = (name: string, x: number) => {
    out[o[name]!] += x;
  };
  for (let i = 0; i < s.receptors; i++) out[o['or.gains']! + i] = pg.or.orGainsRaw[i]!;
  put('or.logCurrentGain', pg.or.logOrGainNa);
  for (const grp of LIF_GROUPS) {
    put(`${grp}.logTauM`, pg.lif[grp].logTauMemMs);
    const v = pg.lif[grp].vThresholdMv;
    for (let i = 0; i < v.length; i++) out[o[`${grp}.vTh`]! + i] = v[i]! * 1e3; // ∂/∂V = 1000·∂/∂mV
  }
  for (let i = 0; i < s.kc; i++) out[o['kc.vTh']! + i] = pg.kc.vThresholdMv[i]! * 1e3;
  put('kc.logGSoma', pg.kc.logGSomaNs);
  put('gap.lnLn.logG', pg.gap.lnLn.logConductanceNs);
  put('gap.pnPn.logG', pg.gap.pnPn.logConductanceNs);
  put('gap.elnPn.logG', pg.gap.elnPn.logConductanceNs);
  put('apl.kcAplLogStrength', pg.apl.logKcAplStrength);
  put('apl.kcDendGain', pg.apl.kcDendriteGainRaw);
  put('apl.gain', pg.apl.aplGainRaw);
  put('apl.logTau', pg.apl.logTauAplMs);
  put('kcKc.ddGain', pg.dd.gainRaw);
  put('kcKc.daGain', pg.da.gainRaw);
  circuit.pathways.forEach((p: CircuitPathway, k: number) => {
    put(`pathway.${p.spec.name}.logStrength`, pg.syn[k]!.logStrengthNa);
    put(`pathway.${p.spec.name}.logTauRec`, pg.syn[k]!.logTauRecMs);
    put(`pathway.${p.spec.name}.logitU`, pg.syn[k]!.logitReleaseProbability);
  });
  return out;
}
