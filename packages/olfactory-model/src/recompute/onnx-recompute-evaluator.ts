import { availableParallelism } from 'node:os';
import { InvalidParameterError } from '@olfactory/neurons';
import { STEPS } from '../engine/circuit-engine';
import type { NoiseLayout } from '../engine/spiking-circuit';
import { exportOnnx } from '../onnx/export-onnx';
import type { OnnxCircuitSession, OnnxDevice } from '../onnx/onnx-circuit-session';
import { createOnnxCircuitSession } from '../onnx/onnx-circuit-session';
import type { EvaluationResponses } from '../training/evaluate-student';
import { createCircuitNoisePool } from './circuit-noise-pool';
import type { RecomputeEvaluator, RecomputeModel, RecomputeRequest, RecomputeSwitches } from './recompute-types';

/** Options of {@link createOnnxRecomputeEvaluator}. */
export interface OnnxRecomputeEvaluatorOptions {
  /** Seed of the circuit noise (the recompute's eval seed, 42). */
  readonly seed: number;
  /** `auto` (default: CUDA when available, else CPU), `cpu` or `cuda`. */
  readonly device?: OnnxDevice;
  readonly switches?: RecomputeSwitches;
  /** Samples per onnxruntime run (default 128: the step's tensors stay in the CPU caches). */
  readonly chunk?: number;
  /** Noise worker threads (default: one per core; they idle once `prefetch` chunks are ready). 0 generates on the main thread. */
  readonly noiseWorkers?: number;
  /** Intra-op threads of each CPU session (default 1: the noise workers use the other cores). */
  readonly intraOpThreads?: number;
  /** Noise buffers generated ahead of the simulation (default 3). */
  readonly prefetch?: number;
  /** One-line notice when `auto` falls back to the CPU. */
  readonly onFallback?: (message: string) => void;
  /** `metadata_props` of the exported models (per model index). */
  readonly metadata?: (model: number) => Readonly<Record<string, string>>;
}

function sameLayout(a: NoiseLayout, b: NoiseLayout): boolean {
  return (
    a.perSampleStep === b.perSampleStep &&
    a.segments.length === b.segments.length &&
    a.segments.every((g, i) => g.name === b.segments[i]!.name && g.size === b.segments[i]!.size && g.std === b.segments[i]!.std)
  );
}

/**
 * An evaluator that exports every model with `exportOnnx` and runs it in onnxruntime-node. The
 * circuit noise of a chunk of samples is generated once, by worker threads, while onnxruntime
 * simulates the previous chunk, and is shared by all models (it depends only on the seed, the
 * stream and the sample index) — so five checkpoints cost one noise generation.
 *
 * @throws {ExecutionProviderError} for `device: 'cuda'` without a usable CUDA provider.
 */
