/**
 * @jest-environment ../../scripts/jest-onnxruntime-environment.cjs
 */
import type { OlfactoryData } from '@olfactory/connectome-data';
import type { EvaluationResponses, RecomputeEvaluator, RecomputeModel, RecomputeRequest, SpikingCircuit } from '../../src/index';
import { NOISE_STREAM, RECOMPUTE_STREAM_OFFSETS, buildSpikingCircuit, createOnnxRecomputeEvaluator, createTypescriptRecomputeEvaluator, runRecomputeProtocol } from '../../src/index';
import { realCircuit } from '../helpers/real-circuit';
import { testStudent } from '../helpers/test-student';

let data: OlfactoryData;
let sc: SpikingCircuit;
let models: RecomputeModel[];
beforeAll(async () => {
  const real = await realCircuit();
  data = real.data;
  sc = buildSpikingCircuit(real.circuit);
  models = [{ label: 'a', student: testStudent(sc, 21) }];
}, 60_000);

/** An evaluator returning synthetic responses: KC counts and logits encode the odor of each test sample. */
function fakeEvaluator(seen: RecomputeRequest[]): RecomputeEvaluator {
  return {
    engine: 'typescript',
    device: 'cpu',
    seed: 42,
    models,
    evaluate(requests) {
      seen.push(...requests);
      return Promise.resolve(
        requests.map((r) => {
          const n = r.receptors.length / 21;
          const out: EvaluationResponses = {
            n,
            orn: new Float32Array(n * 42),
            ln: new Float32Array(n * 108),
            pn: new Float32Array(n * 72),
            kc: new Float32Array(n * 144),
            logits: new Float32Array(n * 28),
          };
          for (let i = 0; i < n; i++) {
            // the predicted class is the receptor with the largest response (a stand-in decoder)
            let best = 0;
            for (let k = 0; k < 21; k++) if (r.receptors[i * 21 + k]! > r.receptors[i * 21 + best]!) best = k;
            out.logits[i * 28 + best] = 1;
            out.kc[i * 144 + best] = r.aplInject ? 1 : 2; // Mancini: boosted trials spike half as much
            out.pn[i * 72 + best] = 1;
            out.orn[i * 42] = 1;
          }
          return [out];
        }),
      );
    },
    timings: () => ({}),
    close: () => Promise.resolve(),
  };
}

