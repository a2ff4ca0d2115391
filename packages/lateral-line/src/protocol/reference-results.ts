/**
 * The reference's published topography gradient (RESULTS.md / BASELINE.md of
 * JulieGoulet2/LateralLine; 10,000 trials, D = 0.8 cm, 10 seeds per level), as printed there.
 * Rows 0.10–0.20 used its extract mode, which re-tests with the INITIAL LL→MON weights; rows
 * 0.40–0.80 used its training mode (spec §1.7): the table mixes two evaluations.
 */
export const REFERENCE_PUBLISHED_GRADIENT = Object.freeze([
  { topography: 0.1, sigmaTheta: '0.902 ± 0.234', validFraction: '0.846 ± 0.112', mode: 'extract (initial LL→MON weights)' },
  { topography: 0.15, sigmaTheta: '0.455 ± 0.094', validFraction: '0.893 ± 0.024', mode: 'extract (initial LL→MON weights)' },
  { topography: 0.2, sigmaTheta: '0.354 ± 0.058', validFraction: '0.912 ± 0.028', mode: 'extract (initial LL→MON weights)' },
  { topography: 0.4, sigmaTheta: '0.330 ± 0.052', validFraction: '0.906 ± 0.038', mode: 'training' },
  { topography: 0.6, sigmaTheta: '0.286 ± 0.035', validFraction: '0.971 ± 0.011', mode: 'training' },
  { topography: 0.8, sigmaTheta: '0.278 ± 0.035', validFraction: '0.983 ± 0.017', mode: 'training' },
] as const);
