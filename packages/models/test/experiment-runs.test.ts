import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CANONICAL_CHECKPOINTS, ModelFileIntegrityError, SHIPPED_EXPERIMENT_RUNS, SHIPPED_EXPERIMENT_RUNS_PROVENANCE, SHIPPED_EXPERIMENTS_PROVENANCE, shippedExperimentRunFiles, shippedExperimentRunsDir } from '../src/index';

const pkg = join(__dirname, '..');
const SEEDS = [42, 43, 44, 45, 46];
type Config = Record<string, unknown> & { switches: Record<string, boolean>; preprocessing: Record<string, unknown> };
const readPacked = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { version: number; config: Config; completedEpochs: number; sizes: { classes: number } };

/** What each retrained condition changes in the canonical training config (spec §3.7). */
const CONDITIONS: Record<string, (c: Config) => Config> = {
  'ce-only': (c) => ({ ...c, switches: { ...c.switches, sparsityLoss: false } }),
  'energy-50': (c) => ({ ...c, switches: { ...c.switches, sparsityLoss: false }, energy: { weight: 50, population: 'all' } }),
  'kc-energy-50': (c) => ({ ...c, switches: { ...c.switches, sparsityLoss: false }, energy: { weight: 50, population: 'kc' } }),
  'no-apl': (c) => ({ ...c, switches: { ...c.switches, apl: false } }),
  'no-gap': (c) => ({ ...c, switches: { ...c.switches, gapJunctions: false } }),
  'no-std': (c) => ({ ...c, switches: { ...c.switches, shortTermDepression: false } }),
  'odors-14': (c) => ({ ...c, odorCount: 14 }),
  'odors-56': (c) => ({ ...c, odorCount: 56 }),
  'odors-7': (c) => ({ ...c, odorCount: 7 }),
  'q0.20': (c) => ({ ...c, lnQuantile: 0.2, preprocessing: { ...c.preprocessing, lnQuantile: 0.2 } }),
  'q0.417': (c) => ({ ...c, lnQuantile: 0.417, preprocessing: { ...c.preprocessing, lnQuantile: 0.417 } }),
  'q0.50': (c) => ({ ...c, lnQuantile: 0.5, preprocessing: { ...c.preprocessing, lnQuantile: 0.5 } }),
  shuffled: (c) => ({ ...c, shuffledConnectome: true }),
};

describe('@olfactory/models experiment runs', () => {
  it("the canonical condition's runs are the canonical models (not stored twice), listed first", async () => {
    expect(SHIPPED_EXPERIMENT_RUNS_PROVENANCE.canonicalCondition).toBe('canonical');
    expect(shippedExperimentRunsDir()).toBe(join(pkg, 'runs'));
    const runs = await shippedExperimentRunFiles();
    expect(runs.slice(0, 5)).toEqual(CANONICAL_CHECKPOINTS.map((c) => ({ condition: 'canonical', seed: c.seed, file: join(pkg, 'canonical', c.path) })));
    expect(runs.slice(5).map((r) => [r.condition, r.seed])).toEqual(SHIPPED_EXPERIMENT_RUNS.map((c) => [c.condition, c.seed]));
    expect(SHIPPED_EXPERIMENT_RUNS.some((c) => c.condition === 'canonical')).toBe(false);
  });

  it('ships every retrained condition of experiment all, seeds 42-46, each trained with exactly its switch (packed, 300 + 300 epochs)', async () => {
    expect(SHIPPED_EXPERIMENT_RUNS.map((c) => `${c.condition}/${c.seed}`)).toEqual(Object.keys(CONDITIONS).flatMap((c) => SEEDS.map((s) => `${c}/${s}`)));
    expect(SHIPPED_EXPERIMENT_RUNS_PROVENANCE.command).toBe('olfactory experiment all --seeds 42,43,44,45,46 --workers 2');
    expect(SHIPPED_EXPERIMENTS_PROVENANCE.command).toBe(SHIPPED_EXPERIMENT_RUNS_PROVENANCE.command);
    const runs = await shippedExperimentRunFiles();
    const canonical = new Map(runs.filter((r) => r.condition === 'canonical').map((r) => [r.seed, readPacked(r.file)]));
    for (const run of runs.filter((r) => r.condition !== 'canonical')) {
      const checkpoint = readPacked(run.file);
      const base = canonical.get(run.seed)!;
      expect([run.condition, run.seed, checkpoint.version, checkpoint.completedEpochs, checkpoint.config.teacherEpochs]).toEqual([run.condition, run.seed, 2, 300, 300]);
      expect([run.condition, checkpoint.config]).toEqual([run.condition, CONDITIONS[run.condition]!({ ...base.config, teacherEpochs: 300 })]);
      expect([run.condition, checkpoint.sizes.classes]).toEqual([run.condition, run.condition.startsWith('odors-') ? Number(run.condition.slice(6)) : 28]);
    }
  });

  it('a run file altered after install is named by the integrity check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'olf-models-runs-'));
    try {
      cpSync(shippedExperimentRunsDir(), dir, { recursive: true });
      const file = join(dir, 'no-gap', 'seed-44', 'checkpoint.json');
      const bytes = readFileSync(file);
      bytes[bytes.length - 10] ^= 1;
      writeFileSync(file, bytes);
      const e = await shippedExperimentRunFiles(dir).then(() => undefined, (err: unknown) => err);
      expect(ModelFileIntegrityError.isInstance(e)).toBe(true);
      expect((e as Error).message).toMatch(/no-gap\/seed-44\/checkpoint\.json: .*sha256/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
