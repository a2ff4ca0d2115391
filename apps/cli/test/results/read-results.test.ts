import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonPath, parseRecomputeResults, readRecomputeResults, ResultsFileError } from '../../src/results/read-results';
import { syntheticResults, syntheticRunMetadata } from '../helpers/synthetic-results';

const clone = (seed = 1, options = {}) => JSON.parse(JSON.stringify(syntheticResults({ seed, nCheckpoints: 2, ...options })));

function errorOf(mutate: (r: Record<string, any>) => void, options = {}): ResultsFileError {
  const r = clone(1, options);
  mutate(r);
  try {
    parseRecomputeResults(JSON.stringify(r), 'run/recompute.json');
  } catch (error) {
    expect(ResultsFileError.isInstance(error)).toBe(true);
    return error as ResultsFileError;
  }
  throw new Error('expected a ResultsFileError');
}

describe('parseRecomputeResults', () => {
  it('parseRecomputeResults(text, file) accepts a synthetic schema-valid file and returns it unchanged', () => {
    const r = clone();
    expect(parseRecomputeResults(JSON.stringify(r), 'run/recompute.json')).toEqual(r);
  });

  it('accepts history entries without the test-set metrics (a run with --test-every), but not a test accuracy out of range', () => {
    const r = clone();
    for (const h of r.checkpoints[0].history.slice(0, 3)) {
      delete h.testAccuracy;
      delete h.kcSparsity;
    }
    expect(parseRecomputeResults(JSON.stringify(r), 'f.json').checkpoints[0]!.history[0]).not.toHaveProperty('testAccuracy');
    const e = errorOf((x) => (x.checkpoints[0].history[4].testAccuracy = 1.2));
    expect(e).toMatchObject({ problem: 'field', jsonPath: '$.checkpoints[0].history[4].testAccuracy' });
  });

  it('drops unknown keys (a newer producer may add optional fields)', () => {
    const r = clone();
    r.extra = { anything: true };
    expect(parseRecomputeResults(JSON.stringify(r), 'f.json')).not.toHaveProperty('extra');
  });

  it.each<[string, (r: Record<string, any>) => void, string, string]>([
    ['a non-finite number (null in JSON)', (r) => (r.checkpoints[0].figures.similarity.or[2][3] = null), '$.checkpoints[0].figures.similarity.or[2][3]', 'a finite number'],
    ['a fraction out of range', (r) => (r.checkpoints[1].metrics.kcSparsity = 1.5), '$.checkpoints[1].metrics.kcSparsity', 'a number <= 1'],
    ['a negative count', (r) => (r.checkpoints[0].figures.confusion[0][0] = -1), '$.checkpoints[0].figures.confusion[0][0]', 'a number >= 0'],
    ['a bad sha256', (r) => (r.checkpoints[0].sha256 = 'abc'), '$.checkpoints[0].sha256', 'a 64-digit lowercase hex sha256'],
    ['an unknown ablation', (r) => (r.protocol.ablation = 'no-kc'), '$.protocol.ablation', '"none", "no-gap", "no-apl", "no-std"'],
    ['a non-integer seed', (r) => (r.checkpoints[1].seed = 42.5), '$.checkpoints[1].seed', 'an integer'],
    ['no checkpoints', (r) => (r.checkpoints = []), '$.checkpoints', 'at least 1 entry'],
    ['a summary entry without std', (r) => delete r.summary.accuracy.std, '$.summary.accuracy.std', 'a finite number'],
  ])('reports %s with its JSON path and what was expected', (_what, mutate, path, expected) => {
    const e = errorOf(mutate);
    expect(e).toMatchObject({ file: 'run/recompute.json', problem: 'field', jsonPath: path });
    expect(e.expected).toContain(expected);
    expect(e.message).toContain(`invalid results file run/recompute.json: ${path} is `);
    expect(e.message).toContain("Re-create it with 'olfactory recompute --out run'");
  });

  it.each<[string, (r: Record<string, any>) => void, string, RegExp]>([
    ['a short confusion row', (r) => r.checkpoints[1].figures.confusion[4].pop(), '$.checkpoints[1].figures.confusion[4]', /has 27 columns; expected 28 \(a 28 × 28 matrix\)/],
    ['a KC row of another width', (r) => r.checkpoints[1].figures.kcMeanCounts[0].push(0), '$.checkpoints[1].figures.kcMeanCounts[0]', /has 145 columns; expected 144/],
    ['a withinOdor array of the wrong length', (r) => r.checkpoints[0].figures.withinOdor.between.pop(), '$.checkpoints[0].figures.withinOdor.between', /has 27 values; expected 28/],
    ['a concentration series of the wrong length', (r) => r.checkpoints[0].figures.concentration.kcMean.pop(), '$.checkpoints[0].figures.concentration.kcMean', /has 6 values; expected 7 \(one per concentration\)/],
    ['different concentrations per checkpoint', (r) => (r.checkpoints[1].figures.concentration.concentrations[0] = 0.05), '$.checkpoints[1].figures.concentration.concentrations', /the same concentrations in every checkpoint/],
  ])('reports %s as a shape problem', (_what, mutate, path, message) => {
    const e = errorOf(mutate);
    expect(e).toMatchObject({ problem: 'shape', jsonPath: path });
    expect(e.message).toMatch(message);
  });

  it('checks the schema name and version before anything else', () => {
    expect(errorOf((r) => ((r.schema = 'x'), (r.odors = 5))).jsonPath).toBe('$.schema');
    const v = errorOf((r) => (r.version = 3));
    expect(v.jsonPath).toBe('$.version');
    expect(v.message).toMatch(/Upgrade @olfactory\/cli/);
    expect(() => parseRecomputeResults('[1, 2]', 'f.json')).toThrow(/\$ is an array of 2; expected a JSON object/);
    expect(() => parseRecomputeResults('{nope', 'f.json')).toThrow(/f\.json: not valid JSON/);
  });

  it('counts the further problems after the first', () => {
    const e = errorOf((r) => {
      r.checkpoints[0].metrics.accuracy = 'a';
      r.checkpoints[0].metrics.kcSparsity = 'b';
    });
    expect(e.message).toMatch(/\(1 more problem after this one\.\)/);
  });
});

