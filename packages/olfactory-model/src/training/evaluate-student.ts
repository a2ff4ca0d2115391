import type { CounterRng } from '@olfactory/neurons';
import type { CircuitEngine } from '../engine/circuit-engine';
import { STEPS, createCircuitEngine } from '../engine/circuit-engine';
import type { SpikingCircuit } from '../engine/spiking-circuit';
import type { StudentParameters } from '../engine/student-parameters';

/** A student ready for evaluation: structure, parameters and readout. */
export interface EvaluableStudent {
  readonly circuit: SpikingCircuit;
  readonly params: StudentParameters;
  /** Row-major classes × n_KC. */
  readonly decoderWeight: Float32Array;
  readonly decoderBias: Float32Array;
}

/** Responses of n samples in evaluation mode (hard spikes, all circuit noise on). */
export interface EvaluationResponses {
  readonly n: number;
  /** Spike counts over the 30 steps, `n × size`. */
  readonly orn: Float32Array;
  readonly ln: Float32Array;
  readonly pn: Float32Array;
  readonly kc: Float32Array;
  /** Decoder logits on KC rates (counts / 30), `n × classes`. */
  readonly logits: Float32Array;
}

export interface EvaluationOptions {
  readonly rng: CounterRng;
  readonly stream: number;
  /** Global index of each sample (its noise depends on it). Default 0..n−1. */
  readonly sampleIds?: ArrayLike<number>;
  readonly aplInject?: number;
  readonly kcInjectNa?: number;
  /** Use the synapse without short-term depression (J = s·W) for every pathway. */
  readonly disableDepression?: boolean;
  /** @deprecated The former name of {@link disableDepression}; still honoured. */
  readonly disableStd?: boolean;
  /** Samples simulated together (default 64; results do not depend on it). */
  readonly chunk?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

const engines = new WeakMap<SpikingCircuit, Map<number, CircuitEngine>>();
function engineFor(circuit: SpikingCircuit, batch: number): CircuitEngine {
  let m = engines.get(circuit);
  if (!m) engines.set(circuit, (m = new Map()));
  let e = m.get(batch);
  if (!e) m.set(batch, (e = createCircuitEngine(circuit, batch)));
  return e;
}

/**
 * Simulate `receptors` (`n × n_receptors`, already noisy OR responses) through the TypeScript
 * engine in evaluation mode and apply the decoder. Deterministic: sample i's result depends only
 * on (seed, stream, sampleIds[i]).
 */
export function evaluateStudentResponses(student: EvaluableStudent, receptors: Float32Array, options: EvaluationOptions): EvaluationResponses {
  const s = student.circuit.sizes;
  const n = receptors.length / s.receptors;
  const nClasses = student.decoderBias.length;
  const chunk = options.chunk ?? 64;
  const out = { n, orn: new Float32Array(n * s.orn), ln: new Float32Array(n * s.ln), pn: new Float32Array(n * s.pn), kc: new Float32Array(n * s.kc), logits: new Float32Array(n * nClasses) };
  const ids = options.sampleIds ?? Int32Array.from({ length: n }, (_, i) => i);
  for (let start = 0; start < n; start += chunk) {
    const b = Math.min(chunk, n - start);
    const eng = engineFor(student.circuit, b);
    const c = eng.forward(student.params, receptors.subarray(start * s.receptors, (start + b) * s.receptors), {
      mode: 'hard',
      noise: { rng: options.rng, sampleIds: Array.prototype.slice.call(ids, start, start + b) as number[], stream: options.stream },
      aplInject: options.aplInject,
      kcInjectNa: options.kcInjectNa,
      disableDepression: options.disableDepression ?? options.disableStd,
    });
    out.orn.set(c.orn, start * s.orn);
    out.ln.set(c.ln, start * s.ln);
    out.pn.set(c.pn, start * s.pn);
    out.kc.set(c.kc, start * s.kc);
    decodeInto(student, c.kc, b, out.logits, start * nClasses);
    options.onProgress?.(start + b, n);
  }
  return out;
}

/** logits = W · (counts / 30) + b for `b` samples, written at `offset`. */
export function decodeInto(student: Pick<EvaluableStudent, 'decoderWeight' | 'decoderBias'>, kcCounts: ArrayLike<number>, batch: number, out: Float32Array, offset = 0): void {
  const nClasses = student.decoderBias.length;
  const nKc = student.decoderWeight.length / nClasses;
  for (let i = 0; i < batch; i++) {
    for (let c = 0; c < nClasses; c++) {
      let acc = 0;
      for (let k = 0; k < nKc; k++) acc += student.decoderWeight[c * nKc + k]! * kcCounts[i * nKc + k]!;
      out[offset + i * nClasses + c] = acc / STEPS + student.decoderBias[c]!;
    }
  }
}
