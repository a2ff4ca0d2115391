/**
 * `@olfactory/model/test`: test support shared beyond this package's own tests. The TF.js
 * oracle — the student circuit written directly in TF.js ops and differentiated by autodiff —
 * checks the fused engine's hand-derived BPTT (`test/tfjs`) and is the baseline of
 * `pnpm bench:train`. It is not part of the model's production API. Also the real circuit
 * (loaded once per test file from the test data) and a deterministic test student, for the
 * CLI's tests.
 */
export { createTfjsCircuit, tfjsCircuitForward } from './tfjs-circuit';
export type { TfjsCircuit, TfjsCircuitCounts, TfjsCircuitOptions } from './tfjs-circuit';
export { realCircuit } from '../helpers/real-circuit';
export { testStudent } from '../helpers/test-student';
