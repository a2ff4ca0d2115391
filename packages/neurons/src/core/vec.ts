/**
 * A flat numeric buffer accepted by every kernel: `Float32Array` in production, `Float64Array`
 * in gradient tests. Population arrays are batch-major, `x[b * n + i]` for sample `b` and
 * neuron `i`.
 */
export type Vec = Float32Array | Float64Array;

/** The constructor of a {@link Vec} (`Float32Array` or `Float64Array`), used by `create*` helpers. */
export type VecConstructor = Float32ArrayConstructor | Float64ArrayConstructor;
