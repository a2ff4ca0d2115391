/**
 * Stream and source ids of the counter-based generator (`createRng(seed)`) used by the model's
 * data pipeline. A block is addressed by (stream, sample, step, source); keeping the ids in one
 * place guarantees that no two consumers read the same numbers.
 */
export const NOISE_STREAM = Object.freeze({
  /** Teacher training epochs: stream = TEACHER_TRAIN_BASE + epoch. */
  TEACHER_TRAIN_BASE: 0x1000_0000,
  /** Student training epochs: stream = STUDENT_TRAIN_BASE + epoch. */
  STUDENT_TRAIN_BASE: 0x2000_0000,
  /** Evaluation test sets. */
  EVALUATION: 0x3000_0000,
  /** Parameter initialisation (decoder weights). */
  INIT: 0x4000_0000,
  /** Training-time monitoring: stream = MONITOR + epoch (+ offsets per measurement). */
  MONITOR: 0x5000_0000,
  /** Deterministic recompute protocol (§4.1). */
  RECOMPUTE: 0x6000_0000,
});

export const NOISE_SOURCE = Object.freeze({
  /** Per-sample multiplicative OR input noise (one draw per receptor). */
  OR_INPUT: 1,
  /** Per-epoch shuffling of the training order. */
  SHUFFLE: 2,
  /** Decoder initialisation. */
  DECODER_INIT: 3,
  /** Circuit noise of one sample and time step (receptor, membrane, current, release, jitter; see `NoiseLayout`). */
  CIRCUIT: 4,
});
