import { expandArgv, parseSweepSpec, SweepFormatError } from '../../src/index';

const job = (id: string) => ({ id, argv: ['node', 'fit.mjs', '--out', '{output}'], output: `${id}.json` });

describe('parseSweepSpec', () => {
  it('parseSweepSpec(value, file) accepts a plain array of jobs and an object with a command prefix and a collect step', () => {
    expect(parseSweepSpec([job('a')], 'jobs.json')).toEqual({ jobs: [job('a')] });
    const spec = parseSweepSpec(
      {
        formatVersion: 1,
        command: ['node', 'fit.mjs'],
        jobs: [
          { id: 'seed-42', argv: ['--seed', '42'], output: 's42' },
          { id: 'seed_43.x', output: 's43' },
        ],
        collect: { argv: ['node', 'table.mjs', '{sweep}'] },
      },
      'jobs.json',
    );
    expect(spec).toEqual({
      jobs: [
        { id: 'seed-42', argv: ['node', 'fit.mjs', '--seed', '42'], output: 's42' },
        { id: 'seed_43.x', argv: ['node', 'fit.mjs'], output: 's43' },
      ],
      collect: { argv: ['node', 'table.mjs', '{sweep}'] },
    });
  });

  const cases: [string, unknown, RegExp][] = [
    ['no jobs array', { job: [] }, /^jobs\.json: has no "jobs" array\. Write \{"jobs"/],
    ['an empty job list', { jobs: [] }, /"jobs" is empty/],
    ['an unknown top-level key', { jobs: [job('a')], colect: {} }, /unknown key "colect"/],
    ['an unknown job key', [{ ...job('a'), cwd: '.' }], /jobs\[0\] has an unknown key "cwd"/],
    ['an invalid id', [job('a b')], /jobs\[0\]\.id "a b" is invalid; expected letters, digits, '\.', '_' or '-'.*Rename the job\./],
    ['an id starting with a dot', [job('.hidden')], /jobs\[0\]\.id "\.hidden" is invalid/],
    ['a duplicate id', [job('a'), job('a')], /jobs\[1\]\.id "a" is used twice; expected unique ids/],
    ['a missing output', [{ id: 'a', argv: ['x'] }], /jobs\[0\]\.output is missing; expected the path/],
    ['an argv that is a string', [{ id: 'a', argv: 'node fit.mjs', output: 'o' }], /jobs\[0\]\.argv is "node fit\.mjs"; expected a non-empty array of strings/],
    ['an empty argv', [{ id: 'a', argv: [], output: 'o' }], /jobs\[0\]\.argv is \[\]; expected a non-empty array/],
    ['an empty program', [{ id: 'a', argv: [' '], output: 'o' }], /jobs\[0\]\.argv\[0\] is empty/],
    ['a collect without argv', { jobs: [job('a')], collect: { run: 'x' } }, /collect\.argv is missing; expected a non-empty array/],
  ];
  it.each(cases)('parseSweepSpec rejects %s with a SweepFormatError naming the file', (_what, value, message) => {
    let error: unknown;
    try {
      parseSweepSpec(value, 'jobs.json');
    } catch (e) {
      error = e;
    }
    expect(SweepFormatError.isInstance(error)).toBe(true);
    expect((error as SweepFormatError).file).toBe('jobs.json');
    expect((error as Error).message).toMatch(message);
  });
});

describe('expandArgv', () => {
  it('expandArgv(argv, values) replaces {output}, {id} and {sweep} and leaves other braces alone', () => {
    expect(expandArgv(['fit', '--out={output}', '{id}', '{sweep}/t', '{"a": {id}}', '{other}'], { output: '/s/a.json', id: 'a', sweep: '/s' })).toEqual([
      'fit',
      '--out=/s/a.json',
      'a',
      '/s/t',
      '{"a": a}',
      '{other}',
    ]);
    expect(expandArgv(['{output}', '{sweep}'], { sweep: '/s' })).toEqual(['{output}', '/s']);
  });
});
