import { Worker } from 'node:worker_threads';
import { createRng } from '@olfactory/neurons';
import { STEPS } from '../engine/time-grid';
import type { NoiseLayout } from '../engine/spiking-circuit';
import { fillCircuitNoiseBatch } from '../onnx/circuit-noise-batch';
import type { PoolRequest, PoolThreadData } from '../threads/noise-thread-protocol';
import { threadEntryFile } from '../threads/thread-entry';

/**
 * Generates the circuit noise of consecutive samples in the ONNX input layout
 * `[step, sample, perSampleStep]` (see `fillCircuitNoiseBatch`) on worker threads, one chunk
 * per job; buffers move to the worker and back (transferred, never copied).
 */
export interface CircuitNoisePool {
  /** Worker threads (0 = generated on the calling thread). */
  readonly workers: number;
  /**
   * The noise of samples `firstId .. firstId + count − 1` of `stream`, written into `buffer`
   * (at least 30·count·P floats), which is transferred to a worker (detached here) and returned
   * filled as a `Float32Array` of exactly 30·count·P values.
   */
  generate(stream: number, firstId: number, count: number, buffer: ArrayBuffer): Promise<Float32Array>;
  /** Seconds spent generating so far (summed over threads). */
  busySeconds(): number;
  /** Stop the threads. */
  close(): Promise<void>;
}

/**
 * Start a pool of `workers` threads generating the circuit noise of `createRng(seed)` for
 * `layout` (`workers` = 0: synchronous generation on the calling thread). The numbers are those
 * of `fillCircuitNoise` / `fillCircuitNoiseBatch`, bit for bit, whatever the worker count.
 */
export function createCircuitNoisePool(layout: NoiseLayout, seed: number, workers: number): CircuitNoisePool {
  const rng = createRng(seed);
  const P = layout.perSampleStep;
  if (!Number.isInteger(workers) || workers < 0) throw new RangeError(`createCircuitNoisePool: workers is ${workers}; expected an integer ≥ 0`);
  const view = (buffer: ArrayBuffer, count: number) => {
    const n = STEPS * count * P;
    if (buffer.byteLength < n * 4) throw new RangeError(`CircuitNoisePool.generate: buffer of ${buffer.byteLength} bytes, expected at least ${n * 4}`);
    return n;
  };
  let busyMs = 0;
  if (workers === 0) {
    return {
      workers: 0,
      generate(stream, firstId, count, buffer) {
        const t0 = performance.now();
        const out = new Float32Array(buffer, 0, view(buffer, count));
        fillCircuitNoiseBatch(
          layout,
          rng,
          stream,
          Int32Array.from({ length: count }, (_, i) => firstId + i),
          out,
        );
        busyMs += performance.now() - t0;
        return Promise.resolve(out);
      },
      busySeconds: () => busyMs / 1000,
      close: () => Promise.resolve(),
    };
  }
  const entry = threadEntryFile('noise-thread');
  const workerData: PoolThreadData = { kind: 'pool', layout: { segments: layout.segments.map((g) => ({ ...g })), perSampleStep: P, index: {} } };
  const pending = new Map<number, { count: number; resolve: (x: Float32Array) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  // Threads are unref'd while idle (they never keep the process alive) and ref'd while a job of
  // theirs is pending (so awaiting it keeps the event loop running).
  const busy = new Array<number>(workers).fill(0);
  const threads = Array.from({ length: workers }, (_, k) => {
    const w = new Worker(entry, { workerData });
    w.on('message', (m: { id: number; buffer: ArrayBuffer; ms?: number; error?: string }) => {
      busyMs += m.ms ?? 0;
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (--busy[k]! === 0) w.unref();
      if (!p) return;
      if (m.error !== undefined) p.reject(new Error(`circuit noise worker failed: ${m.error}`));
      else p.resolve(new Float32Array(m.buffer, 0, STEPS * p.count * P));
    });
    w.on('error', (e) => {
      failure = e;
      for (const p of pending.values()) p.reject(e);
      pending.clear();
    });
    w.unref();
    return w;
  });
  let nextId = 1;
  return {
    workers,
    generate(stream, firstId, count, buffer) {
      if (failure !== null) return Promise.reject(failure);
      view(buffer, count);
      let w = 0;
      for (let k = 1; k < workers; k++) if (busy[k]! < busy[w]!) w = k;
      const id = nextId++;
      const job = new Promise<Float32Array>((resolve, reject) => pending.set(id, { count, resolve, reject }));
      if (busy[w]!++ === 0) threads[w]!.ref();
      const message: PoolRequest = { id, buffer, count, seed: rng.seed, stream, firstId };
      threads[w]!.postMessage(message, [buffer]);
      return job;
    },
    busySeconds: () => busyMs / 1000,
    async close() {
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}
