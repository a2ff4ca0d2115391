import { createRng } from '@olfactory/neurons';
import type { CircuitEngine, CircuitNoiseSource } from '../engine/circuit-engine';
import { createCircuitEngine } from '../engine/circuit-engine';
import { ablateParameters } from '../engine/student-parameters';
import type { EvaluationResponses } from '../training/evaluate-student';
import { decodeInto } from '../training/evaluate-student';
import type { RecomputeEvaluator, RecomputeModel, RecomputeSwitches } from './recompute-types';

/** Options of {@link createTypescriptRecomputeEvaluator}. */
export interface TypescriptRecomputeEvaluatorOptions {
  /** Seed of the circuit noise (the recompute's eval seed, 42). */
  readonly seed: number;
  readonly switches?: RecomputeSwitches;
  /** Samples simulated together (default 64; results do not depend on it). */
  readonly chunk?: number;
  /** Generate the circuit noise on a second core (the engine's `noiseWorker`). Default true. */
  readonly noiseWorker?: boolean;
}

/**
 * The reference evaluator: the fused TypeScript engine (`createCircuitEngine`, hard spikes) on
 * the calling thread, drawing its circuit noise from `createRng(seed)` (on a worker thread with
 * `noiseWorker`, bit-identical). Forwards run chunk by chunk, every model on a chunk before the
 * next chunk: with `noiseWorker`, the models sharing a circuit share its engine, which generates
 * the chunk's noise once for all of them (it depends only on the seed, the stream and the sample
 * ids) while the next chunk's noise is generated on the worker. Switches: no-APL = `disableApl`, no-STD = `disableStd`, no-gap =
 * gap conductances set to 1e−30 S (spec §2.15).
 */
export function createTypescriptRecomputeEvaluator(models: readonly RecomputeModel[], options: TypescriptRecomputeEvaluatorOptions): RecomputeEvaluator {
  const rng = createRng(options.seed);
  const chunk = options.chunk ?? 64;
  const sw = options.switches ?? {};
  const params = models.map((m) => (sw.gapJunctions === false ? ablateParameters(m.student.params, { noGap: true }) : m.student.params));
  const engines = new Map<string, CircuitEngine>();
  const engineKey = (mi: number, batch: number) => `${models.findIndex((m) => m.student.circuit === models[mi]!.student.circuit)}|${batch}`;
  const engineFor = (mi: number, batch: number) => {
    const key = engineKey(mi, batch);
    let e = engines.get(key);
    if (!e) engines.set(key, (e = createCircuitEngine(models[mi]!.student.circuit, batch, { noiseWorker: options.noiseWorker !== false })));
    return e;
  };
  let simulateMs = 0;
  return {
    engine: 'typescript',
    device: 'cpu',
    seed: options.seed,
    models,
    async evaluate(requests, onProgress) {
      // every forward in order: (request, first sample, batch, model) — all models on a chunk in a row
      const jobs = requests.flatMap((r, ri) => {
        const n = r.receptors.length / models[0]!.student.circuit.sizes.receptors;
        return Array.from({ length: Math.ceil(n / chunk) }, (_, k) => models.map((__, mi) => ({ ri, mi, start: k * chunk, b: Math.min(chunk, n - k * chunk) }))).flat();
      });
      // per job: the next job on the same engine with another chunk (its noise is prefetched)
      const nextChunk = new Int32Array(jobs.length).fill(-1);
      const seen = new Map<string, number>();
      for (let i = jobs.length - 1; i >= 0; i--) {
        const j = jobs[i]!;
        const key = engineKey(j.mi, j.b);
        const later = seen.get(key);
        if (later !== undefined) {
          const l = jobs[later]!;
          nextChunk[i] = l.ri === j.ri && l.start === j.start ? nextChunk[later]! : later;
        }
        seen.set(key, i);
      }
      const sourceOf = (j: (typeof jobs)[number]): CircuitNoiseSource => ({ rng, sampleIds: Array.from({ length: j.b }, (_, i) => j.start + i), stream: requests[j.ri]!.stream });
      const results: EvaluationResponses[][] = requests.map((r) => {
        const n = r.receptors.length / models[0]!.student.circuit.sizes.receptors;
        return models.map((m) => {
          const s = m.student.circuit.sizes;
          return {
            n,
            orn: new Float32Array(n * s.orn),
            ln: new Float32Array(n * s.ln),
            pn: new Float32Array(n * s.pn),
            kc: new Float32Array(n * s.kc),
            logits: new Float32Array(n * m.student.decoderBias.length),
          };
        });
      });
      const total = jobs.reduce((a, j) => a + j.b, 0);
      let done = 0;
      for (let i = 0; i < jobs.length; i++) {
        const j = jobs[i]!;
        const r = requests[j.ri]!;
        const student = models[j.mi]!.student;
        const s = student.circuit.sizes;
        const engine = engineFor(j.mi, j.b);
        const t0 = performance.now();
        const c = engine.forward(params[j.mi]!, r.receptors.subarray(j.start * s.receptors, (j.start + j.b) * s.receptors), {
          mode: 'hard',
          noise: sourceOf(j),
          aplInject: r.aplInject,
          kcInjectNa: r.kcInjectNa,
          disableApl: sw.apl === false,
          disableStd: sw.shortTermDepression === false,
        });
        // the next chunk's noise starts on the worker while this chunk's models run (this chunk's stays for them)
        if (nextChunk[i]! >= 0) engine.prefetchNoise(sourceOf(jobs[nextChunk[i]!]!));
        simulateMs += performance.now() - t0;
        const out = results[j.ri]![j.mi]!;
        const nC = student.decoderBias.length;
        out.orn.set(c.orn, j.start * s.orn);
        out.ln.set(c.ln, j.start * s.ln);
        out.pn.set(c.pn, j.start * s.pn);
        out.kc.set(c.kc, j.start * s.kc);
        decodeInto(student, c.kc, j.b, out.logits, j.start * nC);
        done += j.b;
        onProgress?.(done, total);
        // let timers and signals run between forwards
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return results;
    },
    timings: () => ({ typescriptEngine: simulateMs / 1000 }),
    close() {
      for (const e of engines.values()) e.dispose();
      engines.clear();
      return Promise.resolve();
    },
  };
}
