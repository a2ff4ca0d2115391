import { experimentSweepSpec } from '../../src/commands/experiment';

const spec = (name: 'all' | 'r6-task-complexity' | 'r1-loss-forms') =>
  experimentSweepSpec({ name, seeds: [42, 43], extended: false, epochs: 300, teacherEpochs: 300, cliScript: '/x/cli.js', workers: 2, engine: 'onnx' });

describe('experimentSweepSpec', () => {
  it('lists the longest jobs first (56 odors, then 28, 14, 7), in the plan order within a size, so short jobs fill the end of the run', () => {
    const ids = spec('all').jobs.map((j) => j.id);
    expect(ids).toHaveLength(28);
    expect(ids.slice(0, 4)).toEqual(['odors-56-seed-42', 'odors-56-seed-43', 'canonical-seed-42', 'canonical-seed-43']);
    expect(ids.slice(-4)).toEqual(['odors-14-seed-42', 'odors-14-seed-43', 'odors-7-seed-42', 'odors-7-seed-43']);
    // the 28-odor conditions keep the plan's order
    const conditions = [...new Set(ids.map((id) => id.replace(/-seed-\d+$/, '')))];
    expect(conditions).toEqual(['odors-56', 'canonical', 'ce-only', 'energy-50', 'kc-energy-50', 'no-gap', 'no-apl', 'shuffled', 'no-std', 'q0.20', 'q0.417', 'q0.50', 'odors-14', 'odors-7']);
    expect(spec('r6-task-complexity').jobs.map((j) => j.id)).toEqual([
      'odors-56-seed-42',
      'odors-56-seed-43',
      'canonical-seed-42',
      'canonical-seed-43',
      'odors-14-seed-42',
      'odors-14-seed-43',
      'odors-7-seed-42',
      'odors-7-seed-43',
    ]);
  });

  it('each job trains one seed of one condition into runs/<condition>, with the shared teacher cache and the test set every 50th epoch', () => {
    const job = spec('r1-loss-forms').jobs.find((j) => j.id === 'ce-only-seed-43')!;
    expect(job.output).toBe('runs/ce-only/seed-43/checkpoint.json');
    expect(job.argv).toEqual(expect.arrayContaining(['train', '--seeds', '43', '--loss', 'ce-only', '--out', '{sweep}/runs/ce-only', '--teacher-cache', '{sweep}/teachers']));
    const at = job.argv.indexOf('--test-every');
    expect(job.argv.slice(at, at + 2)).toEqual(['--test-every', '50']);
  });
});
