/**
 * The noise thread: a worker-thread entry (bundled by the build as `noise-thread.cjs`, see
 * `thread-entry.ts`) that generates circuit noise with the package's own generator code —
 * `fillCircuitNoise` and `fillCircuitNoiseBatch` on `createRng(seed)`, the very functions the
 * main thread uses — so its numbers are those of the main thread by construction, not by a
 * second copy kept in step.
 *
 * Two protocols, chosen by `workerData.kind`:
 * - `'staging'` (the training engine's {@link createNoiseWorker}): fill shared step buffers of
 *   one batch, step after step, publishing progress in a shared control word;
 * - `'pool'` (the recompute evaluator's {@link createCircuitNoisePool}): fill a transferred
 *   buffer with a chunk of consecutive samples in the ONNX layout and send it back.
 *
 * Both generate in a kernel arena where WebAssembly SIMD is available (four samples at a time,
 * the same numbers) and copy into the shared or transferred buffers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CounterRng } from '@olfactory/neurons';
import { BlockRng, createKernelArena, createRng } from '@olfactory/neurons';
import { fillCircuitNoise, fillStepNoise } from '../engine/circuit-noise';
import type { NoiseLayout } from '../engine/spiking-circuit';
import { STEPS } from '../engine/time-grid';
import { fillCircuitNoiseBatch } from '../onnx/circuit-noise-batch';
import type { PoolRequest, PoolThreadData, StagingRequest, StagingThreadData } from './noise-thread-protocol';
import { CTRL } from './noise-thread-protocol';

const rngs = new Map<number, CounterRng>();
const rngFor = (seed: number): CounterRng => {
  let r = rngs.get(seed);
  if (r === undefined) rngs.set(seed, (r = createRng(seed)));
  return r;
};

function runStaging(data: StagingThreadData): void {
  const ctrl = new Int32Array(data.ctrl);
  const views = data.sets.map((set) => set.map((sab) => (data.float64 ? new Float64Array(sab) : new Float32Array(sab))));
  const n = data.layout.perSampleStep * data.batch;
  // float32: generate in a kernel arena (four samples at a time with the SIMD sampler, the same
  // numbers as the JavaScript path) and copy into the shared buffer
  const scratch = data.float64 ? null : (createKernelArena({ float32Elements: n })?.float32(n) ?? null);
  parentPort!.on('message', (m: StagingRequest) => {
    try {
      const out = views[m.set]!;
      const source = { rng: rngFor(m.seed), sampleIds: m.sampleIds, stream: m.stream };
      for (let t = 0; t < out.length; t++) {
        if (Atomics.load(ctrl, CTRL.cancel) >= m.job) return;
        if (scratch !== null) {
          fillCircuitNoise(data.layout, source, t, scratch);
          out[t]!.set(scratch);
        } else fillCircuitNoise(data.layout, source, t, out[t]!);
        Atomics.store(ctrl, CTRL.progress + m.set, m.job * CTRL.stride + t + 1);
        Atomics.notify(ctrl, CTRL.progress + m.set);
      }
    } catch {
      Atomics.store(ctrl, CTRL.error, 1);
      Atomics.notify(ctrl, CTRL.progress);
      Atomics.notify(ctrl, CTRL.progress + 1);
    }
  });
}

function runPool(layout: NoiseLayout): void {
  const P = layout.perSampleStep;
  // one step of the chunk is generated in a kernel arena (four samples at a time with the SIMD
  // sampler: the numbers of fillCircuitNoiseBatch) and copied into the transferred buffer
  let scratch: Float32Array | null = null;
  const block = new BlockRng();
  parentPort!.on('message', (m: PoolRequest) => {
    const t0 = performance.now();
    try {
      const n = m.count * P;
      const out = new Float32Array(m.buffer, 0, STEPS * n);
      const ids = Int32Array.from({ length: m.count }, (_, i) => m.firstId + i);
      if (scratch === null || scratch.length < n) scratch = createKernelArena({ float32Elements: n })?.float32(n) ?? null;
      if (scratch === null) fillCircuitNoiseBatch(layout, rngFor(m.seed), m.stream, ids, out);
      else {
        const step = scratch.subarray(0, n);
        const source = { rng: rngFor(m.seed), sampleIds: ids, stream: m.stream };
        for (let t = 0; t < STEPS; t++) {
          fillStepNoise(layout, source, t, step, 'sample-major', 0, m.count, block);
          out.set(step, t * n);
        }
      }
      parentPort!.postMessage({ id: m.id, buffer: m.buffer, ms: performance.now() - t0 }, [m.buffer]);
    } catch (error) {
      parentPort!.postMessage({ id: m.id, buffer: m.buffer, error: String((error as Error)?.stack ?? error) }, [m.buffer]);
    }
  });
}

const data = workerData as StagingThreadData | PoolThreadData | undefined;
if (parentPort !== null && data !== undefined) {
  if (data.kind === 'staging') runStaging(data);
  else runPool(data.layout);
}
