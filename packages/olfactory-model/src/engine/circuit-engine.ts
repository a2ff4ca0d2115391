import type { CounterRng, KenyonCellStepOutput, LifParamGrads, LifStepOutput, SpikeFunction, SynapseParamGrads, SynapsePathway, SynapseState } from '@olfactory/neurons';
import {
  BlockRng,
  InvalidParameterError,
  ShapeMismatchError,
  aplBackward,
  aplForward,
  bipartiteGapJunctionBackward,
  bipartiteGapJunctionForward,
  createAplParamGrads,
  createKenyonCellParamGrads,
  createLifParamGrads,
  createOrnDriveParamGrads,
  createSynapseParamGrads,
  gapJunctionBackward,
  gapJunctionForward,
  gradedCouplingBackward,
  gradedCouplingForward,
  hardSpike,
  kenyonCellBackward,
  kenyonCellForward,
  lifBackward,
  lifForward,
  orDriveBackward,
  orDriveForward,
  softSpike,
  synapseBackward,
  synapseForward,
} from '@olfactory/neurons';
import { NOISE_SOURCE } from '../data/noise-streams';
import type { CircuitPathway, NoiseLayout, SpikingCircuit } from './spiking-circuit';
import type { KernelParameters, StudentParameters } from './student-parameters';
import { kernelParameters } from './student-parameters';

type Vec = Float32Array | Float64Array;
type VecCtor = Float32ArrayConstructor | Float64ArrayConstructor;
type Group = 'orn' | 'ln' | 'pn' | 'kc';
type AnyGroup = Group | 'apl';

/** Number of time steps per stimulus and step size (spec §2.1). */
export const STEPS = 30;
export const DT_MS = 1;

/** Where the circuit noise of a forward pass comes from. */
export interface CircuitNoiseSource {
  readonly rng: CounterRng;
  /** Global index of each batch row (noise depends on it, not on the batch composition). */
  readonly sampleIds: ArrayLike<number>;
  /** Counter stream: training epoch, evaluation protocol, trial. */
  readonly stream: number;
}

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
  /** Use the no-STD synapse (J = s·W) for every pathway (`disable_std`). */
  readonly disableStd?: boolean;
  /** Keep the whole 30-step trajectory for {@link CircuitEngine.backward}. */
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

/** Pre-allocated buffers of one batch size; see {@link createCircuitEngine}. */
export interface CircuitEngine {
  readonly circuit: SpikingCircuit;
  readonly batch: number;
  /**
   * Simulate `batch` samples for 30 steps (spec §2.11) from fresh state. `receptors` are the
   * noisy OR responses (`batch × n_receptors`, ≥ 0). The returned counts are views into the
   * engine's buffers, valid until the next call.
   */
  forward(params: StudentParameters, receptors: ArrayLike<number>, options: CircuitForwardOptions): CircuitCounts;
  /**
   * BPTT through the last recorded forward: given ∂L/∂C_KC (`batch × n_KC`), return ∂L/∂θ for
   * the 449 SI parameters (a new Float64Array in layout order).
   */
  backward(gradKcCounts: ArrayLike<number>): Float64Array;
}

/**
 * The circuit noise of time step `t` for a batch, in segment-major order: segment g of the
 * layout occupies `out[g.offset·B + b·g.size + i]` (so each segment is a contiguous
 * `batch × size` array). Values are already scaled by each segment's σ. Sample b's numbers come
 * from the generator block (stream, sampleIds[b], t, NOISE_SOURCE.CIRCUIT), drawn segment after
 * segment in layout order — the contract every engine (TypeScript, TF.js, ONNX) shares.
 */
export function fillCircuitNoise(layout: NoiseLayout, source: CircuitNoiseSource, t: number, out: Float32Array | Float64Array, scratch: BlockRng = new BlockRng()): void {
  const B = source.sampleIds.length;
  for (let b = 0; b < B; b++) {
    source.rng.openInto(scratch, source.sampleIds[b]!, t, NOISE_SOURCE.CIRCUIT, source.stream);
    for (const g of layout.segments) scratch.fillNormal(out, g.offset * B + b * g.size, g.size, 0, g.std);
  }
}

