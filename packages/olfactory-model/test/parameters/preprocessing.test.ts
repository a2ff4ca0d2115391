import { DEFAULT_PREPROCESSING, buildOlfactoryCircuit, dataVariantByName } from '@olfactory/connectome-data';
import { csrMax, csrToDense } from '@olfactory/neurons';
import type { CheckpointConfig } from '../../src/index';
import { CheckpointError, buildSpikingCircuit, checkpointPreprocessing } from '../../src/index';
import { pathwayCounts } from '../../src/parameters/chemical-pathways';
import { realCircuit } from '../helpers/real-circuit';

const config = (extra: Partial<CheckpointConfig>): CheckpointConfig => ({
  seed: 42,
  orMapping: 'one-to-one',
  lnQuantile: 0.33,
  epochs: 300,
  batchSize: 16,
  trainRepeats: 10,
  testRepeats: 5,
  switches: { gapJunctions: true, apl: true, shortTermDepression: true, sparsityLoss: true },
  surrogate: 'soft',
  ...extra,
});

describe('the student circuit under each connectome preprocessing', () => {
  beforeAll(() => realCircuit(), 60_000);
  it('canonical: every pathway divided by its own maximum; global-max: all 16 by the largest count of any', async () => {
    const { data, circuit } = await realCircuit();
    const canonical = buildSpikingCircuit(circuit);
    const globalCircuit = buildOlfactoryCircuit(data.connectome, { preprocessing: dataVariantByName('global-max').preprocessing });
    const global = buildSpikingCircuit(globalCircuit);
    const counts = canonical.pathways.map((p) => pathwayCounts(circuit, p.spec));
    const globalMax = Math.max(...counts.map(csrMax));
    expect(globalMax).toBe(121); // the largest ORN→PN count (one ORN onto its uPN); LN→LN non-AD has 108, PN→KC 46
    canonical.pathways.forEach((p, k) => {
      const c = csrToDense(counts[k]!);
      const own = csrMax(counts[k]!);
      expect(Array.from(csrToDense(p.depressing.weights))).toEqual(Array.from(c, (v) => Math.fround(own > 0 ? v / own : 0)));
      expect(Array.from(csrToDense(global.pathways[k]!.depressing.weights))).toEqual(Array.from(c, (v) => Math.fround(v / globalMax)));
      expect(global.pathways[k]!.nonDepressing.weights.values).toEqual(global.pathways[k]!.depressing.weights.values);
    });
    // everything else is the canonical circuit
    expect(global.noise).toEqual(canonical.noise);
    expect(csrToDense(global.dd.weights)).toEqual(csrToDense(canonical.dd.weights));
  });

  it('reference-masks: the non-AD pathways and KC dd couple with equal weight wherever a contact exists', async () => {
    const { data } = await realCircuit();
    const masks = buildSpikingCircuit(buildOlfactoryCircuit(data.connectome, { preprocessing: dataVariantByName('reference-masks').preprocessing }));
    for (const p of masks.pathways.filter((x) => x.spec.nonAd)) expect(new Set(p.depressing.weights.values)).toEqual(p.depressing.weights.values.length ? new Set([1]) : new Set());
    expect(new Set(masks.dd.weights.values)).toEqual(new Set([1]));
  });
});

describe('checkpointPreprocessing', () => {
  it('reads the recorded preprocessing, or rebuilds it for checkpoints written before it was recorded', () => {
    expect(checkpointPreprocessing(config({}))).toEqual(DEFAULT_PREPROCESSING);
    expect(checkpointPreprocessing(config({ orMapping: 'by-name', lnQuantile: 0.5 }))).toEqual({ ...DEFAULT_PREPROCESSING, orMapping: 'by-name', lnQuantile: 0.5 });
    const masks = dataVariantByName('reference-masks').preprocessing;
    expect(checkpointPreprocessing(config({ preprocessing: masks }))).toEqual(masks);
  });

  it('refuses custom mappings and records that disagree with the config, naming the file', () => {
    expect(() => checkpointPreprocessing(config({ orMapping: 'custom' }), 'a/checkpoint.json')).toThrow(CheckpointError);
    expect(() => checkpointPreprocessing(config({ orMapping: 'custom' }), 'a/checkpoint.json')).toThrow(/a\/checkpoint\.json: config\.orMapping: is "custom"/);
    expect(() => checkpointPreprocessing(config({ preprocessing: { ...DEFAULT_PREPROCESSING, orMapping: 'by-name' } }), 'b.json')).toThrow(/b\.json: config\.preprocessing: says orMapping by-name/);
    expect(() => checkpointPreprocessing(config({ preprocessing: { ...DEFAULT_PREPROCESSING, nonAdWeights: 'sqrt' as never } }), 'c.json')).toThrow(/c\.json: config\.preprocessing: .*nonAdWeights/);
  });
});
