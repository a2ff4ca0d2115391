/**
 * The package's single unit system: ms, mV, nA, nS, MΩ (and Hz). In it
 * nA × MΩ = mV, nS × mV = pA = 1e-3 nA, and ms / MΩ = nF.
 *
 * The reference model is written in SI units (s, V, A, S, Ω); these factors convert the few
 * places where the reference mixes a physical quantity into a dimensionless one.
 */

/** nS × mV = pA = 1e-3 nA: multiply a conductance (nS) times a voltage (mV) by this to get nA. */
export const NA_PER_NS_MV = 1e-3;

/** Volts per millivolt (1e-3): the reference feeds some voltages, in volts, to dimensionless sums. */
export const V_PER_MV = 1e-3;
