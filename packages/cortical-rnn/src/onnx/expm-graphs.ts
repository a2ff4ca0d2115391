/**
 * The matrix exponential of `regularizers/expm.ts` (scaling and squaring, [13/13] Padé, Higham
 * 2005) and its hand-derived reverse-mode derivative as ONNX graphs for onnxruntime, one pair
 * per scaling exponent s (chosen by the caller from ‖A‖₁, as there):
 *
 *   B = 2^{−s} A,  B₂ = B B,  B₄ = B₂ B₂,  B₆ = B₄ B₂
 *   P₁ = b₁₃B₆ + b₁₁B₄ + b₉B₂,  U_in = B₆ P₁ + b₇B₆ + b₅B₄ + b₃B₂ + b₁I,  U = B U_in
 *   P₂ = b₁₂B₆ + b₁₀B₄ + b₈B₂,  V = B₆ P₂ + b₆B₆ + b₄B₄ + b₂B₂ + b₀I
 *   Q = V − U,  P = V + U,  R₀ = Q⁻¹ P,  R_{k+1} = R_k R_k,  exp(A) ≈ R_s
 *
 * Reverse mode, from Ē = R̄_s (each line the adjoint of one forward line, read bottom-up):
 *   R̄_k = R̄_{k+1} R_kᵀ + R_kᵀ R̄_{k+1}
 *   P̄ = Q⁻ᵀ R̄₀,  Q̄ = −P̄ R₀ᵀ,  V̄ = P̄ + Q̄,  Ū = P̄ − Q̄
 *   B̄ = Ū U_inᵀ,  Ū_in = Bᵀ Ū,  P̄₁ = B₆ᵀ Ū_in,  P̄₂ = B₆ᵀ V̄
 *   B̄₆ = Ū_in P₁ᵀ + V̄ P₂ᵀ + b₇Ū_in + b₆V̄ + b₁₃P̄₁ + b₁₂P̄₂,  B̄₄ = b₅Ū_in + b₄V̄ + b₁₁P̄₁ + b₁₀P̄₂,
 *   B̄₂ = b₃Ū_in + b₂V̄ + b₉P̄₁ + b₈P̄₂
 *   B̄₄ += B̄₆ B₂ᵀ,  B̄₂ += B₄ᵀ B̄₆;  B̄₂ += B̄₄ B₂ᵀ + B₂ᵀ B̄₄;  B̄ += B̄₂ Bᵀ + Bᵀ B̄₂;  Ā = 2^{−s} B̄
 *
 * The forward graph also outputs the intermediates the reverse graph reads (`EXPM_SAVED`), so a
 * gradient costs one forward and one reverse run and no recomputation. The inverse is
 * onnxruntime's `com.microsoft` Inverse (float32 LU), where the TF.js path inverts in float64 JS.
 */
import { PADE13 } from '../regularizers/expm';
import { OnnxGraph } from './onnx-graph';

/** Names of the forward graph's saved intermediates (inputs of the reverse graph), besides the squarings `r_0 … r_{s−1}`. */
export const EXPM_SAVED = ['b', 'b2', 'b4', 'b6', 'p1', 'p2', 'u_in', 'q_inv', 'p', 'r0'] as const;

const identity = (n: number) => {
  const v = new Float32Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  return v;
};

