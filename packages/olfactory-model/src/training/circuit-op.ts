import type * as tfType from '@tensorflow/tfjs';
import type { CircuitEngine, CircuitNoiseSource } from '../engine/circuit-engine';
import type { SpikingCircuit } from '../engine/spiking-circuit';
import type { StudentParameters } from '../engine/student-parameters';

type Tf = typeof tfType;

/** What one training batch's circuit op needs. */
export interface CircuitOpInput {
  readonly engine: CircuitEngine;
  readonly params: StudentParameters;
  readonly receptors: Float32Array;
  /** `null` runs the noiseless circuit. */
  readonly noise: CircuitNoiseSource | null;
  readonly disableDepression: boolean | undefined;
  /** Return [KC | ORN | LN | PN] counts per sample (for the all-neuron energy) instead of the KC counts. */
  readonly allCounts: boolean;
  /** Called after the forward (the trainer prefetches the next batch's noise here). */
  readonly afterForward: () => void;
}

/**
 * The spiking core as one TF.js op of the flat parameter vector θ: the fused engine's forward
 * (soft spikes, recorded) gives the counts (`batch × n_KC`, or `batch × (n_KC + n_ORN + n_LN +
 * n_PN)` with `allCounts`), and its BPTT the gradient w.r.t. θ.
 */
export function circuitOp(tf: Tf, circuit: SpikingCircuit, input: CircuitOpInput): (theta: tfType.Tensor) => tfType.Tensor {
  const { engine } = input;
  const B = engine.batch;
  const nKc = circuit.sizes.kc;
  return tf.customGrad(((x: tfType.Tensor, save: tfType.GradSaveFunc) => {
    const counts = engine.forward(input.params, input.receptors, { mode: 'soft', noise: input.noise, record: true, disableDepression: input.disableDepression });
    input.afterForward();
    save([x]);
    if (input.allCounts) {
      // [KC | ORN | LN | PN] per sample; the gradient is split back into the four groups
      const { orn: nOrn, ln: nLn, pn: nPn } = circuit.sizes;
      const width = nKc + nOrn + nLn + nPn;
      const out = new Float32Array(B * width);
      for (let b = 0; b < B; b++) {
        out.set(counts.kc.subarray(b * nKc, (b + 1) * nKc), b * width);
        out.set(counts.orn.subarray(b * nOrn, (b + 1) * nOrn), b * width + nKc);
        out.set(counts.ln.subarray(b * nLn, (b + 1) * nLn), b * width + nKc + nOrn);
        out.set(counts.pn.subarray(b * nPn, (b + 1) * nPn), b * width + nKc + nOrn + nLn);
      }
      return {
        value: tf.tensor2d(out, [B, width]),
        gradFunc: (dy: tfType.Tensor) => {
          const d = dy.dataSync();
          const part = (n: number, off: number) => {
            const r = new Float32Array(B * n);
            for (let b = 0; b < B; b++) r.set(d.subarray(b * width + off, b * width + off + n), b * n);
            return r;
          };
          return [tf.tensor1d(Float32Array.from(engine.backward(part(nKc, 0), { orn: part(nOrn, nKc), ln: part(nLn, nKc + nOrn), pn: part(nPn, nKc + nOrn + nLn) })))];
        },
      };
    }
    return {
      value: tf.tensor2d(Float32Array.from(counts.kc), [B, nKc]),
      gradFunc: (dy: tfType.Tensor) => [tf.tensor1d(Float32Array.from(engine.backward(dy.dataSync())))],
    };
  }) as unknown as Parameters<Tf['customGrad']>[0]) as (theta: tfType.Tensor) => tfType.Tensor;
}
