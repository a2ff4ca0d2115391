import type { TwoCompartmentStepOutput, LifStepOutput, SynapsePathway, SynapseState } from '@olfactory/neurons';
import { synapseScratchLength } from '@olfactory/neurons';
import { createCircuitKernelArena as createKernelArena } from '../apl/apl-arena';
import type { LifGroup, StepNoise } from './circuit-noise';
import { stepNoiseViews } from './circuit-noise';
import type { CircuitPathway, SpikingCircuit } from './spiking-circuit';
import type { Vec, VecCtor } from './engine-vectors';
import { STEPS } from './time-grid';

export { DT_MS, STEPS } from './time-grid';

export type Group = 'orn' | 'ln' | 'pn' | 'kc';
export const LIF_GROUPS = ['orn', 'ln', 'pn'] as const;
export const GROUPS = ['orn', 'ln', 'pn', 'kc'] as const;

/** The Tsodyks–Markram depressing synapse of a pathway (canonical), or its no-depression variant (J = s·W). */
export const depressingSynapse = (p: CircuitPathway): SynapsePathway => p.depressing;
export const nonDepressingSynapse = (p: CircuitPathway): SynapsePathway => p.nonDepressing;

/** Where each pathway reads and writes, fixed by the circuit (update order of spec §2.11 within each target population). */
export interface PathwayRouting {
  /** Pathway indices into each population, in update order. */
  readonly pathsInto: Readonly<Record<Group, readonly number[]>>;
  /** Whether the pathway reads the presynaptic spikes of the current step (else of the previous one). */
  readonly preCurrent: readonly boolean[];
  readonly pre: readonly Group[];
  /** Where a KC pathway's current goes: 0 = I_tot (PN input, divided), 1 = I_a, 2 = I_d after the division. */
  readonly kcTarget: readonly number[];
  /**
   * Options of the synapse VJPs: pathways update only their connected elements (an unconnected
   * element's current stays 0 and its resources influence nothing, see SynapseForwardOptions.connectedOnly).
   */
  readonly synOptions: { readonly scratch: Float64Array; readonly connectedOnly: true };
}

export function pathwayRouting(circuit: SpikingCircuit, batch: number): PathwayRouting {
  const pathsInto: Record<Group, number[]> = { orn: [], ln: [], pn: [], kc: [] };
  circuit.pathways.forEach((p, k) => pathsInto[p.spec.post as Group].push(k));
  return {
    pathsInto,
    preCurrent: circuit.pathways.map((p) => p.spec.presynapticStep === 'current'),
    pre: circuit.pathways.map((p) => p.spec.pre as Group),
    kcTarget: circuit.pathways.map((p) => (p.spec.pre === 'pn' ? 0 : p.spec.compartment === 'axon' ? 1 : 2)),
    synOptions: Object.freeze({ scratch: new Float64Array(Math.max(...circuit.pathways.map((p) => synapseScratchLength(depressingSynapse(p), batch)))), connectedOnly: true as const }),
  };
}

/** A LIF population's states per slot and its input current per step. */
export interface PopSlots {
  readonly out: LifStepOutput[];
  readonly input: Vec[];
}

/**
 * The trajectory storage of one forward: slots 0..T hold the state after step t−1 (slot 0 = the
 * fresh state) when recording for BPTT, or two alternating slots otherwise; per-step inputs
 * (one buffer when not recording); the current step's scratch; the backward's buffers.
 */
