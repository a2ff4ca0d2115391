import type { CellGroup } from '@olfactory/connectome-data';
import { DT_MS, STEPS } from '../engine/circuit-engine';
import type { SpikingCircuit } from '../engine/spiking-circuit';
import type { StudentParameters } from '../engine/student-parameters';
import type { OnnxCircuitConstants, OnnxLifConstants, OnnxStageConstants } from './circuit-onnx-constants';
import { onnxCircuitConstants } from './circuit-onnx-constants';
import { OnnxGraphBuilder } from './onnx-graph-builder';
import type { OnnxDim } from './onnx-graph-builder';

/**
 * Input names of an exported circuit model (keyed by name, not position):
 *
 * - `receptors` float [batch, n_receptors]: noisy OR responses (≥ 0);
 * - `noise` float [30, batch, perSampleStep]: the circuit noise of every step and sample in the
 *   layout of `circuit.noise` (segments in order, already scaled by their σ), the same numbers the
 *   TypeScript engine draws from the counter-based generator;
 * - `apl_inject` float [1]: optogenetic APL activation added to the APL state every step (0 or 0.7);
 * - `kc_inject` float [1]: constant current into every KC dendrite before the division, nA;
 * - `gap_enable` float [1]: scale of every gap-junction current (1 = on, 0 = the no-gap ablation);
 * - `apl_enable` float [1]: 1 = divisive APL inhibition on, 0 = skipped (`disable_apl`);
 * - `std_enable` float [1]: 1 = Tsodyks–Markram synapses, 0 = the no-STD synapse J = s·W of every pathway.
 */
export const ONNX_CIRCUIT_INPUTS = Object.freeze({
  receptors: 'receptors',
  noise: 'noise',
  aplInject: 'apl_inject',
  kcInject: 'kc_inject',
  gapEnable: 'gap_enable',
  aplEnable: 'apl_enable',
  stdEnable: 'std_enable',
} as const);

/** Output names: spike counts over the 30 steps ([batch, n]) and the decoder logits ([batch, classes]). */
export const ONNX_CIRCUIT_OUTPUTS = Object.freeze({
  orn: 'orn_counts',
  ln: 'ln_counts',
  pn: 'pn_counts',
  kc: 'kc_counts',
  logits: 'logits',
} as const);

/** What {@link exportOnnx} needs from a checkpoint (a `LoadedCheckpoint` fits). */
export interface ExportableStudent {
  readonly params: StudentParameters;
  /** Row-major classes × n_KC. */
  readonly decoderWeight: Float32Array;
  readonly decoderBias: Float32Array;
}

/** Options of {@link exportOnnx}. */
export interface ExportOnnxOptions {
  /** Recorded as the model's producer version. */
  readonly producerVersion?: string;
  /** Extra `metadata_props` (e.g. the checkpoint's sha256 and seed). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Time loop operator: `scan` (default; the noise slice of each step is a view) or `loop`. */
  readonly loop?: 'scan' | 'loop';
}

type B = OnnxGraphBuilder;

const sourceKey = (p: { readonly pre: CellGroup; readonly presynapticStep: 'current' | 'previous' }) => `${p.pre}:${p.presynapticStep}`;

/** Where a pathway's current goes: the post population, or for KCs the divided PN input, the dendrite or the axon. */
const currentTarget = (post: CellGroup, p: { readonly pre: CellGroup; readonly compartment?: 'dendrite' | 'axon' }) =>
  post !== 'kc' ? post : p.pre === 'pn' ? 'divided' : p.compartment === 'axon' ? 'axon' : 'dendrite';

