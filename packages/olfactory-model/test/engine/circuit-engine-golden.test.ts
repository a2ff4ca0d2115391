import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OlfactoryData } from '@olfactory/connectome-data';
import type { SpikingCircuit, StudentParameters } from '../../src/index';
import { buildSpikingCircuit, createCircuitEngine } from '../../src/index';
import { goldenHardCases, goldenInput, goldenParameters, goldenSoftCase } from '../helpers/engine-golden-cases';
import { realCircuit } from '../helpers/real-circuit';

// Recorded with the engine as first committed (before the performance work); regenerate only
// for an intended change of the model, with UPDATE_ENGINE_GOLDEN=1.
const FIXTURE = join(__dirname, '../fixtures/engine-golden/golden.json');

interface Golden {
  readonly hard: Record<string, { orn: number[]; ln: number[]; pn: number[]; kc: number[] }>;
  readonly soft: { kc: number[]; gradient: number[] };
}

let data: OlfactoryData;
let sc: SpikingCircuit;
let params: { initial: StudentParameters; perturbed: StudentParameters };
beforeAll(async () => {
  const r = await realCircuit();
  data = r.data;
  sc = buildSpikingCircuit(r.circuit);
  params = goldenParameters(sc);
}, 60_000);

function compute(): Golden {
  const hard: Golden['hard'] = {};
  const eng = createCircuitEngine(sc, 8);
  for (const c of goldenHardCases()) {
    const out = eng.forward(params[c.params], goldenInput(data, c, 8), c.options);
    hard[c.name] = { orn: Array.from(out.orn), ln: Array.from(out.ln), pn: Array.from(out.pn), kc: Array.from(out.kc) };
  }
  const s = goldenSoftCase();
  const soft4 = createCircuitEngine(sc, 4);
  const kc = Array.from(soft4.forward(params[s.params], goldenInput(data, s, 4), s.options).kc);
  const gradient = Array.from(soft4.backward(s.kcWeights));
  return { hard, soft: { kc, gradient } };
}

describe('fused engine against golden counts recorded before the performance work', () => {
  if (process.env.UPDATE_ENGINE_GOLDEN === '1' || !existsSync(FIXTURE)) {
    test('records the golden fixture', () => {
      writeFileSync(FIXTURE, JSON.stringify(compute()) + '\n');
    });
    return;
  }
  const golden = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Golden;
  let now: Golden;
  beforeAll(() => {
    now = compute();
  });

  test.each(goldenHardCases().map((c) => c.name))('hard-mode counts of case %s are bit-identical (every population)', (name) => {
    for (const g of ['orn', 'ln', 'pn', 'kc'] as const) expect(now.hard[name]![g]).toEqual(golden.hard[name]![g]);
  });

  test('soft-mode KC counts agree to float32 rounding and the gradient to 1e−5 of its largest entry', () => {
    const a = now.soft.kc;
    const b = golden.soft.kc;
    let worstCount = 0;
    for (let i = 0; i < a.length; i++) worstCount = Math.max(worstCount, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
    expect(worstCount).toBeLessThan(1e-5);
    const maxG = Math.max(...golden.soft.gradient.map(Math.abs));
    let worstGrad = 0;
    for (let i = 0; i < golden.soft.gradient.length; i++) worstGrad = Math.max(worstGrad, Math.abs(now.soft.gradient[i]! - golden.soft.gradient[i]!));
    expect(worstGrad / maxG).toBeLessThan(1e-5);
  });
});