export interface Trajectory {
  readonly slots: number;
  readonly pops: Readonly<Record<LifGroup, PopSlots>>;
  readonly kcOut: TwoCompartmentStepOutput[];
  /** KC dendritic and axonal input currents and the undivided PN input, per step. */
  readonly kcId: Vec[];
  readonly kcIa: Vec[];
  readonly kcItot: Vec[];
  /** APL activity and KC inhibition per slot; the KC counts of the steps before each step. */
  readonly aplA: Vec[];
  readonly aplD: Vec[];
  readonly kcBefore: Vec[];
  /** Per pathway, per slot: the synaptic current and resources. */
  readonly syn: SynapseState[][];
  /** Gap-junction currents of the current step (LN–LN, PN–PN, eLN→LN side, eLN→PN side). */
  readonly gapLn: Vec;
  readonly gapPn: Vec;
  readonly gapLnE: Vec;
  readonly gapPnE: Vec;
  /** A graded KC–KC coupling's current (dd, then da) within a step. */
  readonly gradedTmp: Vec;
  /** The backward's buffers (recording trajectories only). */
  readonly grad: GradBuffers | null;
  /** The running KC spike counts (before each step: the APL's input) and the counts of the pass, batch-major. */
  readonly kcRunning: Vec;
  readonly counts: { readonly orn: Vec; readonly ln: Vec; readonly pn: Vec; readonly kc: Vec };
  /** The OR-driven ORN current of the batch (before the receptor noise). */
  readonly iOr: Vec;
  /** With a kernel arena: the buffer each step's noise is copied into (one contiguous copy), next to the state. */
  readonly staged: StepNoise | null;
  /** With a kernel arena and no worker: in-thread noise is generated straight into these (no staging copy). */
  readonly arenaNoise: StepNoise[] | null;
}

/** Allocators of a trajectory: ordinary arrays or a kernel arena's. */
interface Allocators {
  readonly f: (n: number) => Vec;
  readonly u8: (n: number) => Uint8Array;
  readonly arena: boolean;
}

/**
 * Allocate the trajectory for `nSlots` slots (and, when recording, the backward's buffers).
 * With float32 and WebAssembly available, every buffer lives in one kernel arena (sized by a
 * dry run of the layout), so the synapse, LIF, KC, APL, gap-junction and graded-coupling steps
 * run in WebAssembly; each step's noise is staged into it.
 */
export function allocateTrajectory(circuit: SpikingCircuit, batch: number, dtype: VecCtor, nSlots: number, noiseWorker: boolean): Trajectory {
  if (dtype === Float32Array) {
    let count = 0;
    let count8 = 0;
    buildTrajectory(circuit, batch, nSlots, noiseWorker, { f: (n) => ((count += n), new Float32Array(0)), u8: (n) => ((count8 += n), new Uint8Array(0)), arena: true });
    const arena = createKernelArena({
      pathways: circuit.pathways.flatMap((p) => [depressingSynapse(p), nonDepressingSynapse(p)]),
      gapJunctions: [circuit.gap.lnLn, circuit.gap.pnPn, circuit.gap.elnPn],
      gradedCouplings: [circuit.dd, circuit.da],
      apl: [circuit.apl],
      float32Elements: count,
      uint8Elements: count8,
      onFallback: 'throw',
    });
    if (arena !== null) return buildTrajectory(circuit, batch, nSlots, noiseWorker, { f: (n) => arena.float32(n), u8: (n) => arena.uint8(n), arena: true });
  }
  return buildTrajectory(circuit, batch, nSlots, noiseWorker, { f: (n) => new dtype(n), u8: (n) => new Uint8Array(n), arena: false });
}

