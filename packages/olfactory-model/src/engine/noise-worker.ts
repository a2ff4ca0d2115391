import { Worker } from 'node:worker_threads';
import type { CounterRng } from '@olfactory/neurons';
import { BlockRng, createRng } from '@olfactory/neurons';
import type { StagingRequest, StagingThreadData } from '../threads/noise-thread-protocol';
import { CTRL } from '../threads/noise-thread-protocol';
import { threadEntryFile } from '../threads/thread-entry';
import { NOISE_SOURCE } from '../data/noise-streams';
import type { NoiseLayout } from './spiking-circuit';

/**
 * A worker thread that generates the circuit noise of a forward pass (the `fillCircuitNoise`
 * numbers, bit for bit) into shared buffers while the main thread simulates, so noise
 * generation (≈ 2,766 normals per sample and step) runs on a second core.
 *
 * Protocol: the engine owns two sets of `steps` shared step buffers (double buffering: one set
 * is read by the current forward/backward while the other is filled for the next forward). A
 * job fills one set for one (seed, stream, sample ids) source, step after step; after each step
 * the worker publishes `job·64 + steps done` in the set's progress word and wakes the main
 * thread, which blocks (`Atomics.wait`) only when it catches up. Jobs run in order; a job whose
 * id is ≤ the cancel word stops at its next step. The thread is the bundled `noise-thread`
 * entry (`src/threads/noise-thread.ts`), which runs this package's own `fillCircuitNoise` on
 * `createRng(seed)`: the same code, hence the same numbers, as the calling thread.
 */
export interface NoiseWorker {
  /** The two buffer sets: `sets[set][t]` is the step-t buffer (segment-major, like `fillCircuitNoise`). */
  readonly sets: readonly (readonly (Float32Array | Float64Array)[])[];
  /** Start filling `set` for `source`; returns the job id, or `null` when the generator is not `createRng`'s. */
  request(set: number, rng: CounterRng, sampleIds: ArrayLike<number>, stream: number): number | null;
  /** Block until step `t` of `job` is in its set; `false` when the worker failed (fill locally instead). */
  waitStep(set: number, job: number, t: number): boolean;
  /** Stop every job with an id ≤ `job` at its next step. */
  cancelThrough(job: number): void;
  dispose(): void;
}

// restart before job·stride overflows int32
const MAX_JOB = Math.floor(0x7fffffff / CTRL.stride) - 1;

/**
 * Start a noise worker for batches of `batch` samples and `steps` steps (buffers of
 * `layout.perSampleStep · batch` values, float32 or float64). The thread is `unref`'d: it never
 * keeps the process alive; call `dispose()` to stop it.
 *
 * @throws {ThreadEntryMissingError} when the package's bundled thread entry is missing.
 */
export function createNoiseWorker(layout: NoiseLayout, batch: number, steps: number, float64: boolean): NoiseWorker {
  if (steps >= CTRL.stride) throw new RangeError(`createNoiseWorker: ${steps} steps; at most ${CTRL.stride - 1}`);
  const entry = threadEntryFile('noise-thread');
  const source = NOISE_SOURCE.CIRCUIT;
  const bytes = layout.perSampleStep * batch * (float64 ? 8 : 4);
  const sabs = [0, 1].map(() => Array.from({ length: steps }, () => new SharedArrayBuffer(bytes)));
  const sets = sabs.map((set) => set.map((sab) => (float64 ? new Float64Array(sab) : new Float32Array(sab))));
  // a plain copy of the layout for the thread (the circuit's objects may carry more)
  const plainLayout: NoiseLayout = { segments: layout.segments.map((g) => ({ ...g })), perSampleStep: layout.perSampleStep, index: {} };
  let ctrl = new Int32Array(new SharedArrayBuffer(4 * CTRL.words));
  let worker: Worker | null = null;
  let nextJob = 1;
  const start = () => {
    ctrl = new Int32Array(new SharedArrayBuffer(4 * CTRL.words));
    nextJob = 1;
    const workerData: StagingThreadData = { kind: 'staging', layout: plainLayout, batch, float64, ctrl: ctrl.buffer as SharedArrayBuffer, sets: sabs };
    worker = new Worker(entry, { workerData });
    worker.unref();
    worker.on('error', () => {
      Atomics.store(ctrl, CTRL.error, 1);
    });
  };
  start();
  // generators known to be createRng(seed): check one block's state once per seed
  const verified = new Map<CounterRng, boolean>();
  const a = new BlockRng();
  const b = new BlockRng();
  const isStandard = (rng: CounterRng): boolean => {
    let ok = verified.get(rng);
    if (ok === undefined) {
      createRng(rng.seed).openInto(a, 12345, 7, source, 99);
      rng.openInto(b, 12345, 7, source, 99);
      ok = a.getState().every((w, i) => w === b.getState()[i]);
      verified.set(rng, ok);
    }
    return ok;
  };

  return {
    sets,
    request(set, rng, sampleIds, stream) {
      if (worker === null || !isStandard(rng)) return null;
      if (nextJob >= MAX_JOB) {
        void worker.terminate();
        start();
      }
      const job = nextJob++;
      const message: StagingRequest = { job, set, seed: rng.seed, stream, sampleIds: Array.from(sampleIds) };
      worker!.postMessage(message);
      return job;
    },
    waitStep(set, job, t) {
      if (worker === null) return false;
      const target = job * CTRL.stride + t + 1;
      const word = CTRL.progress + set;
      let v = Atomics.load(ctrl, word);
      for (let spin = 0; v < target && spin < 64; spin++) v = Atomics.load(ctrl, word);
      let waited = 0;
      while (v < target) {
        if (Atomics.load(ctrl, CTRL.error) !== 0 || waited >= 30) return false;
        if (Atomics.wait(ctrl, word, v, 1000) === 'timed-out') waited++;
        v = Atomics.load(ctrl, word);
      }
      return true;
    },
    cancelThrough(job) {
      if (worker !== null && Atomics.load(ctrl, CTRL.cancel) < job) Atomics.store(ctrl, CTRL.cancel, job);
    },
    dispose() {
      if (worker !== null) void worker.terminate();
      worker = null;
    },
  };
}