describe('runRecomputeProtocol', () => {
  it('runRecomputeProtocol has the expected defaults: 1,400 test samples, 50 trials per odor and per Mancini condition, streams NOISE_STREAM.RECOMPUTE + offsets', async () => {
    const seen: RecomputeRequest[] = [];
    const [r] = await runRecomputeProtocol(fakeEvaluator(seen), { odors: data.odors.normalized });
    const base = NOISE_STREAM.RECOMPUTE;
    expect(seen.map((q) => [q.name, q.receptors.length / 21, q.stream - base, q.aplInject ?? 0, q.kcInjectNa ?? 0])).toEqual([
      ['test set', 1400, RECOMPUTE_STREAM_OFFSETS.test, 0, 0],
      ['centroid trials', 1400, RECOMPUTE_STREAM_OFFSETS.centroid, 0, 0],
      ['decorrelation trials', 1400, RECOMPUTE_STREAM_OFFSETS.decorrelation, 0, 0],
      ['Mancini baseline', 50, RECOMPUTE_STREAM_OFFSETS.manciniBaseline, 0, 0.1],
      ['Mancini boosted', 50, RECOMPUTE_STREAM_OFFSETS.manciniBoosted, 0.7, 0.1],
    ]);
    // Mancini inputs are all-zero odors
    expect(seen[3]!.receptors.every((x) => x === 0)).toBe(true);
    // the synthetic responses: every sample has ≥ 1 ORN spike in neuron 0 only, two KC spikes
    expect(r!.metrics.ornActivity).toBeCloseTo(1 / 42, 12);
    expect(r!.metrics.kcSparsity).toBeCloseTo(1 / 144, 12);
    expect(r!.metrics.manciniRatio).toBe(2);
    expect(r!.metrics.aplSuppressionPercent).toBe(50);
    expect(r!.figures.mancini).toEqual({ baseline: 2, boosted: 1 });
    expect(r!.figures.confusion).toHaveLength(28);
    expect(r!.figures.confusion.flat().reduce((a, b) => a + b, 0)).toBe(1400);
    expect(r!.figures.similarity.kc).toHaveLength(28);
    expect(r!.figures.kcMeanCounts[0]).toHaveLength(144);
    expect(r!.figures.withinOdor.within).toHaveLength(28);
    expect(r!.figures.concentration).toBeUndefined();
    expect(r!.metrics.pnDynamicRange).toBeUndefined();
  });

  it('runRecomputeProtocol with the concentration sweep adds 8 × 27 × nTrials samples (baseline c = 1, then the seven concentrations) and the dynamic ranges', async () => {
    const seen: RecomputeRequest[] = [];
    const [r] = await runRecomputeProtocol(fakeEvaluator(seen), { odors: data.odors.normalized, withConcentration: true, mancini: false, testRepeats: 2, nTrials: 4 });
    expect(seen.map((q) => q.name)).toEqual([
      'test set',
      'centroid trials',
      'decorrelation trials',
      'concentration baseline (c = 1)',
      ...[0.03, 0.1, 0.3, 0.5, 1, 2, 5].map((c) => `concentration c = ${c}`),
    ]);
    expect(seen.slice(3).map((q) => q.receptors.length / 21)).toEqual(new Array(8).fill(27 * 4));
    expect(new Set(seen.map((q) => q.stream)).size).toBe(seen.length);
    const sweep = r!.figures.concentration!;
    expect(sweep.concentrations).toEqual([0.03, 0.1, 0.3, 0.5, 1, 2, 5]);
    expect(sweep.orMean).toHaveLength(7);
    // OR input grows with concentration (Hill-scaled odor-evoked part)
    expect(sweep.orMean[6]!).toBeGreaterThan(sweep.orMean[0]!);
    expect(r!.metrics.orDynamicRange).toBeCloseTo(sweep.orMean[6]! / sweep.orMean[0]!, 12);
    expect(r!.metrics.manciniRatio).toBeUndefined();
    expect(r!.figures.mancini).toBeUndefined();
  });

  it('runRecomputeProtocol rejects an evaluator seeded differently from evalSeed', async () => {
    await expect(runRecomputeProtocol({ ...fakeEvaluator([]), seed: 7 }, { odors: data.odors.normalized })).rejects.toThrow(/invalid evalSeed: 42; expected the evaluator's seed 7/);
  });

  it('the TypeScript evaluator gives every model the same responses with its noise worker (one noise generation per chunk, shared by the models) as without it, alone', async () => {
    const three = [models[0]!, { label: 'b', student: testStudent(sc, 22) }, { label: 'c', student: testStudent(sc, 23) }];
    // 50 + 8 samples: two full chunks of 20, a short last chunk (its own engine), and a second request
    const requests: RecomputeRequest[] = [
      { name: 'x', receptors: Float32Array.from(data.odors.normalized.subarray(0, 50 * 21)), stream: 91 },
      { name: 'm', receptors: new Float32Array(8 * 21), stream: 92, kcInjectNa: 0.1, aplInject: 0.7 },
    ];
    const shared = createTypescriptRecomputeEvaluator(three, { seed: 42, chunk: 20 });
    const got = await shared.evaluate(requests);
    await shared.close();
    for (let mi = 0; mi < three.length; mi++) {
      const alone = createTypescriptRecomputeEvaluator([three[mi]!], { seed: 42, chunk: 7, noiseWorker: false });
      const want = await alone.evaluate(requests);
      await alone.close();
      for (let q = 0; q < requests.length; q++) expect(got[q]![mi]!).toEqual(want[q]![0]!);
    }
    // the models differ (the comparison above could not pass by accident)
    expect(Array.from(got[0]![1]!.kc)).not.toEqual(Array.from(got[0]![0]!.kc));
  }, 180_000);

  it('the protocol through onnxruntime is deterministic and independent of chunking and worker threads, and agrees with the TypeScript engine (≥ 99.9 % identical counts)', async () => {
    const small = { odors: data.odors.normalized, testRepeats: 1, nTrials: 2 };
    const a = await createOnnxRecomputeEvaluator(models, { seed: 42, device: 'cpu', chunk: 64, noiseWorkers: 0 });
    const b = await createOnnxRecomputeEvaluator(models, { seed: 42, device: 'cpu', chunk: 9, noiseWorkers: 2 });
    const t = createTypescriptRecomputeEvaluator(models, { seed: 42, chunk: 32 });
    const ra = await runRecomputeProtocol(a, small);
    const rb = await runRecomputeProtocol(b, small);
    expect(rb).toEqual(ra);
    // the raw responses of both engines
    const requests: RecomputeRequest[] = [
      { name: 'x', receptors: Float32Array.from(data.odors.normalized), stream: 77 },
      { name: 'm', receptors: new Float32Array(4 * 21), stream: 78, kcInjectNa: 0.1, aplInject: 0.7 },
    ];
    const [oa, ta] = [await a.evaluate(requests), await t.evaluate(requests)];
    let same = 0;
    let total = 0;
    for (let q = 0; q < requests.length; q++) {
      for (const k of ['orn', 'ln', 'pn', 'kc'] as const) {
        const x = oa[q]![0]![k];
        const y = ta[q]![0]![k];
        for (let i = 0; i < x.length; i++) ((same += x[i] === y[i] ? 1 : 0), total++);
      }
    }
    expect(same / total).toBeGreaterThanOrEqual(0.999);
    await Promise.all([a.close(), b.close(), t.close()]);
  }, 180_000);
});
