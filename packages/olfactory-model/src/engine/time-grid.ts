/** Number of time steps per stimulus and step size (spec §2.1). */
export const STEPS = 30;
export const DT_MS = 1;
