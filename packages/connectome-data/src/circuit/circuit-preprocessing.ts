import { InvalidParameterError } from '@olfactory/neurons';

/**
 * Receptor→ORN assignments. `one-to-one` and `by-name` match receptors to ORN types by name
 * (spec §1.2). The positional ones read the reference's rule "OR i → ORN 2i, 2i+1 in its own
 * (unpublished) ORN order" literally, for four plausible orders of the 42 ORNs:
 *
 * - `annotation-order`: annotations.csv row order, left then right of each pair (the circuit's order);
 * - `skeleton-id-order`: ascending skeleton id (the two ORNs given one receptor need not be a pair);
 * - `pn-partner-order`: ORN pairs in the order of their uniglomerular PN partners, left then right;
 * - `side-major-order`: every left ORN in annotation order, then every right ORN (no left/right pairing).
 */
export const OR_MAPPING_NAMES = ['one-to-one', 'by-name', 'annotation-order', 'skeleton-id-order', 'pn-partner-order', 'side-major-order'] as const;
export type OrMappingName = (typeof OR_MAPPING_NAMES)[number];

/**
 * Every choice that turns the public connectome into the model's matrices, recorded in each
 * checkpoint so that recompute rebuilds the same circuit. The reference trained on preprocessed
 * matrices it never published; these are the readings of its description that the public data
 * allows (docs/data-preprocessing.md explains each one and what it does to the circuit).
 */
export interface CircuitPreprocessing {
  /** Receptor→ORN assignment. Canonical `one-to-one`. */
  readonly orMapping: OrMappingName;
  /** Quantile of the LN excitatory/inhibitory split (spec §1.3). Canonical 0.33. */
  readonly lnQuantile: number;
  /**
   * Non-AD pathways (`aa + da + dd`): synapse `counts` (default) or `binary` edge masks. The
   * reference's own non-AD totals (ORN→LN 182, LN→PN 582, LN→LN 605, PN→LN 518, LN→ORN 310)
   * equal the public *edge* counts exactly, which points at binary masks.
   */
  readonly nonAdWeights: 'counts' | 'binary';
  /**
   * The graded KC dendro-dendritic coupling: synapse `counts` (default) or a `binary` mask. The
   * reference's KC–KC dd total, 987, equals the public edge count (1,191 synapses).
   */
  readonly kcDendroDendritic: 'counts' | 'binary';
  /**
   * Normalisation of the chemical pathways' counts: each matrix by its own maximum (default,
   * spec §1.2) or all 16 by the largest count of any of them (`global-max`). A normalisation by
   * nothing (raw counts) is the per-matrix one with rescaled initial strengths; it is not a
   * separate option.
   */
  readonly countNormalization: 'per-matrix-max' | 'global-max';
}

/**
 * The library's default preprocessing: the reading of spec §1.2–§1.3 with receptors matched to
 * ORN types by name (`one-to-one`), synapse counts, each matrix by its maximum, LN q 0.33. It is
 * what `buildOlfactoryCircuit(connectome)` builds. The shipped canonical models use
 * {@link PAPER_PREPROCESSING} instead.
 */
export const DEFAULT_PREPROCESSING: CircuitPreprocessing = Object.freeze({
  orMapping: 'one-to-one',
  lnQuantile: 0.33,
  nonAdWeights: 'counts',
  kcDendroDendritic: 'counts',
  countNormalization: 'per-matrix-max',
});

/** A named preprocessing: the default plus the overrides listed. */
export interface DataVariant {
  readonly name: string;
  readonly description: string;
  readonly preprocessing: CircuitPreprocessing;
}

const variant = (name: string, description: string, overrides: Partial<CircuitPreprocessing>): DataVariant =>
  Object.freeze({ name, description, preprocessing: Object.freeze({ ...DEFAULT_PREPROCESSING, ...overrides }) });

/** The built-in data variants the variant experiment trains (`olfactory data variants`). */
export const DATA_VARIANTS: readonly DataVariant[] = Object.freeze([
  variant('one-to-one', 'the library default: receptors matched to ORN types by name one-to-one, non-AD and KC dd as synapse counts, each matrix / its max, LN q 0.33', {}),
  variant('by-name', 'receptors matched to ORN types by name (Or2a, Or7a unused; 33a, 63a, 94a&94b undriven)', { orMapping: 'by-name' }),
  variant('annotation-order', 'OR i → ORNs 2i, 2i+1 in annotations.csv order (left/right pairs); the shipped canonical models', { orMapping: 'annotation-order' }),
  variant('skeleton-id-order', 'OR i → ORNs 2i, 2i+1 in ascending skeleton-id order', { orMapping: 'skeleton-id-order' }),
  variant('pn-partner-order', 'OR i → ORN pair i in the order of the pairs’ uPN partners', { orMapping: 'pn-partner-order' }),
  variant('side-major-order', 'OR i → ORNs 2i, 2i+1 with all left ORNs before all right ones', { orMapping: 'side-major-order' }),
  variant('nonad-binary', 'non-AD pathways as binary edge masks (their totals = the reference’s)', { nonAdWeights: 'binary' }),
  variant('reference-masks', 'non-AD pathways and KC dd as binary masks (every reference total matched)', { nonAdWeights: 'binary', kcDendroDendritic: 'binary' }),
  variant('global-max', 'all chemical pathways divided by the largest count of any of them', { countNormalization: 'global-max' }),
  variant('ln-q020', 'LN split at quantile 0.20 (6 excitatory : 20 inhibitory)', { lnQuantile: 0.2 }),
  variant('ln-q050', 'LN split at quantile 0.50 (13 : 13)', { lnQuantile: 0.5 }),
]);

