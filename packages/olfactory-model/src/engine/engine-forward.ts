import type { SpikeFunction, SynapsePathway } from '@olfactory/neurons';
import {
  ShapeMismatchError,
  bipartiteGapJunctionForward,
  gapJunctionForward,
  gradedCouplingForward,
  hardSpike,
  twoCompartmentForward,
  lifForward,
  softSpike,
  synapseForward,
} from '@olfactory/neurons';
import { aplForward } from '../apl/apl-step';
import { orDriveForward } from '../input/or-orn-drive';
import type { CircuitNoiseSource, MaybeStepNoise, StepNoise } from './circuit-noise';
import { NO_STEP_NOISE } from './circuit-noise';
import type { Group, PathwayRouting, Trajectory } from './engine-layout';
import { DT_MS, LIF_GROUPS, STEPS, allocateTrajectory, depressingSynapse, nonDepressingSynapse } from './engine-layout';
import type { Vec, VecCtor } from './engine-vectors';
import { add2, addTo, divideOnePlus, mulOnePlus } from './engine-vectors';
import type { NoiseStaging } from './noise-staging';
import { stageNoise } from './noise-staging';
import type { SpikingCircuit } from './spiking-circuit';
import type { KernelParameters, StudentParameters } from './student-parameters';
import { kernelParameters } from './student-parameters';

/** Options of one forward pass. */
export interface CircuitForwardOptions {
  /** `soft` (training, graded sigmoid spikes) or `hard` (evaluation). */
  readonly mode: 'soft' | 'hard';
  /** Circuit noise (spec §2.13); `null` runs the noiseless circuit (gradient checks). */
  readonly noise: CircuitNoiseSource | null;
  /** Optogenetic APL activation added to the APL state each step (Mancini test: 0.7). */
  readonly aplInject?: number;
  /** Constant current into every KC dendrite before the division, nA (carbachol: 0.1 nA). */
  readonly kcInjectNa?: number;
  /** Skip the divisive APL inhibition (`disable_apl`). */
  readonly disableApl?: boolean;
  /** Use the synapse without short-term depression (J = s·W) for every pathway (`disable_std`). */
  readonly disableDepression?: boolean;
  /** @deprecated The former name of {@link disableDepression}; still honoured. */
  readonly disableStd?: boolean;
  /** Keep the whole 30-step trajectory for `CircuitEngine.backward`. */
  readonly record?: boolean;
}

/** Spike counts over the 30 steps, batch-major (`batch × n`); in soft mode sums of sigmoids. */
export interface CircuitCounts {
  readonly orn: Vec;
  readonly ln: Vec;
  readonly pn: Vec;
  readonly kc: Vec;
  readonly batch: number;
}

/** What a recorded forward leaves for the backward. */
export interface RecordedForward {
  readonly params: StudentParameters;
  readonly kp: KernelParameters;
  readonly spike: SpikeFunction;
  readonly opts: CircuitForwardOptions;
  readonly pathways: readonly SynapsePathway[];
  readonly noise: StepNoise[] | null;
}

/** The state of one engine: fixed structure, buffers that outlive a pass, and the last recorded forward. */
export interface EngineCore {
  readonly circuit: SpikingCircuit;
  readonly batch: number;
  readonly dtype: VecCtor;
  readonly routing: PathwayRouting;
  readonly noise: NoiseStaging;
  /** The receptor responses of the batch. */
  readonly receptors: Vec;
  trajectory: Trajectory | null;
  last: RecordedForward | null;
}

/** The values one forward pass's steps share. */
interface ForwardPass {
  readonly core: EngineCore;
  readonly tr: Trajectory;
  readonly kp: KernelParameters;
  readonly spike: SpikeFunction;
  readonly pathways: readonly SynapsePathway[];
  readonly aplInject: number;
  readonly kcInject: number;
  readonly disableApl: boolean;
}

/**
 * Simulate the batch for 30 steps (spec §2.11) from fresh state; see `CircuitEngine.forward`.
 * The counts are views into the engine's buffers, valid until the next call.
 */
