/**
 * Memory layout shared by the generated kernels and `kernel-arena.ts`. Bytes [0, RESERVED) of an
 * arena are never handed out, so a null array is pointer 0.
 */

/** Samples per tile of the sparse products (stored sample-minor: `element × 16`). */
export const SYNAPSE_TILE = 16;
/** Float64 gradient sums of a backward kernel (three for a synapse, up to four for an extension kernel); 4 slots. */
export const SUMS = 16;
/** 2^(i − 1024) for i in [0, 2048], float64 (the exponent table of the inline exp). */
export const POW2 = 64;
/** Per-neuron float64 parameters of a neuron kernel call (thresholds), up to {@link PARAM_SLOTS}. */
export const PARAMS = POW2 + 8 * 2049 + 8;
export const PARAM_SLOTS = 1024;
/** The Ziggurat tables (K int32[256], W float64[256]) of the normal sampler. */
export const ZIG_K = PARAMS + 8 * PARAM_SLOTS;
export const ZIG_W = ZIG_K + 4 * 256;
/** The Ziggurat layer densities F float64[128]. */
export const ZIG_F = ZIG_W + 8 * 256;
/** Four xoshiro128** states as four int32×4 vectors (s0, s1, s2, s3; lane = generator). */
export const XOSHIRO4 = ZIG_F + 8 * 128;
/** Run table of a four-generator normal fill: per run four int32 element offsets, the count, padding, the float64 σ. */
export const NORMAL_RUNS = XOSHIRO4 + 64;
export const NORMAL_RUN_SLOTS = 64;
/** First byte an arena hands out or uploads to. */
export const RESERVED = NORMAL_RUNS + 32 * NORMAL_RUN_SLOTS;