/** Forward graph for n×n matrices and scaling s: input `a`; outputs `expm` and the saved intermediates. */
export function expmForwardGraph(n: number, s: number): Uint8Array {
  const c = PADE13;
  const g = new OnnxGraph();
  const a = g.input('a', [n, n]);
  const I = g.floats([n, n], identity(n));
  const b = s > 0 ? g.op('Mul', [a, g.scalar(2 ** -s)]) : g.op('Identity', [a]);
  const b2 = g.gemm(b, b);
  const b4 = g.gemm(b2, b2);
  const b6 = g.gemm(b4, b2);
  // the odd (k = 1: U before the product with b) and even (k = 0: V) halves of the Padé-13
  // numerator, b6·P + c[6+k]·b6 + c[4+k]·b4 + c[2+k]·b2 + c[k]·I with P = c[12+k]·b6 + c[10+k]·b4 + c[8+k]·b2
  const half = (k: 0 | 1) => {
    const poly = g.linear([
      [c[12 + k] as number, b6],
      [c[10 + k] as number, b4],
      [c[8 + k] as number, b2],
    ]);
    const rest = g.linear([
      [c[6 + k] as number, b6],
      [c[4 + k] as number, b4],
      [c[2 + k] as number, b2],
      [c[k] as number, I],
    ]);
    return { poly, sum: g.op('Sum', [g.gemm(b6, poly), rest]) };
  };
  const { poly: p1, sum: uIn } = half(1);
  const u = g.gemm(b, uIn);
  const { poly: p2, sum: v } = half(0);
  const qInv = g.op('Inverse', [g.op('Sub', [v, u])], {}, 'com.microsoft');
  const p = g.op('Add', [v, u]);
  let r = g.gemm(qInv, p);
  const saved: Record<string, string> = { b, b2, b4, b6, p1, p2, u_in: uIn, q_inv: qInv, p, r0: r };
  for (const [name, value] of Object.entries(saved)) g.output(value, name, [n, n]);
  for (let k = 0; k < s; k++) {
    if (k > 0) g.output(r, `r${k}`, [n, n]);
    r = g.gemm(r, r);
  }
  g.output(r, 'expm', [n, n]);
  return g.encode('expm-forward');
}

/** Reverse graph for n×n and scaling s: inputs the saved intermediates, `r_1 … r_{s−1}` and `e_bar` (∂L/∂expm); output `a_bar` (∂L/∂a). */
export function expmReverseGraph(n: number, s: number): Uint8Array {
  const c = PADE13;
  const g = new OnnxGraph();
  const inp = Object.fromEntries(EXPM_SAVED.map((k) => [k, g.input(k, [n, n])])) as Record<(typeof EXPM_SAVED)[number], string>;
  const rs = [inp.r0];
  for (let k = 1; k < s; k++) rs.push(g.input(`r${k}`, [n, n]));
  let rBar = g.input('e_bar', [n, n]);
  for (let k = s - 1; k >= 0; k--) {
    const rk = rs[k] as string;
    rBar = g.op('Add', [g.gemm(rBar, rk, false, true), g.gemm(rk, rBar, true, false)]);
  }
  const pBar = g.gemm(inp.q_inv, rBar, true, false);
  const qBar = g.op('Neg', [g.gemm(pBar, inp.r0, false, true)]);
  const vBar = g.op('Add', [pBar, qBar]);
  const uBar = g.op('Sub', [pBar, qBar]);
  const bBarU = g.gemm(uBar, inp.u_in, false, true);
  const uInBar = g.gemm(inp.b, uBar, true, false);
  const p1Bar = g.gemm(inp.b6, uInBar, true, false);
  const p2Bar = g.gemm(inp.b6, vBar, true, false);
  const b6Bar = g.op('Sum', [
    g.gemm(uInBar, inp.p1, false, true),
    g.gemm(vBar, inp.p2, false, true),
    g.linear([
      [c[7] as number, uInBar],
      [c[6] as number, vBar],
      [c[13] as number, p1Bar],
      [c[12] as number, p2Bar],
    ]),
  ]);
  const b4Bar0 = g.linear([
    [c[5] as number, uInBar],
    [c[4] as number, vBar],
    [c[11] as number, p1Bar],
    [c[10] as number, p2Bar],
  ]);
  const b2Bar0 = g.linear([
    [c[3] as number, uInBar],
    [c[2] as number, vBar],
    [c[9] as number, p1Bar],
    [c[8] as number, p2Bar],
  ]);
  const b4Bar = g.op('Add', [b4Bar0, g.gemm(b6Bar, inp.b2, false, true)]);
  const b2Bar = g.op('Sum', [b2Bar0, g.gemm(inp.b4, b6Bar, true, false), g.gemm(b4Bar, inp.b2, false, true), g.gemm(inp.b2, b4Bar, true, false)]);
  const bBar = g.op('Sum', [bBarU, g.gemm(b2Bar, inp.b, false, true), g.gemm(inp.b, b2Bar, true, false)]);
  g.output(s > 0 ? g.op('Mul', [bBar, g.scalar(2 ** -s)]) : bBar, 'a_bar', [n, n]);
  return g.encode('expm-reverse');
}
