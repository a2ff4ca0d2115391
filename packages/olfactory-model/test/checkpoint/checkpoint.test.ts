import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Checkpoint, SpikingCircuit, StudentParameters } from '../../src/index';
import { CheckpointError, buildSpikingCircuit, initialStudentParameters, parametersToRecord, readCheckpoint, validateCheckpoint, writeCheckpoint } from '../../src/index';
import { realCircuit } from '../helpers/real-circuit';

let sc: SpikingCircuit;
let params: StudentParameters;
let good: Checkpoint;
beforeAll(async () => {
  sc = buildSpikingCircuit((await realCircuit()).circuit);
  params = initialStudentParameters(sc, { orGains: Array.from({ length: 21 }, (_, i) => i / 10), aplGainRaw: 0.9 });
  good = {
    format: 'olfactory-checkpoint',
    version: 1,
    producer: { name: 'test', version: '0' },
    config: { seed: 42, orMapping: 'one-to-one', lnQuantile: 0.33, epochs: 300, batchSize: 16, trainRepeats: 10, testRepeats: 5, switches: { gapJunctions: true, apl: true, shortTermDepression: true, sparsityLoss: true }, surrogate: 'soft' },
    data: { connectomeSha256: 'ab'.repeat(32), door: {} },
    sizes: { receptors: 21, orn: 42, ln: 108, pn: 72, kc: 144, classes: 28 },
    parameters: parametersToRecord(params),
    decoder: { weight: Array.from({ length: 28 }, (_, c) => Array.from({ length: 144 }, (_, k) => c - k / 100)), bias: Array.from({ length: 28 }, (_, c) => c / 7) },
    teacher: { testAccuracy: 0.9, aplGainRaw: 0.9, orGains: new Array(21).fill(1) },
    completedEpochs: 300,
    history: [],
  };
}, 60_000);

const mutate = (f: (c: Record<string, any>) => void): unknown => {
  const c = JSON.parse(JSON.stringify(good));
  f(c);
  return c;
};
const errorOf = (raw: unknown): CheckpointError => {
  try {
    validateCheckpoint(raw, params.layout, 'x.json');
  } catch (e) {
    if (CheckpointError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('checkpoint format v1', () => {
  test('round trip through a file is exact', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'olf-ckpt-')), 'c.json');
    await writeCheckpoint(file, good);
    const loaded = await readCheckpoint(file, params.layout);
    expect(Array.from(loaded.params.values)).toEqual(Array.from(params.values));
    expect(loaded.decoderWeight[1 * 144 + 3]).toBeCloseTo(1 - 0.03, 6);
    expect(loaded.decoderBias[7]).toBeCloseTo(1, 6);
  });

  test.each([
    ['wrong format', (c: Record<string, any>) => (c.format = 'pytorch'), /format/],
    ['newer version', (c: Record<string, any>) => (c.version = 2), /version.*reads version 1/],
    ['missing tensor', (c: Record<string, any>) => delete c.parameters['kc.vTh'], /parameters\["kc.vTh"\]: missing/],
    ['wrong length', (c: Record<string, any>) => c.parameters['kc.vTh'].pop(), /parameters\["kc.vTh"\]: has 143 entries, expected 144/],
    ['NaN parameter', (c: Record<string, any>) => (c.parameters['apl.gain'] = null), /parameters\["apl.gain"\]: is null, expected a finite number/],
    ['unknown tensor', (c: Record<string, any>) => (c.parameters['evil'] = 1), /parameters\["evil"\]: is not a parameter/],
    ['decoder shape', (c: Record<string, any>) => c.decoder.weight[3].push(1), /decoder.weight\[3\]: has 145 entries/],
    ['decoder rows', (c: Record<string, any>) => c.decoder.weight.pop(), /decoder.weight: expected 28 rows/],
  ])('%s → CheckpointError naming the field', (_name, f, message) => {
    const e = errorOf(mutate(f));
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/^checkpoint x\.json: /);
  });

  test('unreadable and corrupt files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'olf-ckpt-'));
    await expect(readCheckpoint(join(dir, 'missing.json'), params.layout)).rejects.toThrow(/cannot be read \(ENOENT\)/);
    writeFileSync(join(dir, 'trunc.json'), JSON.stringify(good).slice(0, 500));
    await expect(readCheckpoint(join(dir, 'trunc.json'), params.layout)).rejects.toThrow(/not valid JSON/);
  });
});