export function forwardPass(core: EngineCore, params: StudentParameters, receptors: ArrayLike<number>, opts: CircuitForwardOptions): CircuitCounts {
  const { circuit, batch: B } = core;
  if (receptors.length !== B * circuit.sizes.receptors) {
    throw new ShapeMismatchError({
      argument: 'receptors',
      functionName: 'CircuitEngine.forward',
      actual: `length ${receptors.length}`,
      expected: `${B} × ${circuit.sizes.receptors} = ${B * circuit.sizes.receptors}`,
    });
  }
  if (opts.noise !== null && opts.noise.sampleIds.length !== B) {
    throw new ShapeMismatchError({ argument: 'noise.sampleIds', functionName: 'CircuitEngine.forward', actual: `length ${opts.noise.sampleIds.length}`, expected: `the batch size ${B}` });
  }
  const record = opts.record === true;
  const need = record ? STEPS + 1 : 2;
  if (core.trajectory === null || core.trajectory.slots !== need) core.trajectory = allocateTrajectory(circuit, B, core.dtype, need, core.noise.hasWorker);
  const tr = core.trajectory;
  const kp = kernelParameters(circuit, params, core.dtype);
  const spike = opts.mode === 'soft' ? softSpike() : hardSpike();
  const noDepression = opts.disableDepression ?? opts.disableStd ?? false;
  const pathways = circuit.pathways.map((p) => (noDepression ? nonDepressingSynapse(p) : depressingSynapse(p)));
  const src = opts.noise;
  const noiseBufs = src !== null ? core.noise.begin(src, record, tr.arenaNoise, STEPS) : null;
  core.last = { params, kp, spike, opts, pathways, noise: noiseBufs };
  const f: ForwardPass = { core, tr, kp, spike, pathways, aplInject: opts.aplInject ?? 0, kcInject: opts.kcInjectNa ?? 0, disableApl: opts.disableApl === true };
  resetState(core, tr, receptors, kp);
  for (let t = 0; t < STEPS; t++) {
    const cur = record ? t : t & 1;
    const nxt = record ? t + 1 : (t + 1) & 1;
    const ti = record ? t : 0;
    let sn: MaybeStepNoise = NO_STEP_NOISE;
    if (noiseBufs !== null) {
      const buf = core.noise.bufferFor(noiseBufs, t, ti);
      core.noise.ready(buf, src!, t);
      sn = stageNoise(tr.staged, buf);
    }
    forwardStep(f, t, cur, nxt, ti, sn);
  }
  tr.counts.kc.set(tr.kcRunning);
  if (!record) core.last = null;
  return { ...tr.counts, batch: B };
}

/** Fresh state in slot 0, zero counts, and the OR→ORN drive of the batch. */
function resetState(core: EngineCore, tr: Trajectory, receptors: ArrayLike<number>, kp: KernelParameters): void {
  for (const g of LIF_GROUPS) {
    const o = tr.pops[g].out[0]!;
    o.v.fill(-60);
    o.refractoryMs.fill(0);
    o.spikes.fill(0);
  }
  const k0 = tr.kcOut[0]!;
  k0.vDendriteMv.fill(-60);
  k0.vAxonMv.fill(-60);
  k0.refractoryMs.fill(0);
  k0.spikes.fill(0);
  tr.aplA[0]!.fill(0);
  for (const s of tr.syn) {
    s[0]!.currentNa.fill(0);
    s[0]!.resources.fill(1);
  }
  tr.kcRunning.fill(0);
  tr.counts.orn.fill(0);
  tr.counts.ln.fill(0);
  tr.counts.pn.fill(0);
  tr.counts.kc.fill(0);
  const buf = core.receptors;
  for (let i = 0; i < buf.length; i++) buf[i] = receptors[i]!;
  orDriveForward(core.circuit.receptors, kp.orDrive, buf, tr.iOr);
}

/** The spikes of population `g` in slot `slot`. */
export function spikesOf(tr: Trajectory, g: Group, slot: number): Vec {
  return g === 'kc' ? tr.kcOut[slot]!.spikes : tr.pops[g].out[slot]!.spikes;
}

/** Step the pathways into `post` and add their currents to `into` (in update order). */
function runPathways(f: ForwardPass, post: Group, into: Vec | null, cur: number, nxt: number, sn: MaybeStepNoise): void {
  const { pathsInto, pre, preCurrent } = f.core.routing;
  const ks = pathsInto[post];
  const syn = f.tr.syn;
  for (let n = 0; n < ks.length; n++) {
    const k = ks[n]!;
    synapseForward(f.pathways[k]!, f.kp.synapses[k]!, syn[k]![cur]!, spikesOf(f.tr, pre[k]!, preCurrent[k] ? nxt : cur), sn.release[k] ?? null, DT_MS, syn[k]![nxt]!, {
      accumulate: into,
      connectedOnly: true,
    });
  }
}

