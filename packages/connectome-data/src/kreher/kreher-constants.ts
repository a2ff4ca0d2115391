/**
 * The 21 larval odorant receptors of Kreher et al. 2008 in the column order that fixes the
 * OR→ORN mapping (index 0..20). Or83a is non-functional in Canton-S: spontaneous ~8 Hz, no odor
 * responses (Kreher et al. 2011); it has no DoOR file.
 */
export const KREHER_RECEPTORS = [
  'Or1a',
  'Or2a',
  'Or7a',
  'Or13a',
  'Or22c',
  'Or24a',
  'Or30a',
  'Or33b',
  'Or35a',
  'Or42a',
  'Or42b',
  'Or45a',
  'Or45b',
  'Or47a',
  'Or49a',
  'Or59a',
  'Or67b',
  'Or74a',
  'Or82a',
  'Or83a',
  'Or85c',
] as const;

/** A Kreher 2008 receptor name. */
export type KreherReceptor = (typeof KREHER_RECEPTORS)[number];

/** Receptors measured in DoOR (`Kreher.2008.EN`): all but Or83a. */
export const KREHER_DOOR_RECEPTORS: readonly KreherReceptor[] = KREHER_RECEPTORS.filter((r) => r !== 'Or83a');

/**
 * The 28 stimulus conditions, in class-label order: 0 = `sfr` (spontaneous firing, no odor),
 * then 27 odorants (DoOR `Name` column).
 */
export const KREHER_CONDITIONS = [
  'sfr',
  'propanoic acid',
  'geranyl acetate',
  '(1R)-(-)-fenchone',
  'E2-hexenal',
  '2-heptanone',
  '2,3-butanedione',
  'cyclohexanone',
  'methyl salicylate',
  'benzaldehyde',
  'acetophenone',
  '2-methylphenol',
  '4-methoxybenzene',
  '4-allyl-1,2-dimethoxybenzene',
  '4-methylphenol',
  '1-butanol',
  '1-hexanol',
  '1-octen-3-ol',
  '1-heptanol',
  '3-octanol',
  '1-nonanol',
  'ethyl acetate',
  'propyl acetate',
  'pentyl acetate',
  'isopentyl acetate',
  'ethyl butyrate',
  'octyl acetate',
  'carbon dioxide',
] as const;

/** The DoOR study column holding the Kreher et al. 2008 empty-neuron recordings. */
export const KREHER_STUDY_COLUMN = 'Kreher.2008.EN';

/** Or83a's spontaneous rate (spikes/s) in the `sfr` row; 0 in every odor row. */
export const OR83A_SPONTANEOUS_HZ = 8;