interface PopSlots {
  readonly out: LifStepOutput[];
  readonly input: Vec[];
}

/**
 * Allocate a fused engine for batches of exactly `batch` samples, built from the
 * `@olfactory/neurons` kernels: one forward step per population and pathway per time step, and
 * the hand-derived vector–Jacobian products in exact reverse order for BPTT.
 *
 * `dtype` Float32Array (default, like the reference) or Float64Array (gradient checks).
 */
export function createCircuitEngine(circuit: SpikingCircuit, batch: number, options: { dtype?: VecCtor } = {}): CircuitEngine {
  if (!Number.isInteger(batch) || batch <= 0) throw new InvalidParameterError({ parameter: 'batch', value: batch, expected: 'a positive integer' });
  const dtype = options.dtype ?? Float32Array;
  const s = circuit.sizes;
  const T = STEPS;
  const B = batch;
  const nP = circuit.pathways.length;
  const size: Record<Group, number> = { orn: s.orn, ln: s.ln, pn: s.pn, kc: s.kc };
  const z = (n: number): Vec => new dtype(n);

  // ---- trajectory storage: slots 0..T hold the state after step t−1 (slot 0 = fresh state)
  let slots = 0;
  let pops: Record<'orn' | 'ln' | 'pn', PopSlots>;
  let kcOut: KenyonCellStepOutput[];
  let kcId: Vec[];
  let kcIa: Vec[];
  let kcItot: Vec[];
  let aplA: Vec[];
  let aplD: Vec[];
  let kcBefore: Vec[];
  let syn: SynapseState[][];
  let noiseBuf: Vec[];
  const lifOut = (n: number): LifStepOutput => ({ v: z(B * n), refractoryMs: z(B * n), spikes: z(B * n), uMv: z(B * n), flags: new Uint8Array(B * n) });
  const allocate = (nSlots: number) => {
    slots = nSlots;
    const steps = nSlots === 2 ? 1 : T;
    pops = {
      orn: { out: Array.from({ length: nSlots }, () => lifOut(s.orn)), input: Array.from({ length: steps }, () => z(B * s.orn)) },
      ln: { out: Array.from({ length: nSlots }, () => lifOut(s.ln)), input: Array.from({ length: steps }, () => z(B * s.ln)) },
      pn: { out: Array.from({ length: nSlots }, () => lifOut(s.pn)), input: Array.from({ length: steps }, () => z(B * s.pn)) },
    };
    kcOut = Array.from({ length: nSlots }, () => ({ ...lifOut(s.kc), vDendriteMv: z(B * s.kc), vAxonMv: z(B * s.kc), propagator: new Float64Array(8) }));
    kcId = Array.from({ length: steps }, () => z(B * s.kc));
    kcIa = Array.from({ length: steps }, () => z(B * s.kc));
    kcItot = Array.from({ length: steps }, () => z(B * s.kc));
    aplA = Array.from({ length: nSlots }, () => z(B * s.apl));
    aplD = Array.from({ length: nSlots }, () => z(B * s.kc));
    kcBefore = Array.from({ length: steps }, () => z(B * s.kc));
    syn = circuit.pathways.map((p) => Array.from({ length: nSlots }, () => ({ currentNa: z(B * p.std.nPost), resources: z(B * p.std.nPre) })));
    noiseBuf = Array.from({ length: steps }, () => z(B * circuit.noise.perSampleStep));
  };
  const kcRunning = z(B * s.kc);
  const counts = { orn: z(B * s.orn), ln: z(B * s.ln), pn: z(B * s.pn), kc: z(B * s.kc) };
  const iOr = z(B * s.orn);
  const receptorsBuf = z(B * s.receptors);
  const gapLn = z(B * s.ln);
  const gapPn = z(B * s.pn);
  const gapLnE = z(B * s.ln);
  const gapPnE = z(B * s.pn);
  const gradedTmp = z(B * s.kc);
  const scratch = new BlockRng();
  const seg = circuit.noise.index;
  // noise segment views (segment-major within a step buffer: segment offset × B)
  const segView = (buf: Vec, name: string): Vec => {
    const g = seg[name]!;
    return buf.subarray(g.offset * B, (g.offset + g.size) * B) as Vec;
  };

  // ---- what the last forward recorded
  let last: { params: StudentParameters; kp: KernelParameters; spike: SpikeFunction; opts: CircuitForwardOptions; pathways: readonly SynapsePathway[] } | null = null;

  const fillStepNoise = (buf: Vec, src: CircuitNoiseSource, t: number) => fillCircuitNoise(circuit.noise, src, t, buf, scratch);

  const popOut = (g: AnyGroup, slot: number): { spikes: Vec } => (g === 'kc' ? kcOut[slot]! : pops[g as 'orn'].out[slot]!) as { spikes: Vec };

  function forward(params: StudentParameters, receptors: ArrayLike<number>, opts: CircuitForwardOptions): CircuitCounts {
    if (receptors.length !== B * s.receptors) {
      throw new ShapeMismatchError({ argument: 'receptors', functionName: 'CircuitEngine.forward', actual: `length ${receptors.length}`, expected: `${B} × ${s.receptors} = ${B * s.receptors}` });
    }
    if (opts.noise !== null && opts.noise.sampleIds.length !== B) {
      throw new ShapeMismatchError({ argument: 'noise.sampleIds', functionName: 'CircuitEngine.forward', actual: `length ${opts.noise.sampleIds.length}`, expected: `the batch size ${B}` });
    }
    const record = opts.record === true;
    const need = record ? T + 1 : 2;
    if (slots !== need) allocate(need);
    const kp = kernelParameters(circuit, params, dtype);
    const spike = opts.mode === 'soft' ? softSpike() : hardSpike();
    const pathways = circuit.pathways.map((p) => (opts.disableStd ? p.noStd : p.std));
    last = { params, kp, spike, opts, pathways };
    const aplInject = opts.aplInject ?? 0;
    const kcInject = opts.kcInjectNa ?? 0;
    const noisy = opts.noise !== null;

    // fresh state in slot 0
    for (const g of ['orn', 'ln', 'pn'] as const) {
      const o = pops[g].out[0]!;
      o.v.fill(-60);
      o.refractoryMs.fill(0);
      o.spikes.fill(0);
    }
    const k0 = kcOut[0]!;
    k0.vDendriteMv.fill(-60);
    k0.vAxonMv.fill(-60);
    k0.refractoryMs.fill(0);
    k0.spikes.fill(0);
    aplA[0]!.fill(0);
    for (let k = 0; k < nP; k++) {
      syn[k]![0]!.currentNa.fill(0);
      syn[k]![0]!.resources.fill(1);
    }
    kcRunning.fill(0);
    for (const c of Object.values(counts)) c.fill(0);
    for (let i = 0; i < receptorsBuf.length; i++) receptorsBuf[i] = receptors[i]!;
    orDriveForward(circuit.receptors, kp.orDrive, receptorsBuf, iOr);

    for (let t = 0; t < T; t++) {
      const cur = record ? t : t & 1;
      const nxt = record ? t + 1 : (t + 1) & 1;
      const ti = record ? t : 0;
      const nb = noiseBuf[ti]!;
      if (noisy) fillStepNoise(nb, opts.noise!, t);
      const nz = (name: string): Vec | null => (noisy ? segView(nb, name) : null);
      const runPathways = (post: Group, into: Vec | null) => {
        for (let k = 0; k < nP; k++) {
          const p = circuit.pathways[k]!;
          if (p.spec.post !== post) continue;
          const pre = popOut(p.spec.pre, p.spec.presynapticStep === 'current' ? nxt : cur).spikes;
          synapseForward(pathways[k]!, kp.synapses[k]!, syn[k]![cur]!, pre, nz(`release.${p.spec.name}`), DT_MS, syn[k]![nxt]!);
          if (into !== null) {
            const I = syn[k]![nxt]!.currentNa;
            for (let i = 0; i < into.length; i++) into[i]! += I[i]!;
          }
        }
      };
      // 1. ORN
      const ornIn = pops.orn.input[ti]!;
      const rec = nz('receptor');
      for (let i = 0; i < ornIn.length; i++) ornIn[i] = rec === null ? iOr[i]! : iOr[i]! * (1 + rec[i]!);
      runPathways('orn', ornIn);
      lifForward(kp.orn, pops.orn.out[cur]!, ornIn, { currentNa: nz('orn.current'), voltageMv: nz('orn.voltage'), thresholdMv: nz('orn.threshold') }, spike, DT_MS, pops.orn.out[nxt]!);
      // 2. gap junctions from start-of-step voltages
      const vLn = pops.ln.out[cur]!.v;
      const vPn = pops.pn.out[cur]!.v;
      gapJunctionForward(circuit.gap.lnLn, kp.gapLogNs.lnLn, vLn, gapLn);
      gapJunctionForward(circuit.gap.pnPn, kp.gapLogNs.pnPn, vPn, gapPn);
      bipartiteGapJunctionForward(circuit.gap.elnPn, kp.gapLogNs.elnPn, vLn, vPn, gapLnE, gapPnE);
      // 3. LN
      const lnIn = pops.ln.input[ti]!;
      for (let i = 0; i < lnIn.length; i++) lnIn[i] = gapLn[i]! + gapLnE[i]!;
      runPathways('ln', lnIn);
      lifForward(kp.ln, pops.ln.out[cur]!, lnIn, { currentNa: nz('ln.current'), voltageMv: nz('ln.voltage'), thresholdMv: nz('ln.threshold') }, spike, DT_MS, pops.ln.out[nxt]!);
      // 4. PN
      const pnIn = pops.pn.input[ti]!;
      for (let i = 0; i < pnIn.length; i++) pnIn[i] = gapPn[i]! + gapPnE[i]!;
      runPathways('pn', pnIn);
      lifForward(kp.pn, pops.pn.out[cur]!, pnIn, { currentNa: nz('pn.current'), voltageMv: nz('pn.voltage'), thresholdMv: nz('pn.threshold') }, spike, DT_MS, pops.pn.out[nxt]!);
      // 5. KC synapses and APL (APL reads the KC counts of steps < t and V_d of step t − 1)
      runPathways('kc', null);
      const before = kcBefore[ti]!;
      before.set(kcRunning);
      const kcPrev = kcOut[cur]!;
      aplForward(circuit.apl, kp.apl, aplA[cur]!, before, kcPrev.vDendriteMv, t, aplInject, DT_MS, { activity: aplA[nxt]!, inhibition: aplD[nxt]! });
      // 6. KC input currents
      const Id = kcId[ti]!;
      const Ia = kcIa[ti]!;
      const Itot = kcItot[ti]!;
      const D = aplD[nxt]!;
      Ia.fill(0);
      Itot.fill(kcInject);
      for (let k = 0; k < nP; k++) {
        const p = circuit.pathways[k]!;
        if (p.spec.post !== 'kc') continue;
        const I = syn[k]![nxt]!.currentNa;
        const target = p.spec.pre === 'pn' ? Itot : p.spec.compartment === 'axon' ? Ia : null;
        if (target !== null) for (let i = 0; i < target.length; i++) target[i]! += I[i]!;
      }
      for (let i = 0; i < Id.length; i++) Id[i] = opts.disableApl ? Itot[i]! : Itot[i]! / (1 + D[i]!);
      gradedCouplingForward(circuit.dd, kp.ddGainRaw, kcPrev.vDendriteMv, gradedTmp);
      for (let i = 0; i < Id.length; i++) Id[i]! += gradedTmp[i]!;
      for (let k = 0; k < nP; k++) {
        const p = circuit.pathways[k]!;
        if (p.spec.post === 'kc' && p.spec.pre === 'kc' && p.spec.compartment === 'dendrite') {
          const I = syn[k]![nxt]!.currentNa;
          for (let i = 0; i < Id.length; i++) Id[i]! += I[i]!;
        }
      }
      gradedCouplingForward(circuit.da, kp.daGainRaw, kcPrev.vDendriteMv, gradedTmp);
      for (let i = 0; i < Ia.length; i++) Ia[i]! += gradedTmp[i]!;
      // 7. KC update
      kenyonCellForward(kp.kc, kcPrev, Id, Ia, { dendriteMv: nz('kc.dendrite'), axonMv: nz('kc.axon'), thresholdMv: nz('kc.threshold') }, spike, DT_MS, kcOut[nxt]!);
      const sk = kcOut[nxt]!.spikes;
      for (let i = 0; i < kcRunning.length; i++) kcRunning[i]! += sk[i]!;
      for (const g of ['orn', 'ln', 'pn'] as const) {
        const sp = pops[g].out[nxt]!.spikes;
        const c = counts[g];
        for (let i = 0; i < c.length; i++) c[i]! += sp[i]!;
      }
    }
    counts.kc.set(kcRunning);
    if (!record) last = null;
    return { ...counts, batch: B };
  }

  // ---- backward buffers (allocated on first use)
  let gb: ReturnType<typeof allocGrad> | null = null;
  function allocGrad() {
    const two = (n: number) => [z(B * n), z(B * n)] as [Vec, Vec];
    return {
      gV: { orn: two(s.orn), ln: two(s.ln), pn: two(s.pn) },
      gS: { orn: two(s.orn), ln: two(s.ln), pn: two(s.pn), kc: two(s.kc) },
      gIn: { orn: z(B * s.orn), ln: z(B * s.ln), pn: z(B * s.pn) },
      gVd: two(s.kc),
      gVa: two(s.kc),
      gId: z(B * s.kc),
      gIa: z(B * s.kc),
      gItot: z(B * s.kc),
      gD: z(B * s.kc),
      gA: two(s.apl),
      gC: z(B * s.kc),
      gSkcT: z(B * s.kc),
      gI: circuit.pathways.map((p) => two(p.std.nPost)),
      gX: circuit.pathways.map((p) => two(p.std.nPre)),
      gIor: z(B * s.orn),
    };
  }

  function backward(gradKcCounts: ArrayLike<number>): Float64Array {
    if (last === null) {
      throw new InvalidParameterError({ parameter: 'backward', value: 'no recorded forward', expected: 'a forward pass with { record: true } before backward', fix: 'Call forward(params, receptors, { ..., record: true }) first.' });
    }
    if (gradKcCounts.length !== B * s.kc) {
      throw new ShapeMismatchError({ argument: 'gradKcCounts', functionName: 'CircuitEngine.backward', actual: `length ${gradKcCounts.length}`, expected: `${B} × ${s.kc}` });
    }
    const { kp, spike, opts, pathways, params } = last;
    gb ??= allocGrad();
    const g = gb;
    const zero = (x: Vec) => x.fill(0);
    for (const grp of ['orn', 'ln', 'pn'] as const) g.gV[grp].forEach(zero), g.gS[grp].forEach(zero);
    g.gS.kc.forEach(zero);
    g.gVd.forEach(zero), g.gVa.forEach(zero), g.gA.forEach(zero);
    g.gI.forEach((x) => x.forEach(zero));
    g.gX.forEach((x) => x.forEach(zero));
    zero(g.gIor);
    for (let i = 0; i < g.gC.length; i++) g.gC[i] = gradKcCounts[i]!;
    const pg = {
      syn: circuit.pathways.map(() => createSynapseParamGrads()) as SynapseParamGrads[],
      lif: { orn: createLifParamGrads(kp.orn), ln: createLifParamGrads(kp.ln), pn: createLifParamGrads(kp.pn) } as Record<'orn' | 'ln' | 'pn', LifParamGrads>,
      kc: createKenyonCellParamGrads(kp.kc),
      apl: createAplParamGrads(),
      gap: { lnLn: { vMv: null as Vec | null, logConductanceNs: 0 }, pnPn: { vMv: null as Vec | null, logConductanceNs: 0 }, elnPn: { vA: null as Vec | null, vB: null as Vec | null, logConductanceNs: 0 } },
      dd: { vDendriteMv: null as Vec | null, gainRaw: 0 },
      da: { vDendriteMv: null as Vec | null, gainRaw: 0 },
      or: createOrnDriveParamGrads(kp.orDrive),
    };
    const aplInject = opts.aplInject ?? 0;
    const noisy = opts.noise !== null;
    // index 0 of a pair = "after step t" (next), 1 = "before step t" (cur); swapped each step
    let N = 0;
    let C = 1;
    for (let t = T - 1; t >= 0; t--) {
      const cur = t;
      const nxt = t + 1;
      const nb = noiseBuf[t]!;
      const nz = (name: string): Vec | null => (noisy ? segView(nb, name) : null);
      // the "cur" halves receive gradients w.r.t. the state before step t: start from zero
      for (const grp of ['orn', 'ln', 'pn'] as const) zero(g.gV[grp][C]!);
      zero(g.gVd[C]!), zero(g.gVa[C]!), zero(g.gA[C]!);
      for (let k = 0; k < nP; k++) zero(g.gI[k]![C]!), zero(g.gX[k]![C]!);
      // gS[.][N] = gradients of the spikes of step t (from step t + 1's consumers); gS[.][C] collects step t − 1's
      for (const grp of ['orn', 'ln', 'pn', 'kc'] as const) zero(g.gS[grp][C]!);
      const spikeGrad = (grp: AnyGroup, step: 'current' | 'previous'): Vec | null => (step === 'current' ? g.gS[grp as Group][N]! : t > 0 ? g.gS[grp as Group][C]! : null);
      const backPathway = (k: number) => {
        const p = circuit.pathways[k]!;
        const pre = popOut(p.spec.pre, p.spec.presynapticStep === 'current' ? nxt : cur).spikes;
        synapseBackward(pathways[k]!, kp.synapses[k]!, syn[k]![cur]!, pre, nz(`release.${p.spec.name}`), DT_MS, { currentNa: g.gI[k]![N]!, resources: g.gX[k]![N]! }, {
          currentNa: g.gI[k]![C]!,
          resources: g.gX[k]![C]!,
          spikes: spikeGrad(p.spec.pre, p.spec.presynapticStep),
          params: pg.syn[k]!,
        });
      };
      const addInto = (k: number, grad: Vec) => {
        const gI = g.gI[k]![N]!;
        for (let i = 0; i < gI.length; i++) gI[i]! += grad[i]!;
      };
      // 7. KC update
      const kcPrev = kcOut[cur]!;
      const gS = g.gSkcT;
      const gSk = g.gS.kc[N]!;
      for (let i = 0; i < gS.length; i++) gS[i] = gSk[i]! + g.gC[i]!;
      zero(g.gId), zero(g.gIa);
      kenyonCellBackward(kp.kc, kcPrev, kcId[t]!, kcIa[t]!, spike, kcOut[nxt]!, { vDendriteMv: g.gVd[N]!, vAxonMv: g.gVa[N]!, spikes: gS }, {
        vDendriteMv: g.gVd[C]!,
        vAxonMv: g.gVa[C]!,
        iDendriteNa: g.gId,
        iAxonNa: g.gIa,
        params: pg.kc,
      });
      // 6. KC input currents
      pg.da.vDendriteMv = g.gVd[C]!;
      gradedCouplingBackward(circuit.da, kp.daGainRaw, kcPrev.vDendriteMv, g.gIa, pg.da);
      pg.dd.vDendriteMv = g.gVd[C]!;
      gradedCouplingBackward(circuit.dd, kp.ddGainRaw, kcPrev.vDendriteMv, g.gId, pg.dd);
      const D = aplD[nxt]!;
      const Itot = kcItot[t]!;
      for (let i = 0; i < g.gId.length; i++) {
        if (opts.disableApl) {
          g.gItot[i] = g.gId[i]!;
          g.gD[i] = 0;
        } else {
          const inv = 1 / (1 + D[i]!);
          g.gItot[i] = g.gId[i]! * inv;
          g.gD[i] = -g.gId[i]! * Itot[i]! * inv * inv;
        }
      }
      for (let k = 0; k < nP; k++) {
        const p = circuit.pathways[k]!;
        if (p.spec.post !== 'kc') continue;
        addInto(k, p.spec.pre === 'pn' ? g.gItot : p.spec.compartment === 'axon' ? g.gIa : g.gId);
      }
      // 5. APL (adds ∂L/∂C^(t) to the running count gradient, which flows to spikes of steps < t)
      aplBackward(circuit.apl, kp.apl, aplA[cur]!, kcBefore[t]!, kcPrev.vDendriteMv, t, aplInject, DT_MS, { activity: g.gA[N]!, inhibition: opts.disableApl ? null : g.gD }, {
        activity: g.gA[C]!,
        kcCounts: g.gC,
        vDendriteMv: g.gVd[C]!,
        params: pg.apl,
      });
      for (let k = 0; k < nP; k++) if (circuit.pathways[k]!.spec.post === 'kc') backPathway(k);
      // 4. PN
      const gInPn = g.gIn.pn;
      zero(gInPn);
      lifBackward(kp.pn, pops.pn.out[cur]!, pops.pn.input[t]!, { currentNa: nz('pn.current'), voltageMv: null, thresholdMv: null }, spike, DT_MS, pops.pn.out[nxt]!, { v: g.gV.pn[N]!, spikes: g.gS.pn[N]! }, { v: g.gV.pn[C]!, inputNa: gInPn, params: pg.lif.pn });
      for (let k = 0; k < nP; k++) if (circuit.pathways[k]!.spec.post === 'pn') addInto(k, gInPn), backPathway(k);
      // 3. LN
      const gInLn = g.gIn.ln;
      zero(gInLn);
      lifBackward(kp.ln, pops.ln.out[cur]!, pops.ln.input[t]!, { currentNa: nz('ln.current'), voltageMv: null, thresholdMv: null }, spike, DT_MS, pops.ln.out[nxt]!, { v: g.gV.ln[N]!, spikes: g.gS.ln[N]! }, { v: g.gV.ln[C]!, inputNa: gInLn, params: pg.lif.ln });
      for (let k = 0; k < nP; k++) if (circuit.pathways[k]!.spec.post === 'ln') addInto(k, gInLn), backPathway(k);
      // 2. gap junctions
      const vLn = pops.ln.out[cur]!.v;
      const vPn = pops.pn.out[cur]!.v;
      pg.gap.lnLn.vMv = g.gV.ln[C]!;
      gapJunctionBackward(circuit.gap.lnLn, kp.gapLogNs.lnLn, vLn, gInLn, pg.gap.lnLn);
      pg.gap.pnPn.vMv = g.gV.pn[C]!;
      gapJunctionBackward(circuit.gap.pnPn, kp.gapLogNs.pnPn, vPn, gInPn, pg.gap.pnPn);
      pg.gap.elnPn.vA = g.gV.ln[C]!;
      pg.gap.elnPn.vB = g.gV.pn[C]!;
      bipartiteGapJunctionBackward(circuit.gap.elnPn, kp.gapLogNs.elnPn, vLn, vPn, gInLn, gInPn, pg.gap.elnPn);
      // 1. ORN
      const gInOrn = g.gIn.orn;
      zero(gInOrn);
      lifBackward(kp.orn, pops.orn.out[cur]!, pops.orn.input[t]!, { currentNa: nz('orn.current'), voltageMv: null, thresholdMv: null }, spike, DT_MS, pops.orn.out[nxt]!, { v: g.gV.orn[N]!, spikes: g.gS.orn[N]! }, { v: g.gV.orn[C]!, inputNa: gInOrn, params: pg.lif.orn });
      for (let k = 0; k < nP; k++) if (circuit.pathways[k]!.spec.post === 'orn') addInto(k, gInOrn), backPathway(k);
      const rec = nz('receptor');
      for (let i = 0; i < gInOrn.length; i++) g.gIor[i]! += rec === null ? gInOrn[i]! : gInOrn[i]! * (1 + rec[i]!);
      N ^= 1;
      C ^= 1;
    }
    orDriveBackward(circuit.receptors, kp.orDrive, receptorsBuf, g.gIor, { receptorResponse: null, params: pg.or });

    // ---- to the SI layout
    const out = new Float64Array(params.values.length);
    const o = params.offsets;
    const put = (name: string, x: number) => {
      out[o[name]!] += x;
    };
    for (let i = 0; i < s.receptors; i++) out[o['or.gains']! + i] = pg.or.orGainsRaw[i]!;
    put('or.logCurrentGain', pg.or.logOrGainNa);
    for (const grp of ['orn', 'ln', 'pn'] as const) {
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

  return { circuit, batch: B, forward, backward };
}
