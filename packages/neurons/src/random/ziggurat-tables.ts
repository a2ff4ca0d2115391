import { portableExp, portableLog } from './portable-math';

/**
 * Tables of the Ziggurat method for the standard normal distribution (Marsaglia & Tsang 2000,
 * "The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8),
 * doi:10.18637/jss.v005.i08), 128 layers, built once at module load with the constants of the
 * paper's `zigset` (r = 3.442619855899, v = 9.91256303526217e-3).
 *
 * Variant used here: each draw spends one 32-bit word as
 *   bits 0–6: layer i,  bit 7: sign,  bits 8–31: 24-bit magnitude j,
 * so the layer, the sign and the magnitude come from disjoint bits (the original RNOR reuses the
 * low bits of the magnitude as the layer index). Tables are indexed by the low 8 bits (layer +
 * sign) so the fast path needs no branch on the sign: accept when j < K[b], return j·W[b].
 * Built with {@link portableExp}/{@link portableLog}, so they are identical on every platform.
 */

/** Tail start r (the right edge of the base layer). */
export const ZIGGURAT_R = 3.442619855899;
const ZIGGURAT_V = 9.91256303526217e-3;
const MAGNITUDE_SCALE = 16777216; // 2^24

/** Accept thresholds, indexed by the low 8 bits of a draw (layer + 128·sign). */
export const ZIGGURAT_K = new Int32Array(256);
/** Magnitude scale x = j·W[b], signed (negative for b ≥ 128). */
export const ZIGGURAT_W = new Float64Array(256);
/** f(x_i) = exp(−x_i²/2) at the layer edges, indexed by layer (0..127). */
export const ZIGGURAT_F = new Float64Array(128);

function build(): void {
  const k = new Float64Array(128);
  const w = new Float64Array(128);
  let dn = ZIGGURAT_R;
  let tn = dn;
  const q = ZIGGURAT_V / portableExp(-0.5 * dn * dn);
  k[0] = Math.floor((dn / q) * MAGNITUDE_SCALE);
  k[1] = 0;
  w[0] = q / MAGNITUDE_SCALE;
  w[127] = dn / MAGNITUDE_SCALE;
  ZIGGURAT_F[0] = 1;
  ZIGGURAT_F[127] = portableExp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * portableLog(ZIGGURAT_V / dn + portableExp(-0.5 * dn * dn)));
    k[i + 1] = Math.floor((dn / tn) * MAGNITUDE_SCALE);
    tn = dn;
    ZIGGURAT_F[i] = portableExp(-0.5 * dn * dn);
    w[i] = dn / MAGNITUDE_SCALE;
  }
  for (let i = 0; i < 128; i++) {
    ZIGGURAT_K[i] = k[i]!;
    ZIGGURAT_K[i + 128] = k[i]!;
    ZIGGURAT_W[i] = w[i]!;
    ZIGGURAT_W[i + 128] = -w[i]!;
  }
}
build();
