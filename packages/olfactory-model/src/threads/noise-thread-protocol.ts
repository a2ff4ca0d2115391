import type { NoiseLayout } from '../engine/spiking-circuit';

/**
 * The messages between the noise thread (`noise-thread.ts`) and its two users. Types and
 * constants only: both sides import it, so the protocol is written once.
 */

/** Words of the staging protocol's shared control array. */
export const CTRL = Object.freeze({
  /** Jobs with an id ≤ this value stop at their next step. */
  cancel: 0,
  /** Non-zero once the thread failed. */
  error: 1,
  /** `progress + set`: `job·stride + steps done` of the job filling that set. */
  progress: 2,
  /** Progress words encode `job·stride + steps`: at most `stride − 1` steps per job. */
  stride: 64,
  /** Words in the control array. */
  words: 4,
});

/** `workerData` of the training engine's staging thread. */
export interface StagingThreadData {
  readonly kind: 'staging';
  readonly layout: NoiseLayout;
  readonly batch: number;
  readonly float64: boolean;
  /** The control array's SharedArrayBuffer (see {@link CTRL}). */
  readonly ctrl: SharedArrayBuffer;
  /** Two sets of per-step SharedArrayBuffers. */
  readonly sets: readonly (readonly SharedArrayBuffer[])[];
}

/** One staging job: fill `set`, all steps, for samples `sampleIds` of `createRng(seed)`'s stream. */
export interface StagingRequest {
  readonly job: number;
  readonly set: number;
  readonly seed: number;
  readonly stream: number;
  readonly sampleIds: readonly number[];
}

/** `workerData` of a recompute pool thread. */
export interface PoolThreadData {
  readonly kind: 'pool';
  readonly layout: NoiseLayout;
}

/** One pool job: samples `firstId .. firstId + count − 1` of `stream` into `buffer` (transferred). */
export interface PoolRequest {
  readonly id: number;
  readonly buffer: ArrayBuffer;
  readonly count: number;
  readonly seed: number;
  readonly stream: number;
  readonly firstId: number;
}
