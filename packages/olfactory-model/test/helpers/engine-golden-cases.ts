import { createRng } from '@olfactory/neurons';
import type { OlfactoryData } from '@olfactory/connectome-data';
import type { CircuitForwardOptions, SpikingCircuit, StudentParameters } from '../../src/index';
import { createStudentParameters, initialStudentParameters } from '../../src/index';

/**
 * The inputs of the engine's golden-count regression test. The fixture
 * (`test/fixtures/engine-golden/golden.json`) was recorded with the engine as first committed,
 * before any performance work; every later engine must reproduce its hard-mode counts bit for
 * bit (and its soft-mode counts and gradient up to float rounding).
 */
export interface GoldenCase {
  readonly name: string;
  readonly params: 'initial' | 'perturbed';
  readonly rows: readonly number[] | 'zeros';
  readonly options: CircuitForwardOptions;
}

const ids = (n: number, first: number): number[] => Array.from({ length: n }, (_, i) => first + i);

/** Hard-mode cases: canonical, a perturbed "trained-like" parameter set, and every forward switch. */
export function goldenHardCases(): GoldenCase[] {
  const noise = (stream: number, first: number) => ({ rng: createRng(11), sampleIds: ids(8, first), stream });
  const rows = [0, 3, 7, 9, 14, 18, 21, 27];
  return [
    { name: 'initial', params: 'initial', rows, options: { mode: 'hard', noise: noise(5, 100) } },
    { name: 'perturbed', params: 'perturbed', rows, options: { mode: 'hard', noise: noise(6, 200) } },
    { name: 'perturbed-noiseless', params: 'perturbed', rows, options: { mode: 'hard', noise: null } },
    { name: 'mancini-boosted', params: 'perturbed', rows: 'zeros', options: { mode: 'hard', noise: noise(7, 0), kcInjectNa: 0.1, aplInject: 0.7 } },
    { name: 'disable-std', params: 'perturbed', rows, options: { mode: 'hard', noise: noise(8, 300), disableStd: true } },
    { name: 'disable-apl', params: 'perturbed', rows, options: { mode: 'hard', noise: noise(9, 400), disableApl: true } },
  ];
}

/** The soft-mode (training) case: counts and the BPTT gradient of Σ w·C_KC. */
export function goldenSoftCase(): GoldenCase & { readonly kcWeights: Float64Array } {
  return {
    name: 'soft',
    params: 'perturbed',
    rows: [2, 11, 19, 25],
    options: { mode: 'soft', noise: { rng: createRng(12), sampleIds: [5, 6, 7, 8], stream: 3 }, record: true },
    kcWeights: Float64Array.from({ length: 4 * 144 }, (_, i) => Math.sin(0.37 * i + 0.1)),
  };
}

/** The initial parameters of the engine tests, and a deterministic "trained-like" perturbation of them. */
export function goldenParameters(sc: SpikingCircuit): { initial: StudentParameters; perturbed: StudentParameters } {
  const initial = initialStudentParameters(sc, { orGains: new Array(21).fill(1.0), aplGainRaw: 0.9 });
  const v = Float64Array.from(initial.values);
  const o = initial.offsets;
  let i = 0;
  for (const spec of initial.layout) {
    for (let k = 0; k < spec.size; k++, i++) {
      const wobble = Math.sin(1.3 * i + 0.7); // deterministic, in [-1, 1]
      if (spec.unit === 'V')
        v[i] = -45e-3 + 8e-3 * wobble; // thresholds spread over [−53, −37] mV
      else if (spec.name.endsWith('.logStrength')) v[i] = Math.max(v[i]!, Math.log(2e-10)) + 0.5 * wobble;
      else if (spec.name.endsWith('.logTauRec')) v[i] = Math.log(0.2) + wobble;
      else if (spec.name.endsWith('.logitU')) v[i] = -0.8 + 0.8 * wobble;
      else if (spec.name.startsWith('gap.')) v[i] = Math.log(1e-9) + wobble;
      else if (spec.name.startsWith('kcKc.')) v[i] = -1 + wobble;
      else v[i] = v[i]! + 0.1 * wobble;
    }
  }
  v[o['kc.logGSoma']!] = Math.log(14e-9);
  return { initial, perturbed: createStudentParameters(initial.layout, v) };
}

/** The receptor input of a case (`batch × 21`). */
export function goldenInput(data: OlfactoryData, c: GoldenCase, batch: number): Float64Array {
  const x = new Float64Array(batch * 21);
  if (c.rows !== 'zeros') c.rows.forEach((r, b) => x.set(data.odors.normalized.subarray(r * 21, r * 21 + 21), b * 21));
  return x;
}
