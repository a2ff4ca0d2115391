/**
 * The SimpleRNN's forward pass and its hand-derived backward pass (the BPTT of
 * `model/relu-recurrence.ts`) as unrolled ONNX graphs for onnxruntime, one pair per sequence
 * length T (the batch dimension `b` is symbolic):
 *
 *   forward:  drive = x̃ K;  h_0 = ReLU(d_0 + b),  h_t = ReLU(d_t + h_{t−1} W + b);
 *             logits = h_{T−1} W_out + b_out;  outputs logits [b, K] (and, for training, the
 *             stacked states H = [h_0 … h_{T−1}] as [T·b, N])
 *   backward: from ∂L/∂logits: ∂W_out = h_{T−1}ᵀ ∂logits, ∂b_out = Σ_rows ∂logits,
 *             g = ∂logits W_outᵀ; for t = T−1 … 0: δ_t = g ⊙ [h_t > 0], g ← δ_t Wᵀ;
 *             ∂W = [h_0 … h_{T−2}]ᵀ [δ_1 … δ_{T−1}],  ∂b = Σ δ,  ∂K = x̃ᵀ [δ_0 … δ_{T−1}]
 *
 * Every product is one MLAS GEMM (transposed operands are native there, unlike TF.js's wasm
 * backend), which is where the speed-up over the TF.js path comes from.
 */
import { OnnxGraph } from './onnx-graph';

/** Input names of the graphs. */
export const RNN_INPUTS = { x: 'x', kernel: 'kernel', recurrent: 'recurrent', bias: 'bias', outKernel: 'out_kernel', outBias: 'out_bias', states: 'states', dLogits: 'd_logits' } as const;

/** Shapes of one model. */
export interface RnnGraphShape {
  readonly steps: number;
  readonly channels: number;
  readonly n: number;
  readonly classes: number;
}

/** Forward graph: inputs x [T, b, C], kernel, recurrent, bias, out_kernel, out_bias; outputs `logits` [b, K] and, with `withStates`, `states` [T·b, N]. */
export function rnnForwardGraph(shape: RnnGraphShape, withStates: boolean): Uint8Array {
  const { steps: T, channels: C, n: N, classes: K } = shape;
  const g = new OnnxGraph();
  const x = g.input(RNN_INPUTS.x, [T, 'b', C]);
  const kernel = g.input(RNN_INPUTS.kernel, [C, N]);
  const w = g.input(RNN_INPUTS.recurrent, [N, N]);
  const bias = g.input(RNN_INPUTS.bias, [N]);
  const wOut = g.input(RNN_INPUTS.outKernel, [N, K]);
  const bOut = g.input(RNN_INPUTS.outBias, [K]);
  // drive as [T·b, N], split into T blocks of b rows
  const drive = g.op('MatMul', [g.op('Reshape', [x, g.ints([-1, C])]), kernel]);
  const d = T > 1 ? g.node('Split', [drive], T, { axis: { int: 0 } }) : [drive];
  const hs: string[] = [];
  let h = g.op('Relu', [g.op('Add', [d[0] as string, bias])]);
  hs.push(h);
  for (let t = 1; t < T; t++) {
    h = g.op('Relu', [g.op('Add', [g.op('Add', [d[t] as string, g.op('MatMul', [h, w])]), bias])]);
    hs.push(h);
  }
  g.output(g.op('Add', [g.op('MatMul', [h, wOut]), bOut]), 'logits', ['b', K]);
  if (withStates) g.output(T > 1 ? g.op('Concat', hs, { axis: { int: 0 } }) : h, RNN_INPUTS.states, ['tb', N]);
  return g.encode('simple-rnn-forward');
}

/** Backward graph: inputs x, states [T·b, N], recurrent, out_kernel, d_logits [b, K]; outputs d_kernel, d_recurrent, d_bias, d_out_kernel, d_out_bias. */
export function rnnBackwardGraph(shape: RnnGraphShape): Uint8Array {
  const { steps: T, channels: C, n: N, classes: K } = shape;
  const g = new OnnxGraph();
  const x = g.input(RNN_INPUTS.x, [T, 'b', C]);
  const states = g.input(RNN_INPUTS.states, ['tb', N]);
  const w = g.input(RNN_INPUTS.recurrent, [N, N]);
  const wOut = g.input(RNN_INPUTS.outKernel, [N, K]);
  const dLogits = g.input(RNN_INPUTS.dLogits, ['b', K]);
  const hs = T > 1 ? g.node('Split', [states], T, { axis: { int: 0 } }) : [states];
  const hLast = hs[T - 1] as string;
  g.output(g.gemm(hLast, dLogits, true, false), 'd_out_kernel', [N, K]);
  g.output(g.op('ReduceSum', [dLogits, g.ints([0])], { keepdims: { int: 0 } }), 'd_out_bias', [K]);
  const zero = g.scalar(0);
  let grad = g.gemm(dLogits, wOut, false, true);
  const deltas: string[] = new Array(T);
  for (let t = T - 1; t >= 0; t--) {
    const delta = g.op('Where', [g.op('Greater', [hs[t] as string, zero]), grad, zero]);
    deltas[t] = delta;
    if (t > 0) grad = g.gemm(delta, w, false, true);
  }
  const deltaStack = T > 1 ? g.op('Concat', deltas, { axis: { int: 0 } }) : (deltas[0] as string);
  g.output(g.op('ReduceSum', [deltaStack, g.ints([0])], { keepdims: { int: 0 } }), 'd_bias', [N]);
  g.output(g.gemm(g.op('Reshape', [x, g.ints([-1, C])]), deltaStack, true, false), 'd_kernel', [C, N]);
  if (T > 1) {
    const hPrev = T > 2 ? g.op('Concat', hs.slice(0, T - 1), { axis: { int: 0 } }) : (hs[0] as string);
    const dNext = T > 2 ? g.op('Concat', deltas.slice(1), { axis: { int: 0 } }) : (deltas[1] as string);
    g.output(g.gemm(hPrev, dNext, true, false), 'd_recurrent', [N, N]);
  } else {
    g.output(g.op('Mul', [w, zero]), 'd_recurrent', [N, N]);
  }
  return g.encode('simple-rnn-backward');
}
