import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OlfactoryError } from '@olfactory/neurons';
import { CANONICAL_CHECKPOINTS, ModelFileIntegrityError, SHIPPED_EXPERIMENTS_PROVENANCE, SHIPPED_EXPERIMENT_TABLES, canonicalCheckpointFiles, canonicalCheckpointsDir, shippedExperimentTableFiles, shippedExperimentsDir, verifyCanonicalCheckpoints } from '../src/index';

const pkg = join(__dirname, '..');
const repoCanonical = join(pkg, '..', '..', 'models', 'canonical');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const integrityError = async (p: Promise<unknown>): Promise<ModelFileIntegrityError> => {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!ModelFileIntegrityError.isInstance(e)) throw new Error(`expected a ModelFileIntegrityError, got ${String(e)}`);
  return e;
};

describe('@olfactory/models', () => {
  it('CANONICAL_CHECKPOINTS has the expected defaults: seeds 42-46 as seed-<S>/checkpoint.json', () => {
    expect(CANONICAL_CHECKPOINTS.map((c) => c.seed)).toEqual([42, 43, 44, 45, 46]);
    expect(CANONICAL_CHECKPOINTS.map((c) => c.path)).toEqual([42, 43, 44, 45, 46].map((s) => `seed-${s}/checkpoint.json`));
    expect(Object.isFrozen(CANONICAL_CHECKPOINTS)).toBe(true);
  });

  it("the manifest pins the repository's models/canonical files (size and sha256), and each file is the seed it says", () => {
    for (const c of CANONICAL_CHECKPOINTS) {
      const file = join(repoCanonical, c.path);
      expect({ seed: c.seed, bytes: readFileSync(file).length, sha256: sha256(file) }).toEqual({ seed: c.seed, bytes: c.bytes, sha256: c.sha256 });
      const checkpoint = JSON.parse(readFileSync(file, 'utf8'));
      // the packed format (version 2): arrays as base64 blobs, the config as plain JSON
      expect(checkpoint.version).toBe(2);
      expect(c.bytes).toBeLessThan(70_000);
      expect(checkpoint.config.seed).toBe(c.seed);
      expect(checkpoint.config.preprocessing.orMapping).toBe('annotation-order');
      expect(checkpoint.completedEpochs).toBe(300);
    }
  });

  it('canonicalCheckpointsDir() is the package\'s canonical/ folder, and canonicalCheckpointFiles() verifies and lists the built copies', async () => {
    expect(canonicalCheckpointsDir()).toBe(join(pkg, 'canonical'));
    const files = await canonicalCheckpointFiles();
    expect(files).toEqual(CANONICAL_CHECKPOINTS.map((c) => join(pkg, 'canonical', c.path)));
  });

  it('verifyCanonicalCheckpoints(dir) names a flipped byte, a truncated file and a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'olf-models-'));
    cpSync(repoCanonical, dir, { recursive: true });
    expect(await verifyCanonicalCheckpoints(dir)).toHaveLength(5);
    const f43 = join(dir, 'seed-43', 'checkpoint.json');
    const bytes = readFileSync(f43);
    const flipped = Buffer.from(bytes);
    flipped[1000] = flipped[1000]! ^ 1;
    writeFileSync(f43, flipped);
    const e1 = await integrityError(verifyCanonicalCheckpoints(dir));
    expect(e1.file).toBe(f43);
    expect(OlfactoryError.isInstance(e1)).toBe(true);
    expect(e1.code).toBe('OLFACTORY_MODEL_FILE_INTEGRITY');
    expect(e1.message).toBe(`shipped checkpoint ${f43}: sha256 is ${createHash('sha256').update(flipped).digest('hex')}, expected ${CANONICAL_CHECKPOINTS[1]!.sha256}. Reinstall @olfactory/models (npm install @olfactory/models), or pass your own checkpoints.`);
    writeFileSync(f43, bytes.subarray(0, 100));
    expect((await integrityError(verifyCanonicalCheckpoints(dir))).message).toMatch(new RegExp(`seed-43/checkpoint\\.json: has 100 bytes, expected ${CANONICAL_CHECKPOINTS[1]!.bytes}\\.`));
    writeFileSync(f43, bytes);
    rmSync(join(dir, 'seed-46'), { recursive: true });
    expect((await integrityError(verifyCanonicalCheckpoints(dir))).message).toMatch(/seed-46\/checkpoint\.json: cannot be read \(ENOENT\)/);
  });

  it('ships the experiment tables of one full experiment all run (every condition retrained), pinned and verified', async () => {
    expect(SHIPPED_EXPERIMENT_TABLES.map((t) => t.experiment)).toEqual(['r1-loss-forms', 'r3-ablations', 'std', 'r4-ln-split', 'r5-mixtures', 'r2-consistency', 'r6-task-complexity']);
    expect(SHIPPED_EXPERIMENTS_PROVENANCE.command).toBe('olfactory experiment all --seeds 42,43,44,45,46 --workers 2');
    expect(shippedExperimentsDir()).toBe(join(pkg, 'experiments'));
    const files = await shippedExperimentTableFiles();
    const tables = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
    // each is a real table of the five canonical seeds; R5 and R2 are complete
    for (const t of tables) expect(t).toMatchObject({ schema: 'olfactory-experiment', version: 1, seeds: [42, 43, 44, 45, 46], epochs: 300 });
    const r5 = tables[4].rows[0].metrics;
    expect(r5.mixtureComponentCosine.perSeed).toHaveLength(5);
    expect(r5.mixtureComponentCosine.paper).toBe(0.805);
    expect(tables[5].rows[0].metrics.studentAllParameters.mean).toBeGreaterThan(0.8);
    // every row, the retrained conditions included, with the run's wall times
    const ids = (t: { rows: { id: string }[] }) => t.rows.map((r) => r.id);
    expect(ids(tables[0])).toEqual(['canonical', 'ce-only', 'energy-50', 'kc-energy-50', 'ce-only-mixtures']);
    expect(ids(tables[1])).toEqual(['canonical', 'no-gap', 'no-apl', 'shuffled', 'canonical-posthoc-no-gap', 'canonical-posthoc-no-apl', 'canonical-mixtures', 'shuffled-mixtures', 'no-apl-mixtures']);
    expect(ids(tables[2])).toEqual(['canonical', 'no-std', 'canonical-posthoc-no-std']);
    expect(ids(tables[3])).toEqual(['canonical', 'q0.20', 'q0.417', 'q0.50']);
    expect(ids(tables[6])).toEqual(['odors-7', 'odors-14', 'canonical', 'odors-56']);
    for (const t of tables) expect(t.notes.join(' ')).not.toMatch(/No finished checkpoint yet/);
    expect(tables[0].wallSeconds.training).toBeGreaterThan(0);
    expect(SHIPPED_EXPERIMENTS_PROVENANCE.seconds).toBeGreaterThan(3600);
    // a damaged table is named
    const dir = mkdtempSync(join(tmpdir(), 'olf-models-exp-'));
    cpSync(join(pkg, 'experiments'), dir, { recursive: true });
    writeFileSync(join(dir, 'std.json'), '{}');
    const e = await integrityError(shippedExperimentTableFiles(dir));
    expect(e.message).toMatch(/^shipped experiment table .*std\.json: has 2 bytes, expected \d+\. Reinstall @olfactory\/models .* or pass your own results \(--results DIR\)\.$/);
    rmSync(dir, { recursive: true, force: true });
  });
});