function buildTrajectory(circuit: SpikingCircuit, B: number, nSlots: number, noiseWorker: boolean, a: Allocators): Trajectory {
  const s = circuit.sizes;
  const steps = nSlots === 2 ? 1 : STEPS;
  const recording = nSlots === STEPS + 1;
  const za = a.f;
  const perSlot = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);
  const lifOut = (n: number): LifStepOutput => ({ v: za(B * n), refractoryMs: za(B * n), spikes: za(B * n), uMv: za(B * n), flags: a.u8(B * n) });
  const pop = (n: number): PopSlots => ({ out: perSlot(nSlots, () => lifOut(n)), input: perSlot(steps, () => za(B * n)) });
  const pops = { orn: pop(s.orn), ln: pop(s.ln), pn: pop(s.pn) };
  // one object literal per slot (not a spread: every slot must share one hidden class, or the KC kernels deoptimise)
  const kcOut = perSlot(nSlots, (): TwoCompartmentStepOutput => ({
    vDendriteMv: za(B * s.kc),
    vAxonMv: za(B * s.kc),
    refractoryMs: za(B * s.kc),
    spikes: za(B * s.kc),
    uMv: za(B * s.kc),
    flags: a.u8(B * s.kc),
    propagator: new Float64Array(8),
  }));
  const kcId = perSlot(steps, () => za(B * s.kc));
  const kcIa = perSlot(steps, () => za(B * s.kc));
  const kcItot = perSlot(steps, () => za(B * s.kc));
  const aplA = perSlot(nSlots, () => za(B * s.apl));
  const aplD = perSlot(nSlots, () => za(B * s.kc));
  const kcBefore = perSlot(steps, () => za(B * s.kc));
  const syn = circuit.pathways.map((p) => perSlot(nSlots, (): SynapseState => ({ currentNa: za(B * depressingSynapse(p).nPost), resources: za(B * depressingSynapse(p).nPre) })));
  const gapLn = za(B * s.ln);
  const gapPn = za(B * s.pn);
  const gapLnE = za(B * s.ln);
  const gapPnE = za(B * s.pn);
  const gradedTmp = za(B * s.kc);
  const grad = recording ? allocateGradBuffers(circuit, B, za) : null;
  const kcRunning = za(B * s.kc);
  const counts = { orn: za(B * s.orn), ln: za(B * s.ln), pn: za(B * s.pn), kc: za(B * s.kc) };
  const iOr = za(B * s.orn);
  const perStep = circuit.noise.perSampleStep * B;
  const staged = a.arena ? stepNoiseViews(circuit, B, za(perStep)) : null;
  const arenaNoise = !a.arena || noiseWorker ? null : perSlot(recording ? STEPS : 1, () => stepNoiseViews(circuit, B, za(perStep)));
  return { slots: nSlots, pops, kcOut, kcId, kcIa, kcItot, aplA, aplD, kcBefore, syn, gapLn, gapPn, gapLnE, gapPnE, gradedTmp, grad, kcRunning, counts, iOr, staged, arenaNoise };
}

type Pair = [Vec, Vec];

/**
 * The BPTT's buffers. A pair holds [0] = ∂L/∂ of the state after step t, [1] = before step t
 * (the engine swaps the roles each step).
 */
export interface GradBuffers {
  readonly gV: Readonly<Record<LifGroup, Pair>>;
  readonly gS: Readonly<Record<Group, Pair>>;
  readonly gIn: Readonly<Record<LifGroup, Vec>>;
  readonly gVd: Pair;
  readonly gVa: Pair;
  readonly gId: Vec;
  readonly gIa: Vec;
  readonly gItot: Vec;
  readonly gD: Vec;
  readonly gA: Pair;
  /** ∂L/∂ of the running KC counts. */
  readonly gC: Vec;
  readonly gSkcT: Vec;
  /** Per pathway: ∂L/∂ current and resources. */
  readonly gI: Pair[];
  readonly gX: Pair[];
  /** ∂L/∂ of the OR-driven ORN current. */
  readonly gIor: Vec;
}

function allocateGradBuffers(circuit: SpikingCircuit, B: number, za: (n: number) => Vec): GradBuffers {
  const s = circuit.sizes;
  const two = (n: number): Pair => [za(B * n), za(B * n)];
  return {
    gV: { orn: two(s.orn), ln: two(s.ln), pn: two(s.pn) },
    gS: { orn: two(s.orn), ln: two(s.ln), pn: two(s.pn), kc: two(s.kc) },
    gIn: { orn: za(B * s.orn), ln: za(B * s.ln), pn: za(B * s.pn) },
    gVd: two(s.kc),
    gVa: two(s.kc),
    gId: za(B * s.kc),
    gIa: za(B * s.kc),
    gItot: za(B * s.kc),
    gD: za(B * s.kc),
    gA: two(s.apl),
    gC: za(B * s.kc),
    gSkcT: za(B * s.kc),
    gI: circuit.pathways.map((p) => two(depressingSynapse(p).nPost)),
    gX: circuit.pathways.map((p) => two(depressingSynapse(p).nPre)),
    gIor: za(B * s.orn),
  };
}