export async function createOnnxRecomputeEvaluator(models: readonly RecomputeModel[], options: OnnxRecomputeEvaluatorOptions): Promise<RecomputeEvaluator> {
  if (models.length === 0) throw new InvalidParameterError({ parameter: 'models', value: [], expected: 'at least one model' });
  const layout = models[0]!.student.circuit.noise;
  models.forEach((m, i) => {
    if (!sameLayout(layout, m.student.circuit.noise))
      throw new InvalidParameterError({
        parameter: `models[${i}] noise layout`,
        value: m.student.circuit.noise.perSampleStep,
        expected: `the noise layout of models[0] (${layout.perSampleStep} variates per sample and step)`,
      });
  });
  const chunk = options.chunk ?? 128;
  if (!Number.isInteger(chunk) || chunk < 1) throw new InvalidParameterError({ parameter: 'chunk', value: chunk, expected: 'an integer ≥ 1 (samples per run)' });
  const cores = availableParallelism();
  const sessions: OnnxCircuitSession[] = [];
  let fallbackReported = false;
  try {
    for (let i = 0; i < models.length; i++) {
      const m = models[i]!;
      const bytes = exportOnnx(m.student.circuit, m.student, { metadata: options.metadata?.(i) });
      sessions.push(
        await createOnnxCircuitSession(bytes, {
          device: options.device ?? 'auto',
          intraOpThreads: options.intraOpThreads ?? 1,
          onFallback: (msg) => {
            if (!fallbackReported) options.onFallback?.(msg);
            fallbackReported = true;
          },
        }),
      );
    }
  } catch (error) {
    await Promise.all(sessions.map((s) => s.release()));
    throw error;
  }
  const pool = createCircuitNoisePool(layout, options.seed, options.noiseWorkers ?? Math.max(1, cores));
  const P = layout.perSampleStep;
  const ahead = Math.max(1, options.prefetch ?? Math.max(2, pool.workers + 1));
  // noise buffers cycle main → worker → main (transferred); at most `ahead` + 1 exist
  const free: ArrayBuffer[] = [];
  const takeBuffer = () => free.pop() ?? new ArrayBuffer(STEPS * chunk * P * 4);
  const sw = options.switches ?? {};
  let simulateMs = 0;
  let noiseWaitMs = 0;
  const s = models[0]!.student.circuit.sizes;

  return {
    engine: 'onnx',
    device: sessions[0]!.device,
    seed: options.seed,
    models,
    async evaluate(requests, onProgress) {
      const chunks = requests.flatMap((r, ri) => {
        const n = r.receptors.length / s.receptors;
        if (!Number.isInteger(n)) throw new InvalidParameterError({ parameter: `request ${r.name} receptors`, value: r.receptors.length, expected: `a multiple of ${s.receptors}` });
        return Array.from({ length: Math.ceil(n / chunk) }, (_, k) => ({ ri, start: k * chunk, count: Math.min(chunk, n - k * chunk) }));
      });
      const results: EvaluationResponses[][] = requests.map((r) => {
        const n = r.receptors.length / s.receptors;
        return models.map((m) => ({
          n,
          orn: new Float32Array(n * s.orn),
          ln: new Float32Array(n * s.ln),
          pn: new Float32Array(n * s.pn),
          kc: new Float32Array(n * s.kc),
          logits: new Float32Array(n * m.student.decoderBias.length),
        }));
      });
      const total = chunks.reduce((a, c) => a + c.count, 0) * models.length;
      let done = 0;
      const noiseOf = (i: number) => {
        const c = chunks[i]!;
        const p = pool.generate(requests[c.ri]!.stream, c.start, c.count, takeBuffer());
        p.catch(() => undefined); // awaited in order below; never an unhandled rejection meanwhile
        return p;
      };
      const ready: (Promise<Float32Array> | undefined)[] = [];
      for (let i = 0; i < Math.min(ahead, chunks.length); i++) ready[i] = noiseOf(i);
      for (let i = 0; i < chunks.length; i++) {
        const c = chunks[i]!;
        const r = requests[c.ri]!;
        const tWait = performance.now();
        const noise = await ready[i]!;
        noiseWaitMs += performance.now() - tWait;
        ready[i] = undefined;
        if (i + ahead < chunks.length) ready[i + ahead] = noiseOf(i + ahead);
        const x = r.receptors.subarray(c.start * s.receptors, (c.start + c.count) * s.receptors);
        for (let mi = 0; mi < sessions.length; mi++) {
          const tRun = performance.now();
          const out = await sessions[mi]!.run(x, noise, { aplInject: r.aplInject, kcInjectNa: r.kcInjectNa, gapJunctions: sw.gapJunctions, apl: sw.apl, shortTermDepression: sw.shortTermDepression });
          simulateMs += performance.now() - tRun;
          const dst = results[c.ri]![mi]!;
          const nC = models[mi]!.student.decoderBias.length;
          dst.orn.set(out.orn, c.start * s.orn);
          dst.ln.set(out.ln, c.start * s.ln);
          dst.pn.set(out.pn, c.start * s.pn);
          dst.kc.set(out.kc, c.start * s.kc);
          dst.logits.set(out.logits, c.start * nC);
          done += c.count;
          onProgress?.(done, total);
        }
        free.push(noise.buffer as ArrayBuffer);
      }
      return results;
    },
    timings: () => ({ onnxRuntime: simulateMs / 1000, noiseWait: noiseWaitMs / 1000, noiseWorkers: pool.busySeconds() }),
    async close() {
      await pool.close();
      await Promise.all(sessions.map((x) => x.release()));
    },
  };
}
