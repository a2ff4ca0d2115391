/**
 * The 11 variants of the study (spec §2.3, CSV row order): initialisation × distance ×
 * communicability. `*` marks empirical data, `!` a permutation, `C` direct communicability and
 * `C*` its EMD form. W*D*C and WD*C share the regulariser and differ only in initialisation.
 */
import { InvalidParameterError } from '@olfactory/neurons';

/** One variant. */
export interface VariantSpec {
  readonly name: string;
  /** `bio`: W*, `permuted`: W!, `orthogonal`: Keras Orthogonal. */
  readonly init: 'bio' | 'permuted' | 'orthogonal';
  /** `soma`: D* (real, min-max-normalised soma distances), `grid`: D, `none`: plain W penalty. */
  readonly distance: 'soma' | 'grid' | 'none';
  /** `direct`: WDC, `emd`: WDC_EMD, `none`. */
  readonly communicability: 'direct' | 'emd' | 'none';
}

const v = (name: string, init: VariantSpec['init'], distance: VariantSpec['distance'], communicability: VariantSpec['communicability']): VariantSpec =>
  Object.freeze({ name, init, distance, communicability });

/** The 11 variants in the reference's CSV order. */
export const VARIANTS: readonly VariantSpec[] = Object.freeze([
  v('W*D*C', 'bio', 'soma', 'direct'),
  v('WD*C', 'orthogonal', 'soma', 'direct'),
  v('WDC', 'orthogonal', 'grid', 'direct'),
  v('WD*', 'orthogonal', 'soma', 'none'),
  v('WD', 'orthogonal', 'grid', 'none'),
  v('W', 'orthogonal', 'none', 'none'),
  v('W*D*C*', 'bio', 'soma', 'emd'),
  v('WD*C*', 'orthogonal', 'soma', 'emd'),
  v('W*DC*', 'bio', 'grid', 'emd'),
  v('W!D*C', 'permuted', 'soma', 'direct'),
  v('W!D*C*', 'permuted', 'soma', 'emd'),
]);

/** Looks a variant up by name; throws InvalidParameterError listing the valid names. */
export function variantByName(name: string): VariantSpec {
  const found = VARIANTS.find((x) => x.name === name);
  if (!found) throw new InvalidParameterError({ parameter: 'variant', value: name, expected: `one of ${VARIANTS.map((x) => x.name).join(', ')}` });
  return found;
}
