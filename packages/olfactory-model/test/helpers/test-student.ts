import { createRng } from '@olfactory/neurons';
import type { EvaluableStudent, SpikingCircuit } from '@olfactory/model';
import { createStudentParameters, initialStudentParameters, projectToBounds } from '@olfactory/model';

/**
 * A student for tests (no trained checkpoint needed): the initial parameters of spec §3.3 with
 * every tensor perturbed by a seeded amount (thresholds ±2 mV, log-parameters and raw gains
 * ±0.2, then projected to their bounds), so that every learned value differs from every other,
 * and a seeded random decoder.
 */
export function testStudent(circuit: SpikingCircuit, seed: number): EvaluableStudent {
  const rng = createRng(seed);
  const init = initialStudentParameters(circuit, { orGains: Array.from({ length: circuit.sizes.receptors }, (_, i) => 0.8 + 0.02 * i), aplGainRaw: 0.9 });
  const z = new Float64Array(init.values.length);
  rng.block(0, 0, 1).fillNormal(z, 0, z.length);
  const v = Float64Array.from(init.values, (x, i) => {
    const spec = init.layout.find((p) => i >= init.offsets[p.name]! && i < init.offsets[p.name]! + p.size)!;
    return x + (spec.unit === 'V' ? 2e-3 : 0.2) * Math.max(-2, Math.min(2, z[i]!));
  });
  const params = createStudentParameters(init.layout, v);
  projectToBounds(params);
  const decoderWeight = new Float32Array(28 * circuit.sizes.kc);
  rng.block(1, 0, 1).fillNormal(decoderWeight, 0, decoderWeight.length, 0, 0.3);
  const decoderBias = new Float32Array(28);
  rng.block(2, 0, 1).fillNormal(decoderBias, 0, 28, 0, 0.1);
  return { circuit, params, decoderWeight, decoderBias };
}
