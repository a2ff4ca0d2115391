import { lateralLineSweepSpec, REFERENCE_GRADIENT } from '../../src/commands/lateral-line';

describe('lateralLineSweepSpec', () => {
  it('lateralLineSweepSpec makes one `lateral-line run` job per topography and seed, writing run_summary.json, collected by `evaluate`', () => {
    const spec = lateralLineSweepSpec({ preset: 'baseline', topographies: [0.1, 0.2], seeds: [123, 124], trials: 500, set: ['monTsGainMv=200'], out: 'sw', cliScript: '/x/cli.js' });
    expect(spec.jobs.map((j) => j.id)).toEqual(['topo-0.10-seed-123', 'topo-0.10-seed-124', 'topo-0.20-seed-123', 'topo-0.20-seed-124']);
    const j = spec.jobs[3]!;
    expect(j.argv.slice(1)).toEqual([
      '/x/cli.js',
      '-q',
      'lateral-line',
      'run',
      '--preset',
      'baseline',
      '--topography',
      '0.2',
      '--seed',
      '124',
      '--trials',
      '500',
      '--set',
      'monTsGainMv=200',
      '--out',
      '{sweep}/runs/topo-0.20/seed-124',
    ]);
    expect(j.argv[0]).toBe(process.execPath);
    expect(j.output).toBe('runs/topo-0.20/seed-124/run_summary.json');
    expect(spec.collect!.argv.slice(1)).toEqual(['/x/cli.js', 'lateral-line', 'evaluate', '{sweep}']);
    expect(REFERENCE_GRADIENT.map((r) => r.topography)).toEqual([0.1, 0.15, 0.2, 0.4, 0.6, 0.8]);
  });

  it('lateralLineSweepSpec rejects a bad override before any job exists (usage error naming the flag)', () => {
    expect(() => lateralLineSweepSpec({ preset: 'baseline', topographies: [0.2], seeds: [1], set: ['testDistanceCm=-1'], out: 'sw', cliScript: 'c' })).toThrow(
      /--set testDistanceCm: invalid testDistanceCm: -1/,
    );
  });
});