/** Elementwise helpers bound to one graph. */
function ops(b: B) {
  const bin = (op: string) => (x: string, y: string) => b.op(op, [x, y]);
  return {
    add: bin('Add'),
    sub: bin('Sub'),
    mul: bin('Mul'),
    div: bin('Div'),
    max: bin('Max'),
    matmul: bin('MatMul'),
    and: bin('And'),
    xor: bin('Xor'),
    greater: bin('Greater'),
    less: bin('Less'),
    where: (c: string, x: string, y: string) => b.op('Where', [c, x, y]),
    relu: (x: string) => b.op('Relu', [x]),
    toFloat: (x: string) => b.op('Cast', [x], { to: { int: 1 } }),
    concat: (xs: readonly string[], axis: number) => (xs.length === 1 ? xs[0]! : b.op('Concat', xs, { axis: { int: axis } })),
    split: (x: string, sizes: readonly number[], axis: number) => (sizes.length === 1 ? [x] : b.ops('Split', [x, b.ints(sizes)], sizes.length, { axis: { int: axis } })),
    gatherCols: (x: string, cols: ArrayLike<number>, n: number) => (cols.length === n ? x : b.op('Gather', [x, b.ints(Array.from(cols))], { axis: { int: 1 } })),
    f: (v: number) => b.scalar(v),
  };
}

/** Splits of the per-step noise: every non-release segment alone, release segments merged per target population. */
function noiseSplits(circuit: SpikingCircuit): { sizes: number[]; index: Map<string, number> } {
  const postOf = new Map(circuit.pathways.map((p) => [`release.${p.spec.name}`, p.spec.post]));
  const sizes: number[] = [];
  const index = new Map<string, number>();
  let prev: string | undefined;
  for (const seg of circuit.noise.segments) {
    const post = postOf.get(seg.name);
    const key = post === undefined ? seg.name : `release.${post}`;
    if (key === prev && post !== undefined) {
      sizes[sizes.length - 1]! += seg.size;
      continue;
    }
    if (index.has(key)) throw new RangeError(`exportOnnx: the release noise of the pathways onto ${post} is not one contiguous block of the noise layout`);
    index.set(key, sizes.length);
    sizes.push(seg.size);
    prev = key;
  }
  return { sizes, index };
}

interface StateSpec {
  readonly name: string;
  readonly size: number;
  readonly fill: number;
}

/**
 * Export a trained student in evaluation mode (hard spikes) as an ONNX model: IR 8, opset 15,
 * one `Scan` (or `Loop`) over the 30 time steps whose body implements the update order of spec §2.11 with
 * exactly the TypeScript engine's equations (see `createCircuitEngine` and the
 * `@olfactory/neurons` kernels):
 *
 *   LIF (ORN, LN, PN):  V1 = V∞ + (V − V∞)·a, V∞ = V_rest + R(I + ξ_I); V2 = max(V1 + ξ_V, V_min);
 *                       canFire = ¬s(t − 1) (τ_ref = 2 dt); s = 1[V2 − V_th − ε > 0]·canFire;
 *                       V' = canFire ∧ ¬s ? V2 : V_reset
 *   synapses:           x1 = 1 − (1 − x)r; p = s·U·x1; x' = x1(1 − U·s); I' = α_syn I + (p·W)(1 + ξ_rel)
 *                       (std_enable = 0 sets U = 1, r = 0: exactly J = s·W with x ≡ 1)
 *   gaps:               from the start-of-step LN/PN voltages, one matrix with g folded in, × gap_enable
 *   APL:                A' = βA + (1 − β)(σ_KA·(C/max(1, t+1))·W_KA + g_d·relu(V_d − V_reset)·W_KA,da) + apl_inject;
 *                       D = relu(A')·g_APL·W_AK;  I_d = (I_PN→KC + kc_inject)/(1 + D·apl_enable) + dd + I_ad
 *   KC:                 exact two-compartment propagator, floors, axon pinned while refractory, spike from
 *                       the axon, both compartments reset
 *   readout:            logits = W_dec·(C_KC/30) + b
 *
 * Learned strengths, gains and conductances are folded into dense float32 initializers (sparse
 * presynaptic row sets are gathered; the pathways of one target share one current state).
 * Inputs and outputs: see {@link ONNX_CIRCUIT_INPUTS}
 * and {@link ONNX_CIRCUIT_OUTPUTS}. The batch dimension is symbolic.
 *
 * @example
 *   const bytes = exportOnnx(circuit, await readCheckpoint(file, layoutForCircuit(circuit)));
 */