/** One time step t (spec §2.11): from slot `cur` to slot `nxt`, per-step buffers at `ti`. */
function forwardStep(f: ForwardPass, t: number, cur: number, nxt: number, ti: number, sn: MaybeStepNoise): void {
  const { core, tr, kp, spike } = f;
  const circuit = core.circuit;
  const pops = tr.pops;
  // 1. ORN
  const ornIn = pops.orn.input[ti]!;
  const rec = sn.receptor;
  if (rec === null) ornIn.set(tr.iOr);
  else mulOnePlus(ornIn, tr.iOr, rec);
  runPathways(f, 'orn', ornIn, cur, nxt, sn);
  lifForward(kp.orn, pops.orn.out[cur]!, ornIn, sn.lif.orn, spike, DT_MS, pops.orn.out[nxt]!);
  // 2. gap junctions from start-of-step voltages
  const vLn = pops.ln.out[cur]!.v;
  const vPn = pops.pn.out[cur]!.v;
  gapJunctionForward(circuit.gap.lnLn, kp.gapLogNs.lnLn, vLn, tr.gapLn);
  gapJunctionForward(circuit.gap.pnPn, kp.gapLogNs.pnPn, vPn, tr.gapPn);
  bipartiteGapJunctionForward(circuit.gap.elnPn, kp.gapLogNs.elnPn, vLn, vPn, tr.gapLnE, tr.gapPnE);
  // 3. LN
  const lnIn = pops.ln.input[ti]!;
  add2(lnIn, tr.gapLn, tr.gapLnE);
  runPathways(f, 'ln', lnIn, cur, nxt, sn);
  lifForward(kp.ln, pops.ln.out[cur]!, lnIn, sn.lif.ln, spike, DT_MS, pops.ln.out[nxt]!);
  // 4. PN
  const pnIn = pops.pn.input[ti]!;
  add2(pnIn, tr.gapPn, tr.gapPnE);
  runPathways(f, 'pn', pnIn, cur, nxt, sn);
  lifForward(kp.pn, pops.pn.out[cur]!, pnIn, sn.lif.pn, spike, DT_MS, pops.pn.out[nxt]!);
  // 5. KC synapses and APL (APL reads the KC counts of steps < t and V_d of step t − 1)
  runPathways(f, 'kc', null, cur, nxt, sn);
  const before = tr.kcBefore[ti]!;
  before.set(tr.kcRunning);
  const kcPrev = tr.kcOut[cur]!;
  aplForward(circuit.apl, kp.apl, tr.aplA[cur]!, before, kcPrev.vDendriteMv, t, f.aplInject, DT_MS, { activity: tr.aplA[nxt]!, inhibition: tr.aplD[nxt]! });
  // 6. KC input currents
  kcInputs(f, cur, nxt, ti);
  // 7. KC update
  twoCompartmentForward(kp.kc, kcPrev, tr.kcId[ti]!, tr.kcIa[ti]!, sn.kc, spike, DT_MS, tr.kcOut[nxt]!);
  addTo(tr.kcRunning, tr.kcOut[nxt]!.spikes);
  addTo(tr.counts.orn, pops.orn.out[nxt]!.spikes);
  addTo(tr.counts.ln, pops.ln.out[nxt]!.spikes);
  addTo(tr.counts.pn, pops.pn.out[nxt]!.spikes);
}

/** Step 6: the KC dendritic input I_d = I_tot/(1 + D) + graded dd + dendritic pathways, and the axonal I_a. */
function kcInputs(f: ForwardPass, cur: number, nxt: number, ti: number): void {
  const { core, tr, kp } = f;
  const { pathsInto, kcTarget } = core.routing;
  const Id = tr.kcId[ti]!;
  const Ia = tr.kcIa[ti]!;
  const Itot = tr.kcItot[ti]!;
  const vdPrev = tr.kcOut[cur]!.vDendriteMv;
  Ia.fill(0);
  Itot.fill(f.kcInject);
  const kcPaths = pathsInto.kc;
  for (let n = 0; n < kcPaths.length; n++) {
    const k = kcPaths[n]!;
    if (kcTarget[k] === 2) continue;
    addTo(kcTarget[k] === 0 ? Itot : Ia, tr.syn[k]![nxt]!.currentNa);
  }
  if (f.disableApl) Id.set(Itot);
  else divideOnePlus(Id, Itot, tr.aplD[nxt]!);
  gradedCouplingForward(core.circuit.dd, kp.ddGainRaw, vdPrev, tr.gradedTmp);
  addTo(Id, tr.gradedTmp);
  for (let n = 0; n < kcPaths.length; n++) {
    const k = kcPaths[n]!;
    if (kcTarget[k] !== 2) continue;
    addTo(Id, tr.syn[k]![nxt]!.currentNa);
  }
  gradedCouplingForward(core.circuit.da, kp.daGainRaw, vdPrev, tr.gradedTmp);
  addTo(Ia, tr.gradedTmp);
}
