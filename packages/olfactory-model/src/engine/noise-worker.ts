import { Worker } from 'node:worker_threads';
import type { CounterRng } from '@olfactory/neurons';
import { BlockRng, counterNormalKernel, createRng, normalSamplerModule } from '@olfactory/neurons';
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
 * id is ≤ the cancel word stops at its next step. The worker reproduces `createRng` with
 * {@link counterNormalKernel} (the generator as one self-contained function, evaluated in the
 * worker from its source text; given the four-lane WebAssembly sampler's bytes as data, it draws
 * four samples at once), so it works the same from the TypeScript sources, the ESM and the CJS
 * builds.
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

const STRIDE = 64;
const CANCEL = 0;
const ERROR = 1;
const PROGRESS = 2;
// restart before job·64 overflows int32
const MAX_JOB = Math.floor(0x7fffffff / STRIDE) - 1;

function workerSource(): string {
  return `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const kernel = (${counterNormalKernel.toString()})(workerData.sampler);
const segmentsFlat = workerData.segments.flat();
const ctrl = new Int32Array(workerData.ctrl);
const B = workerData.batch;
const views = workerData.sets.map((set) => set.map((sab) => (workerData.float64 ? new Float64Array(sab) : new Float32Array(sab))));
const runs = [];
for (let b = 0; b < B; b++) {
  const r = [];
  for (const [offset, size, std] of workerData.segments) r.push(offset * B + b * size, size, std);
  runs.push(Float64Array.from(r));
}
parentPort.on('message', (m) => {
  try {
    const out = views[m.set];
    for (let t = 0; t < out.length; t++) {
      if (Atomics.load(ctrl, ${CANCEL}) >= m.job) return;
      if (workerData.float64) for (let b = 0; b < B; b++) kernel.fillRuns(m.seed, m.stream, m.sampleIds[b], t, m.source, out[t], runs[b]);
      else kernel.fillStep(m.seed, m.stream, m.sampleIds, t, m.source, out[t], segmentsFlat);
      Atomics.store(ctrl, ${PROGRESS} + m.set, m.job * ${STRIDE} + t + 1);
      Atomics.notify(ctrl, ${PROGRESS} + m.set);
    }
  } catch (err) {
    Atomics.store(ctrl, ${ERROR}, 1);
    Atomics.notify(ctrl, ${PROGRESS});
    Atomics.notify(ctrl, ${PROGRESS} + 1);
  }
});
`;
}

/**
 * Start a noise worker for batches of `batch` samples and `steps` steps (buffers of
 * `layout.perSampleStep · batch` values, float32 or float64). `source` is the counter `source`
 * word of the circuit noise (`NOISE_SOURCE.CIRCUIT`). The thread is `unref`'d: it never keeps
 * the process alive; call `dispose()` to stop it.
 */
export function createNoiseWorker(layout: NoiseLayout, batch: number, steps: number, float64: boolean, source: number): NoiseWorker {
  if (steps >= STRIDE) throw new RangeError(`createNoiseWorker: ${steps} steps; at most ${STRIDE - 1}`);
  const bytes = layout.perSampleStep * batch * (float64 ? 8 : 4);
  const sabs = [0, 1].map(() => Array.from({ length: steps }, () => new SharedArrayBuffer(bytes)));
  const sets = sabs.map((set) => set.map((sab) => (float64 ? new Float64Array(sab) : new Float32Array(sab))));
  const segments = layout.segments.map((g) => [g.offset, g.size, g.std]);
  let ctrl = new Int32Array(new SharedArrayBuffer(4 * (PROGRESS + 2)));
  let worker: Worker | null = null;
  let nextJob = 1;
  const start = () => {
    ctrl = new Int32Array(new SharedArrayBuffer(4 * (PROGRESS + 2)));
    nextJob = 1;
    worker = new Worker(workerSource(), { eval: true, workerData: { ctrl: ctrl.buffer, batch, sets: sabs, segments, float64, sampler: normalSamplerModule() } });
    worker.unref();
    worker.on('error', () => {
      Atomics.store(ctrl, ERROR, 1);
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
      worker!.postMessage({ job, set, seed: rng.seed, stream, source, sampleIds: Array.from(sampleIds) });
      return job;
    },
    waitStep(set, job, t) {
      if (worker === null) return false;
      const target = job * STRIDE + t + 1;
      const word = PROGRESS + set;
      let v = Atomics.load(ctrl, word);
      for (let spin = 0; v < target && spin < 64; spin++) v = Atomics.load(ctrl, word);
      let waited = 0;
      while (v < target) {
        if (Atomics.load(ctrl, ERROR) !== 0 || waited >= 30) return false;
        if (Atomics.wait(ctrl, word, v, 1000) === 'timed-out') waited++;
        v = Atomics.load(ctrl, word);
      }
      return true;
    },
    cancelThrough(job) {
      if (worker !== null && Atomics.load(ctrl, CANCEL) < job) Atomics.store(ctrl, CANCEL, job);
    },
    dispose() {
      if (worker !== null) void worker.terminate();
      worker = null;
    },
  };
}