// eslint-disable-next-line max-lines-per-function -- one ONNX graph built node by node in step order, pending the one-equation-one-place coefficients of issue 11 §2
export function exportOnnx(circuit: SpikingCircuit, student: ExportableStudent, options: ExportOnnxOptions = {}): Uint8Array {
  const c = onnxCircuitConstants(circuit, student.params, { weight: student.decoderWeight, bias: student.decoderBias });
  const s = c.sizes;
  const T = STEPS;
  const P = circuit.noise.perSampleStep;
  const batch: OnnxDim = 'batch';
  const g = new OnnxGraphBuilder('olfactory_circuit_eval');
  const o = ops(g);
  const I = ONNX_CIRCUIT_INPUTS;

  const receptors = g.input(I.receptors, 'float', [batch, s.receptors]);
  const noise = g.input(I.noise, 'float', [T, batch, P]);
  const aplInject = g.input(I.aplInject, 'float', [1]);
  const kcInject = g.input(I.kcInject, 'float', [1]);
  const gapEnable = g.input(I.gapEnable, 'float', [1]);
  const aplEnable = g.input(I.aplEnable, 'float', [1]);
  const stdEnable = g.input(I.stdEnable, 'float', [1]);

  // ---- outside the loop: OR drive, STD switch, initial state
  const iOr = o.matmul(receptors, g.initializer('or_drive_na', 'float', [s.receptors, s.orn], c.orDrive));
  const batchDim = g.op('Slice', [g.op('Shape', [receptors]), g.ints([0]), g.ints([1]), g.ints([0])]);
  const filled = new Map<string, string>();
  const fill = (value: number, n: number): string => {
    const key = `${value}|${n}`;
    let v = filled.get(key);
    if (v === undefined) filled.set(key, (v = g.op('Expand', [g.scalar(value), g.op('Concat', [batchDim, g.ints([n])], { axis: { int: 0 } })], {}, 'init')));
    return v;
  };
  const oneMinusStd = o.sub(o.f(1), stdEnable);
  const stageConst = c.stages.map((st) => {
    // The depletion state of a stage is ordered by presynaptic source, pathways that keep every
    // row first: their spikes enter as they are, the sparse row sets of one source come from one
    // Gather. Currents and release noise keep the pathway (layout) order; the pathways of one
    // target with one current decay share one current state (I is linear: α·ΣI_k + ΣJ_k(1+ξ_k)).
    const sources: string[] = [];
    for (const q of st.pathways) if (!sources.includes(sourceKey(q))) sources.push(sourceKey(q));
    const full = (q: number) => st.pathways[q]!.rows.length === st.pathways[q]!.nPre;
    const order = st.pathways.map((_, q) => q).sort((x, y) => sources.indexOf(sourceKey(st.pathways[x]!)) - sources.indexOf(sourceKey(st.pathways[y]!)) || Number(full(y)) - Number(full(x)) || x - y);
    const pieces: { source: string; rows: number[] | null }[] = [];
    for (const q of order) {
      const path = st.pathways[q]!;
      const last = pieces[pieces.length - 1];
      if (full(q)) pieces.push({ source: sourceKey(path), rows: null });
      else if (last && last.rows !== null && last.source === sourceKey(path)) last.rows.push(...path.rows);
      else pieces.push({ source: sourceKey(path), rows: Array.from(path.rows) });
    }
    const u = order.flatMap((q) => Array.from(st.pathways[q]!.rows, () => st.pathways[q]!.releaseProbability));
    const r = order.flatMap((q) => Array.from(st.pathways[q]!.rows, () => st.pathways[q]!.recovery));
    // current groups: consecutive pathways (layout order) with one target and one decay
    const groups: { target: string; nPost: number; alpha: number; members: number[] }[] = [];
    st.pathways.forEach((path, q) => {
      const target = currentTarget(st.post, path);
      const last = groups[groups.length - 1];
      if (last && last.target === target && last.nPost === path.nPost && last.alpha === path.currentDecay) last.members.push(q);
      else if (groups.some((x) => x.target === target)) throw new RangeError(`exportOnnx: the pathways onto ${target} are not consecutive or differ in size or current decay`);
      else groups.push({ target, nPost: path.nPost, alpha: path.currentDecay, members: [q] });
    });
    return {
      order,
      pieces: pieces.map((pc) => ({ source: pc.source, gather: pc.rows === null ? null : g.constant('int64', [pc.rows.length], pc.rows) })),
      nPre: u.length,
      groups,
      uEff: o.add(o.mul(g.initializer(`${st.post}_release_probability`, 'float', [u.length], u), stdEnable), oneMinusStd),
      rEff: o.mul(g.initializer(`${st.post}_recovery`, 'float', [r.length], r), stdEnable),
      weights: st.pathways.map((path) => g.initializer(`w_${path.name}_na`, 'float', [path.rows.length, path.nPost], path.weights)),
    };
  });

  // Refractoriness: with τ_ref = 2·dt a neuron that fired at step t − 1 is pinned at step t and
  // free again at t + 1 (ρ = 2 → 1 → 0), so canFire(t) = ¬s(t − 1) (spec §2.4) — the previous
  // spikes replace the timer.
  for (const [name, ref] of [
    ['orn', c.lif.orn.refractoryPeriodMs],
    ['ln', c.lif.ln.refractoryPeriodMs],
    ['pn', c.lif.pn.refractoryPeriodMs],
    ['kc', c.kc.refractoryPeriodMs],
  ] as const) {
    if (ref !== 2 * DT_MS) throw new RangeError(`exportOnnx: the ${name} refractory period is ${ref} ms; the export assumes ${2 * DT_MS} ms = 2 steps (spec §2.1)`);
  }
  const states: StateSpec[] = [];
  const state = (name: string, size: number, fillValue: number) => states.push({ name, size, fill: fillValue });
  for (const grp of ['orn', 'ln', 'pn'] as const) {
    state(`${grp}_v`, s[grp], c.lif[grp].vRestMv);
    state(`${grp}_s`, s[grp], 0);
    state(`${grp}_count`, s[grp], 0);
  }
  state('kc_vd', s.kc, c.kc.vRestMv);
  state('kc_va', s.kc, c.kc.vRestMv);
  state('kc_s', s.kc, 0);
  state('kc_count', s.kc, 0);
  state('apl_a', c.apl.nApl, 0);
  c.stages.forEach((st, i) => {
    state(`syn_${st.post}_d`, stageConst[i]!.nPre, 0);
    stageConst[i]!.groups.forEach((gr) => state(`syn_${st.post}_i_${gr.target}`, gr.nPost, 0));
  });

  // ---- the loop body: one time step
  const body = g.subgraph('step');
  const b = ops(body);
  const useScan = options.loop !== 'loop';
  const iter = useScan ? '' : body.input('iter', 'int64', []);
  const condIn = useScan ? '' : body.input('cond_in', 'bool', []);
  const sin: Record<string, string> = {};
  for (const st of states) sin[st.name] = body.input(`${st.name}_in`, 'float', [batch, st.size]);
  const sout: Record<string, string> = {};
  // Scan hands the body one [batch, P] slice of the noise per step (a view, no copy) and the
  // step's 1/max(1, t + 1); Loop gathers them by iteration number.
  const stepNoise = useScan ? body.input('noise_t', 'float', [batch, P]) : body.op('Gather', [noise, iter], { axis: { int: 0 } }, 'noise_t');
  const invDen = useScan ? body.input('inv_den_t', 'float', []) : body.op('Reciprocal', [b.max(body.op('Add', [body.op('Cast', [iter], { to: { int: 1 } }), b.f(1)]), b.f(1))]);

  const split = noiseSplits(circuit);
  body.section = 'noise';
  const segs = b.split(stepNoise, split.sizes, 1);
  const seg = (name: string) => segs[split.index.get(name)!]!;

  const lifStep = (grp: 'orn' | 'ln' | 'pn', input: string, lc: OnnxLifConstants) => {
    body.section = `lif.${grp}`;
    const cur = b.add(input, seg(`${grp}.current`));
    const vInf = b.add(b.mul(cur, b.f(lc.resistanceMohm)), b.f(lc.vRestMv));
    const v1 = b.add(vInf, b.mul(b.sub(sin[`${grp}_v`]!, vInf), b.f(lc.decay)));
    const v3 = b.max(b.add(v1, seg(`${grp}.voltage`)), b.f(lc.vMinMv));
    const canFire = b.less(sin[`${grp}_s`]!, b.f(0.5));
    const u = b.sub(b.sub(v3, g.initializer(`${grp}_v_threshold_mv`, 'float', [lc.size], lc.vThresholdMv)), seg(`${grp}.threshold`));
    const fired = b.and(canFire, b.greater(u, b.f(0)));
    const keep = b.xor(canFire, fired); // canFire ∧ ¬fired (fired ⊆ canFire): otherwise V' = V_reset
    sout[`${grp}_v`] = b.where(keep, v3, b.f(lc.vResetMv));
    const spikes = b.toFloat(fired);
    sout[`${grp}_s`] = spikes;
    sout[`${grp}_count`] = b.add(sin[`${grp}_count`]!, spikes);
    return spikes;
  };

  /**
   * One stage of chemical pathways onto `post` (Tsodyks–Markram with the depletion d = 1 − x as
   * state: d1 = d·r, x1 = 1 − d1, p = s·U·x1, d' = d1 + p, which is x' = x1(1 − U·s) for s ∈ {0, 1}).
   * Returns the new current of each current group (by target), [batch, nPost] each.
   */
  const synapseStage = (i: number, spikesOf: (source: string) => string): Record<string, string> => {
    const st: OnnxStageConstants = c.stages[i]!;
    const k = stageConst[i]!;
    body.section = `syn.${st.post}`;
    const sCat = b.concat(
      k.pieces.map((pc) => (pc.gather === null ? spikesOf(pc.source) : body.op('Gather', [spikesOf(pc.source), pc.gather], { axis: { int: 1 } }))),
      1,
    );
    const d = sin[`syn_${st.post}_d`]!;
    const d1 = b.mul(d, k.rEff);
    const x1 = b.sub(b.f(1), d1);
    const p = b.mul(b.mul(sCat, k.uEff), x1);
    sout[`syn_${st.post}_d`] = b.add(d1, p);
    const parts = b.split(
      p,
      k.order.map((q) => st.pathways[q]!.rows.length),
      1,
    );
    const j: string[] = new Array(st.pathways.length);
    k.order.forEach((q, n) => (j[q] = b.matmul(parts[n]!, k.weights[q]!)));
    const released = b.mul(b.concat(j, 1), b.add(b.f(1), seg(`release.${st.post}`)));
    const perGroup = b.split(
      released,
      k.groups.map((gr) => gr.nPost * gr.members.length),
      1,
    );
    const out: Record<string, string> = {};
    k.groups.forEach((gr, n) => {
      const sum = gr.members.length === 1 ? perGroup[n]! : body.op('ReduceSum', [body.op('Reshape', [perGroup[n]!, g.ints([0, gr.members.length, gr.nPost])]), g.ints([1])], { keepdims: { int: 0 } });
      const name = `syn_${st.post}_i_${gr.target}`;
      sout[name] = b.add(b.mul(sin[name]!, b.f(gr.alpha)), sum);
      out[gr.target] = sout[name]!;
    });
    return out;
  };
  const only = (currents: Record<string, string>, target: string) => {
    const v = currents[target];
    if (v === undefined) throw new RangeError(`exportOnnx: no chemical current onto ${target}`);
    return v;
  };

  const spikesNow: Partial<Record<CellGroup, string>> = {};
  const spikesOf = (source: string) => {
    const [pre, step] = source.split(':') as [CellGroup, 'current' | 'previous'];
    const v = step === 'current' ? spikesNow[pre] : sin[`${pre}_s`];
    if (v === undefined) throw new RangeError(`exportOnnx: no ${step} spikes of ${pre} at this point of the step`);
    return v;
  };

  // 1. ORN
  const ornSyn = synapseStage(0, spikesOf);
  const ornIn = b.add(b.mul(iOr, b.add(b.f(1), seg('receptor'))), only(ornSyn, 'orn'));
  spikesNow.orn = lifStep('orn', ornIn, c.lif.orn);
  // 2. gap junctions from the start-of-step voltages
  body.section = 'gap';
  const dep = b.add(b.concat([sin.ln_v!, sin.pn_v!], 1), b.f(c.gapOffsetMv));
  const gap = b.mul(b.matmul(dep, g.initializer('gap_coupling_na_per_mv', 'float', [s.ln + s.pn, s.ln + s.pn], c.gap)), gapEnable);
  const [gapLn, gapPn] = b.split(gap, [s.ln, s.pn], 1);
  // 3. LN
  spikesNow.ln = lifStep('ln', b.add(gapLn!, only(synapseStage(1, spikesOf), 'ln')), c.lif.ln);
  // 4. PN
  spikesNow.pn = lifStep('pn', b.add(gapPn!, only(synapseStage(2, spikesOf), 'pn')), c.lif.pn);
  // 5. KC synapses and APL (counts of steps < t, V_d of step t − 1)
  const kcSyn = synapseStage(3, spikesOf);
  body.section = 'apl';
  const qW = b.matmul(sin.kc_count!, g.initializer('kc_to_apl', 'float', [s.kc, c.apl.nApl], c.apl.kcToApl));
  const dW = b.matmul(b.relu(b.sub(sin.kc_vd!, b.f(c.apl.vResetMv))), g.initializer('kc_dendrite_to_apl_per_mv', 'float', [s.kc, c.apl.nApl], c.apl.kcDendriteToApl));
  const aplIn = b.add(b.mul(qW, invDen), dW);
  const a2 = b.add(b.add(b.mul(sin.apl_a!, b.f(c.apl.beta)), b.mul(aplIn, b.f(1 - c.apl.beta))), aplInject);
  sout.apl_a = a2;
  const D = b.matmul(b.relu(a2), g.initializer('apl_to_kc', 'float', [c.apl.nApl, s.kc], c.apl.aplToKc));
  // 6. KC input currents
  body.section = 'kc.input';
  const itot = kcSyn.divided === undefined ? kcInject : b.add(kcInject, kcSyn.divided);
  const id0 = b.div(itot, b.add(b.f(1), b.mul(D, aplEnable)));
  const graded = (gc: OnnxCircuitConstants['dd'], name: string) => {
    const act = body.op('Clip', [b.sub(sin.kc_vd!, b.f(gc.vResetMv)), b.f(0), b.f(gc.capMv)]);
    return b.matmul(b.gatherCols(act, gc.rows, s.kc), g.initializer(name, 'float', [gc.rows.length, s.kc], gc.weights));
  };
  const idGraded = b.add(id0, graded(c.dd, 'kc_kc_dd_na_per_mv'));
  const id = kcSyn.dendrite === undefined ? idGraded : b.add(idGraded, kcSyn.dendrite);
  const daCur = graded(c.da, 'kc_kc_da_na_per_mv');
  const ia = kcSyn.axon === undefined ? daCur : b.add(kcSyn.axon, daCur);
  // 7. KC two-compartment update
  body.section = 'kc';
  const k = c.kc;
  const bd = b.add(b.f(k.leakMvPerMs), b.mul(id, b.f(k.driveMohmPerMs)));
  const ba = b.add(b.f(k.leakMvPerMs), b.mul(ia, b.f(k.driveMohmPerMs)));
  const vd = sin.kc_vd!;
  const va = sin.kc_va!;
  const vd1 = b.add(b.add(b.add(b.mul(vd, b.f(k.m11)), b.mul(va, b.f(k.m12))), b.mul(bd, b.f(k.k11))), b.mul(ba, b.f(k.k12)));
  const va1 = b.add(b.add(b.add(b.mul(vd, b.f(k.m12)), b.mul(va, b.f(k.m11))), b.mul(bd, b.f(k.k12))), b.mul(ba, b.f(k.k11)));
  const vd2 = b.max(b.add(vd1, seg('kc.dendrite')), b.f(k.vMinMv));
  const va2 = b.max(b.add(va1, seg('kc.axon')), b.f(k.vMinMv));
  const canFire = b.less(sin.kc_s!, b.f(0.5));
  const u = b.sub(b.sub(va2, g.initializer('kc_v_threshold_mv', 'float', [s.kc], k.vThresholdMv)), seg('kc.threshold'));
  const fired = b.and(canFire, b.greater(u, b.f(0)));
  sout.kc_vd = b.where(fired, b.f(k.vResetMv), vd2);
  sout.kc_va = b.where(b.xor(canFire, fired), va2, b.f(k.vResetMv));
  const kcSpikes = b.toFloat(fired);
  sout.kc_s = kcSpikes;
  sout.kc_count = b.add(sin.kc_count!, kcSpikes);

  body.section = '';
  if (!useScan) body.output(body.op('Identity', [condIn]), 'cond_out', 'bool', []);
  // State outputs keep their value names (no Identity copies inside the loop).
  for (const st of states) body.output(sout[st.name]!, sout[st.name]!, 'float', [batch, st.size]);

  // ---- the loop and the readout
  const finals = states.map((st) => `${st.name}_final`);
  const initial = states.map((st) => fill(st.fill, st.size));
  if (useScan) {
    const invDenSeq = g.initializer(
      'inv_den',
      'float',
      [T],
      Array.from({ length: T }, (_, t) => 1 / Math.max(1, t + 1)),
    );
    g.node('Scan', [...initial, noise, invDenSeq], finals, { body: { graph: body }, num_scan_inputs: { int: 2 } });
  } else {
    g.node('Loop', [g.constant('int64', [], [T]), '', ...initial], finals, { body: { graph: body } });
  }
  const final = (name: string) => finals[states.findIndex((st) => st.name === name)]!;
  const O = ONNX_CIRCUIT_OUTPUTS;
  const logits = o.add(
    o.div(o.matmul(final('kc_count'), g.initializer('decoder_weight_t', 'float', [s.kc, c.classes], c.decoderWeightT)), o.f(T)),
    g.initializer('decoder_bias', 'float', [c.classes], c.decoderBias),
  );
  g.output(final('orn_count'), O.orn, 'float', [batch, s.orn]);
  g.output(final('ln_count'), O.ln, 'float', [batch, s.ln]);
  g.output(final('pn_count'), O.pn, 'float', [batch, s.pn]);
  g.output(final('kc_count'), O.kc, 'float', [batch, s.kc]);
  g.output(logits, O.logits, 'float', [batch, c.classes]);
  return g.encodeModel({
    producerName: '@olfactory/model',
    producerVersion: options.producerVersion,
    docString:
      'Larval Drosophila olfactory spiking circuit (Watts & Webb 2026 student), evaluation mode (hard spikes), 30 steps of 1 ms. Inputs: noisy OR responses and the circuit noise of every step.',
    metadata: { steps: String(T), noisePerSampleStep: String(P), noiseSegments: circuit.noise.segments.map((x) => `${x.name}:${x.size}`).join(','), ...options.metadata },
  });
}
