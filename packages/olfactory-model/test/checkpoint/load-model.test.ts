import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAPER_PREPROCESSING, buildOlfactoryCircuit, preprocessingKey } from '@olfactory/connectome-data';
import type { OlfactoryData } from '@olfactory/connectome-data';
import type { LoadedModel, SpikingCircuit, StudentParameters } from '../../src/index';
import { CheckpointError, buildSpikingCircuit, createCircuitEngine, decodeInto, layoutForCircuit, loadModel, readCheckpoint, readCheckpointJson } from '../../src/index';
import { realCircuit } from '../helpers/real-circuit';

// The repository's canonical models (the paper variant, annotation-order receptor assignment).
const canonicalDir = join(__dirname, '..', '..', '..', '..', 'models', 'canonical');
const seed42 = join(canonicalDir, 'seed-42', 'checkpoint.json');

let data: OlfactoryData;
beforeAll(async () => {
  data = (await realCircuit()).data;
}, 120_000);

/** Noiseless hard-spike KC counts on the 28 odors and the fraction classified as themselves. */
function evaluate(circuit: SpikingCircuit, student: { params: StudentParameters; decoderWeight: Float32Array; decoderBias: Float32Array }): { kc: Float32Array; accuracy: number } {
  const engine = createCircuitEngine(circuit, 28);
  const counts = engine.forward(student.params, data.odors.normalized, { mode: 'hard', noise: null });
  const kc = Float32Array.from(counts.kc);
  engine.dispose?.();
  const logits = new Float32Array(28 * 28);
  decodeInto(student, kc, 28, logits);
  let correct = 0;
  for (let i = 0; i < 28; i++) {
    const row = logits.subarray(i * 28, i * 28 + 28);
    if (row.indexOf(Math.max(...row)) === i) correct++;
  }
  return { kc, accuracy: correct / 28 };
}

const errorOf = async (p: Promise<unknown>): Promise<CheckpointError> => {
  try {
    await p;
  } catch (e) {
    if (CheckpointError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a CheckpointError');
};

describe('loadModel', () => {
  let model: LoadedModel;
  beforeAll(async () => {
    model = await loadModel(seed42, { data });
  }, 120_000);

  it('loadModel(path, { data }) rebuilds the circuit the checkpoint names (its recorded preprocessing), not the default one', () => {
    expect(model.file).toBe(seed42);
    expect(model.checkpoint.config.seed).toBe(42);
    expect(model.preprocessing).toEqual(PAPER_PREPROCESSING);
    expect(model.preprocessing.orMapping).toBe('annotation-order');
    // the same circuit as building it by hand from the paper's preprocessing: identical KC spike counts
    const byHand = buildSpikingCircuit(buildOlfactoryCircuit(data.connectome, { preprocessing: PAPER_PREPROCESSING }));
    expect(evaluate(model.circuit, model).kc).toEqual(evaluate(byHand, model).kc);
  });

  it('loadModel returns the parameters and decoder readCheckpoint gives, and the model classifies the odors on its own circuit', async () => {
    const viaRead = await readCheckpoint(seed42, layoutForCircuit(model.circuit), { classes: 28 });
    expect(Array.from(model.params.values)).toEqual(Array.from(viaRead.params.values));
    expect(model.decoderWeight).toEqual(viaRead.decoderWeight);
    expect(model.decoderBias).toEqual(viaRead.decoderBias);
    const own = evaluate(model.circuit, model).accuracy;
    const wrong = evaluate(buildSpikingCircuit(buildOlfactoryCircuit(data.connectome)), model).accuracy;
    expect(own).toBeGreaterThan(0.9); // noiseless odors, trained model (26 of 28 when written)
    expect(wrong).toBeLessThan(0.5); // the default (one-to-one) circuit is the wrong one for this checkpoint (0 of 28)
  });

  it("loadModel(folder) reads the folder's checkpoint.json, and a shared circuits map builds each circuit once", async () => {
    const circuits = new Map<string, SpikingCircuit>();
    const a = await loadModel(join(canonicalDir, 'seed-42'), { data, circuits });
    const b = await loadModel(join(canonicalDir, 'seed-43'), { data, circuits });
    expect(a.file).toBe(seed42);
    expect(b.checkpoint.config.seed).toBe(43);
    expect(b.circuit).toBe(a.circuit);
    expect([...circuits.keys()]).toEqual([preprocessingKey(PAPER_PREPROCESSING)]);
  });

  it('loadModel validates the config before loading any data: a bad file fails with CheckpointError naming it, even with an unusable data folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'olf-load-model-'));
    const noData = { dataOptions: { dataDir: join(dir, 'no-data-here'), baseUrl: 'http://127.0.0.1:9/' } };
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "olfactory-checkpoint", "version": 1, "config": {"seed": -1}}');
    const e1 = await errorOf(loadModel(bad, noData));
    expect(e1.file).toBe(bad);
    expect(e1.message).toMatch(/config\.seed: is -1, expected an integer in \[0, /);
    writeFileSync(bad, '{"format": ');
    expect((await errorOf(loadModel(bad, noData))).message).toMatch(/is not valid JSON/);
    const custom = JSON.parse(readFileSync(seed42, 'utf8'));
    custom.config.orMapping = 'custom';
    delete custom.config.preprocessing;
    writeFileSync(bad, JSON.stringify(custom));
    expect((await errorOf(loadModel(bad, noData))).message).toMatch(/config\.orMapping: is "custom": a receptor→ORN table of one's own cannot be rebuilt/);
    expect((await errorOf(loadModel(join(dir, 'missing.json'), noData))).message).toMatch(/missing\.json: cannot be read \(ENOENT\)/);
  });

  it('loadModel checks the checkpoint against the rebuilt circuit and the data: sizes, tensors and the decoder classes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'olf-load-model-'));
    cpSync(seed42, join(dir, 'ok.json'));
    // the shipped file is packed: edit its plain (version-1) form
    const plain = (await readCheckpointJson(seed42)) as Record<string, any>;
    const edit = (name: string, f: (c: Record<string, any>) => void): string => {
      const c = JSON.parse(JSON.stringify(plain));
      f(c);
      writeFileSync(join(dir, name), JSON.stringify(c));
      return join(dir, name);
    };
    const sizes = await errorOf(
      loadModel(
        edit('sizes.json', (c) => (c.sizes.kc = 143)),
        { data },
      ),
    );
    expect(sizes.field).toBe('sizes.kc');
    expect(sizes.message).toMatch(/sizes\.json: sizes\.kc: is 143, but the circuit has 144/);
    const tensor = await errorOf(
      loadModel(
        edit('tensor.json', (c) => c.parameters['kc.vTh'].pop()),
        { data },
      ),
    );
    expect(tensor.message).toMatch(/parameters\["kc\.vTh"\]: has 143 entries, expected 144/);
    const classes = await errorOf(loadModel(join(dir, 'ok.json'), { data: { connectome: data.connectome, odors: { ...data.odors, conditions: data.odors.conditions.slice(0, 27) } } }));
    expect(classes.message).toMatch(/sizes\.classes: is 28, but the circuit has 27/);
  });
});