describe('readRecomputeResults', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'olf-read-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('readRecomputeResults(dir) reads recompute.json and the optional run-metadata.json beside it; the file itself may be given', async () => {
    writeFileSync(join(dir, 'recompute.json'), JSON.stringify(syntheticResults({ nCheckpoints: 1 })));
    const without = await readRecomputeResults(dir);
    expect(without.metadata).toBeUndefined();
    expect(without.file).toBe(join(dir, 'recompute.json'));
    writeFileSync(join(dir, 'run-metadata.json'), JSON.stringify(syntheticRunMetadata()));
    const withMeta = await readRecomputeResults(join(dir, 'recompute.json'));
    expect(withMeta.dir).toBe(dir);
    expect(withMeta.metadata).toEqual(syntheticRunMetadata());
  });

  it('a missing folder throws ResultsFileError { problem: missing } saying what to run', async () => {
    const missing = join(dir, 'none');
    await expect(readRecomputeResults(missing)).rejects.toMatchObject({ problem: 'missing', file: join(missing, 'recompute.json') });
    await expect(readRecomputeResults(missing)).rejects.toThrow(/olfactory recompute --out/);
  });

  it('an invalid run-metadata.json is reported with its own file name', async () => {
    mkdirSync(join(dir, 'r'));
    writeFileSync(join(dir, 'r', 'recompute.json'), JSON.stringify(syntheticResults({ nCheckpoints: 1 })));
    writeFileSync(join(dir, 'r', 'run-metadata.json'), JSON.stringify({ ...syntheticRunMetadata(), versions: { a: 1 } }));
    await expect(readRecomputeResults(join(dir, 'r'))).rejects.toMatchObject({ file: join(dir, 'r', 'run-metadata.json'), jsonPath: '$.versions.a', expected: 'a string' });
  });
});

describe('jsonPath', () => {
  it('jsonPath(path) writes identifiers with dots, indices in brackets and other keys quoted', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['checkpoints', 0, 'figures', 'similarity', 'kc', 3])).toBe('$.checkpoints[0].figures.similarity.kc[3]');
    expect(jsonPath(['dataChecksums', 'winding2023/S1.zip'])).toBe('$.dataChecksums["winding2023/S1.zip"]');
  });
});
