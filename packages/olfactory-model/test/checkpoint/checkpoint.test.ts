import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Checkpoint, SpikingCircuit, StudentParameters } from '../../src/index';
import { CheckpointError, buildSpikingCircuit, initialStudentParameters, parametersToRecord, projectToBounds, readCheckpoint, validateCheckpoint, writeCheckpoint } from '../../src/index';
import { realCircuit } from '../helpers/real-circuit';

let sc: SpikingCircuit;
let params: StudentParameters;
let good: Checkpoint;
beforeAll(async () => {
  sc = buildSpikingCircuit((await realCircuit()).circuit);
  params = initialStudentParameters(sc, { orGains: Array.from({ length: 21 }, (_, i) => i / 10), aplGainRaw: 0.9 });
  projectToBounds(params); // as after the first optimizer step: a trained checkpoint's parameters are inside their bounds
  good = {
    format: 'olfactory-checkpoint',
    version: 1,
    producer: { name: 'test', version: '0' },
    config: {
      seed: 42,
      orMapping: 'one-to-one',
      lnQuantile: 0.33,
      epochs: 300,
      batchSize: 16,
      trainRepeats: 10,
      testRepeats: 5,
      switches: { gapJunctions: true, apl: true, shortTermDepression: true, sparsityLoss: true },
      surrogate: 'soft',
    },
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
const entry = (epoch: number) => ({ epoch, loss: 1, trainAccuracy: 0.5, testAccuracy: 0.5, kcSparsity: 0.1, gSomaNs: 10 });
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
    ['newer version', (c: Record<string, any>) => (c.version = 3), /version: is 3; this version of @olfactory\/model reads version 1 \(plain JSON\) and 2 \(packed\)/],
    ['missing tensor', (c: Record<string, any>) => delete c.parameters['kc.vTh'], /parameters\["kc.vTh"\]: missing/],
    ['wrong length', (c: Record<string, any>) => c.parameters['kc.vTh'].pop(), /parameters\["kc.vTh"\]: has 143 entries, expected 144/],
    ['NaN parameter', (c: Record<string, any>) => (c.parameters['apl.gain'] = null), /parameters\["apl.gain"\]: is null, expected a finite number/],
    ['unknown tensor', (c: Record<string, any>) => (c.parameters['evil'] = 1), /parameters\["evil"\]: is not a parameter/],
    ['decoder shape', (c: Record<string, any>) => c.decoder.weight[3].push(1), /decoder.weight\[3\]: has 145 entries/],
    ['decoder rows', (c: Record<string, any>) => c.decoder.weight.pop(), /decoder.weight: expected 28 rows/],
    // issue 13 §3.4: sizes against the circuit, float32 overflow, bounds, history, config.seed
    ['sizes.kc of another circuit', (c: Record<string, any>) => (c.sizes.kc = 143), /sizes\.kc: is 143, but the circuit has 144/],
    ['sizes.orn of another circuit', (c: Record<string, any>) => (c.sizes.orn = 21), /sizes\.orn: is 21, but the circuit has 42/],
    ['float32 overflow in the decoder', (c: Record<string, any>) => (c.decoder.weight[2][5] = 1e39), /decoder\.weight\[2\]\[5\]: is 1e\+39, which overflows float32/],
    ['float32 overflow in a parameter', (c: Record<string, any>) => (c.parameters['apl.gain'] = -4e38), /parameters\["apl\.gain"\]: is -4e\+38, which overflows float32/],
    ['threshold above its bound', (c: Record<string, any>) => (c.parameters['kc.vTh'][7] = -0.01), /parameters\["kc\.vTh"\]\[7\]: is -0\.01, outside the parameter bounds \[-0\.055, -0\.03\]/],
    ['scalar below its bound', (c: Record<string, any>) => (c.parameters['kc.logGSoma'] = Math.log(1e-12)), /parameters\["kc\.logGSoma"\]: .* outside the parameter bounds/],
    ['seed not an integer', (c: Record<string, any>) => (c.config.seed = 4.5), /config\.seed: is 4\.5, expected an integer/],
    ['negative seed', (c: Record<string, any>) => (c.config.seed = -1), /config\.seed: is -1, expected an integer in \[0,/],
    ['seed missing', (c: Record<string, any>) => delete c.config.seed, /config\.seed: is undefined, expected a finite number/],
    ['history entry not an object', (c: Record<string, any>) => (c.history = [3]), /history\[0\]: expected an object/],
    ['history epochs not increasing', (c: Record<string, any>) => (c.history = [entry(2), entry(2)]), /history\[1\]\.epoch: is 2, expected an integer above 2/],
    ['history beyond completedEpochs', (c: Record<string, any>) => (c.history = [entry(301)]), /history\[0\]\.epoch: is 301/],
    ['history metric null', (c: Record<string, any>) => (c.history = [{ ...entry(1), loss: null }]), /history\[0\]\.loss: is null, expected a finite number/],
    ['history accuracy above 1', (c: Record<string, any>) => (c.history = [{ ...entry(1), testAccuracy: 78.7 }]), /history\[0\]\.testAccuracy: is 78\.7, expected a fraction/],
    ['completedEpochs beyond config.epochs', (c: Record<string, any>) => (c.completedEpochs = 301), /completedEpochs: is 301, expected an integer in \[0, 300\]/],
    // the connectome preprocessing recorded with the run
    ['unknown receptor mapping', (c: Record<string, any>) => (c.config.orMapping = 'random'), /config\.orMapping: is "random", expected one of "one-to-one", "by-name", "annotation-order"/],
    [
      'preprocessing that disagrees with orMapping',
      (c: Record<string, any>) => (c.config.preprocessing = { orMapping: 'by-name', lnQuantile: 0.33, nonAdWeights: 'counts', kcDendroDendritic: 'counts', countNormalization: 'per-matrix-max' }),
      /config\.preprocessing: says orMapping by-name, lnQuantile 0\.33 but config says one-to-one/,
    ],
    [
      'preprocessing with an unknown value',
      (c: Record<string, any>) => (c.config.preprocessing = { orMapping: 'one-to-one', lnQuantile: 0.33, nonAdWeights: 'log', kcDendroDendritic: 'counts', countNormalization: 'per-matrix-max' }),
      /config\.preprocessing: .*nonAdWeights/,
    ],
  ])('%s → CheckpointError naming the field', (_name, f, message) => {
    const e = errorOf(mutate(f));
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/^checkpoint x\.json: /);
  });

  test('1e999 in the file is named as out of range, not as null', () => {
    const text = JSON.stringify(good)
      .replace('"aplGainRaw":0.9', '"aplGainRaw":0.9')
      .replace(/"apl\.gain":[^,]+,/, '"apl.gain":1e999,');
    expect(errorOf(JSON.parse(text)).message).toMatch(/parameters\["apl\.gain"\]: is Infinity \(out of the range of a double\), expected a finite number/);
  });

  test('before the first epoch (completedEpochs 0) the initial values may sit below a bound', () => {
    const initial = initialStudentParameters(sc, { orGains: new Array(21).fill(1), aplGainRaw: 0.9 });
    const raw = mutate((c) => {
      c.parameters = parametersToRecord(initial);
      c.completedEpochs = 0;
    });
    expect(() => validateCheckpoint(raw, params.layout, 'x.json')).not.toThrow();
    expect(errorOf(mutate((c) => (c.parameters = parametersToRecord(initial)))).message).toMatch(/outside the parameter bounds/);
  });

  test('a bound reached in float32 (as the trainer projects) is accepted', () => {
    const atBound = mutate((c) => {
      c.parameters['kc.vTh'][0] = Math.fround(-0.03);
      c.parameters['kc.vTh'][1] = Math.fround(-0.055);
    });
    expect(() => validateCheckpoint(atBound, params.layout, 'x.json')).not.toThrow();
  });

  test('the decoder must have as many classes as the caller has odors (options.classes)', () => {
    expect(() => validateCheckpoint(good, params.layout, 'x.json', { classes: 28 })).not.toThrow();
    expect(() => validateCheckpoint(good, params.layout, 'x.json', { classes: 27 })).toThrow(/sizes\.classes: is 28, but the circuit has 27/);
  });

  test('every shipped model (models/) passes the validation', async () => {
    const seeds = ['seed-42', 'seed-43', 'seed-44', 'seed-45', 'seed-46'];
    for (const f of [...seeds.map((s) => `canonical/${s}`), ...seeds.map((s) => `one-to-one/${s}`), 'by-name/seed-42']) {
      await expect(readCheckpoint(join(__dirname, '../../../../models', f, 'checkpoint.json'), params.layout, { classes: 28 })).resolves.toBeDefined();
    }
  });

  test('unreadable and corrupt files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'olf-ckpt-'));
    await expect(readCheckpoint(join(dir, 'missing.json'), params.layout)).rejects.toThrow(/cannot be read \(ENOENT\)/);
    writeFileSync(join(dir, 'trunc.json'), JSON.stringify(good).slice(0, 500));
    await expect(readCheckpoint(join(dir, 'trunc.json'), params.layout)).rejects.toThrow(/not valid JSON/);
  });
});