/**
 * The data variant of the shipped canonical models (`models/canonical`): the reference's
 * hard-coded receptor→ORN map (receptor i → ORNs 2i, 2i+1) read on the connectome's ORNs in
 * annotations.csv order. Chosen by the variant experiment of docs/data-preprocessing.md: it is the
 * one reading that lands on the paper's signature (AL/MB split, accuracy, PN and KC dynamic range,
 * both gain checks). It assigns receptors to glomeruli without regard to their names: faithful to
 * the reference, not to the fly (the `by-name` variant is).
 */
export const PAPER_VARIANT = 'annotation-order';

/** A built-in variant by name; unknown names fail listing the valid ones. */
export function dataVariantByName(name: string): DataVariant {
  const v = DATA_VARIANTS.find((d) => d.name === name);
  if (!v) throw new InvalidParameterError({ parameter: 'variant', value: name, expected: `one of ${DATA_VARIANTS.map((d) => d.name).join(', ')}` });
  return v;
}

/** The preprocessing of the shipped canonical models ({@link PAPER_VARIANT}). */
export const PAPER_PREPROCESSING: CircuitPreprocessing = DATA_VARIANTS.find((d) => d.name === PAPER_VARIANT)!.preprocessing;

/**
 * Complete and validate a (partial) preprocessing record: missing fields take the default
 * values; unknown fields or values fail with {@link InvalidParameterError} naming them.
 */
export function resolvePreprocessing(partial: Partial<CircuitPreprocessing> = {}): CircuitPreprocessing {
  const known = Object.keys(DEFAULT_PREPROCESSING);
  for (const k of Object.keys(partial)) {
    if (!known.includes(k)) throw new InvalidParameterError({ parameter: `preprocessing.${k}`, value: (partial as Record<string, unknown>)[k], expected: `one of the fields ${known.join(', ')}` });
  }
  const p = { ...DEFAULT_PREPROCESSING, ...partial };
  const oneOf = (field: keyof CircuitPreprocessing, allowed: readonly unknown[]) => {
    if (!allowed.includes(p[field])) throw new InvalidParameterError({ parameter: `preprocessing.${field}`, value: p[field], expected: `one of ${allowed.join(', ')}` });
  };
  oneOf('orMapping', OR_MAPPING_NAMES);
  oneOf('nonAdWeights', ['counts', 'binary']);
  oneOf('kcDendroDendritic', ['counts', 'binary']);
  oneOf('countNormalization', ['per-matrix-max', 'global-max']);
  if (typeof p.lnQuantile !== 'number' || !(p.lnQuantile >= 0 && p.lnQuantile <= 1)) {
    throw new InvalidParameterError({ parameter: 'preprocessing.lnQuantile', value: p.lnQuantile, expected: 'a number in [0, 1] (default 0.33)' });
  }
  return Object.freeze(p);
}

/** A stable key of a preprocessing record (fields in a fixed order), for caches and "same run" checks. */
export function preprocessingKey(p: CircuitPreprocessing): string {
  return JSON.stringify(Object.keys(DEFAULT_PREPROCESSING).map((k) => [k, p[k as keyof CircuitPreprocessing]]));
}

/** True when two preprocessing records describe the same circuit. */
export function samePreprocessing(a: CircuitPreprocessing, b: CircuitPreprocessing): boolean {
  return preprocessingKey(a) === preprocessingKey(b);
}

/** The fields in which a preprocessing differs from the default one, as `field=value` (`default` when none does). */
export function describePreprocessing(p: Readonly<Record<keyof CircuitPreprocessing, unknown>>): string {
  const diff = Object.entries(p).filter(([k, v]) => DEFAULT_PREPROCESSING[k as keyof CircuitPreprocessing] !== v);
  return diff.length === 0 ? 'default' : diff.map(([k, v]) => `${k}=${v}`).join(', ');
}

/**
 * Synapse totals of the reference's own (unpublished) matrix files, as its code comments give
 * them (spec §1.2). A variant's matrices can be checked against them: the sums of the matrices
 * it builds should equal these where the reading is right.
 */
export const REFERENCE_MATRIX_TOTALS: Readonly<Record<string, number>> = Object.freeze({
  ln_to_ln: 1716,
  pn_to_ln: 1397,
  kc_to_apl: 925,
  apl_to_kc: 681,
  orn_to_ln_nonad: 182,
  ln_to_pn_nonad: 582,
  ln_to_ln_nonad: 605,
  pn_to_ln_nonad: 518,
  pn_to_kc_nonad: 3,
  ln_to_orn_nonad: 310,
  kc_to_kc_aa: 13621,
  kc_to_kc_dd: 987,
  kc_to_kc_ad: 12,
  kc_to_kc_da: 30,
  kc_to_apl_da: 578,
});
