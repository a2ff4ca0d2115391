import { join } from 'node:path';
import { CANONICAL_CHECKPOINTS, SHIPPED_EXPERIMENT_RUNS, SHIPPED_EXPERIMENT_RUNS_PROVENANCE, shippedExperimentRunFiles, shippedExperimentRunsDir } from '../src/index';

const pkg = join(__dirname, '..');

describe('@olfactory/models experiment runs', () => {
  it("the canonical condition's runs are the canonical models (not stored twice), listed first", async () => {
    expect(SHIPPED_EXPERIMENT_RUNS_PROVENANCE.canonicalCondition).toBe('canonical');
    expect(shippedExperimentRunsDir()).toBe(join(pkg, 'runs'));
    const runs = await shippedExperimentRunFiles();
    expect(runs.slice(0, 5)).toEqual(CANONICAL_CHECKPOINTS.map((c) => ({ condition: 'canonical', seed: c.seed, file: join(pkg, 'canonical', c.path) })));
    expect(runs.slice(5).map((r) => [r.condition, r.seed])).toEqual(SHIPPED_EXPERIMENT_RUNS.map((c) => [c.condition, c.seed]));
    expect(SHIPPED_EXPERIMENT_RUNS.some((c) => c.condition === 'canonical')).toBe(false);
  });
});
