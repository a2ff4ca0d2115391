import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSweep, readSweepManifest, SweepFormatError } from '../../src/index';
import { useTempDir } from '../helpers/temp-dir';

const job = (id: string, extra: string[] = []) => ({ id, argv: ['node', 'fit.mjs', ...extra], output: `${id}.json` });
const catchError = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
};

describe('openSweep', () => {
  const tmp = useTempDir('manifest');

  it('openSweep(dir, spec) writes sweep.json, and reading it back gives the same manifest', () => {
    const dir = join(tmp(), 's');
    const m = openSweep(dir, { jobs: [job('a'), job('b')], collect: { argv: ['node', 'collect.mjs'] } }, { cwd: tmp(), now: '2026-01-01T00:00:00.000Z' });
    expect(m).toEqual({
      formatVersion: 1,
      kind: 'olfactory-sweep',
      createdAt: '2026-01-01T00:00:00.000Z',
      cwd: tmp(),
      jobs: [job('a'), job('b')],
      collect: { argv: ['node', 'collect.mjs'] },
      submissions: [],
    });
    expect(readSweepManifest(dir)).toEqual(m);
    expect(JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'))).toEqual(m);
  });

  it('openSweep(dir, spec) on an existing sweep keeps it when the jobs are the same and appends new jobs', () => {
    const dir = join(tmp(), 's');
    const first = openSweep(dir, { jobs: [job('a')] }, { cwd: tmp() });
    expect(openSweep(dir, { jobs: [job('a')] }, { cwd: '/elsewhere' })).toEqual(first);
    const grown = openSweep(dir, { jobs: [job('a'), job('b')] });
    expect(grown.jobs.map((j) => j.id)).toEqual(['a', 'b']);
    expect(grown.cwd).toBe(tmp());
  });

  it('openSweep(dir, spec) refuses a job list that changed a job or dropped one', () => {
    const dir = join(tmp(), 's');
    openSweep(dir, { jobs: [job('a'), job('b')] }, { cwd: tmp() });
    const changed = catchError(() => openSweep(dir, { jobs: [job('a', ['--epochs', '5']), job('b')] }));
    expect(SweepFormatError.isInstance(changed)).toBe(true);
    expect(changed.message).toMatch(/sweep\.json: job "a" differs from the new job list \(argv or output changed\)\. Use a new output folder, or delete .*sweep\.json to start this sweep over\./);
    expect(catchError(() => openSweep(dir, { jobs: [job('a')] })).message).toMatch(/holds job "b", which the new job list lacks/);
  });

  it('readSweepManifest(dir) rejects a missing, corrupt or foreign sweep.json', () => {
    expect(catchError(() => readSweepManifest(join(tmp(), 'none'))).message).toMatch(/sweep\.json: does not exist; expected a sweep folder\. Give the folder that `sweep run --out DIR` created\./);
    const dir = join(tmp(), 's');
    openSweep(dir, { jobs: [job('a')] }, { cwd: tmp() });
    writeFileSync(join(dir, 'sweep.json'), '{"kind": "olfactory-sweep", "formatVersion": 1, "jobs": [');
    expect(catchError(() => readSweepManifest(dir)).message).toMatch(/sweep\.json: is not valid JSON/);
    writeFileSync(join(dir, 'sweep.json'), '{"kind": "other", "formatVersion": 2}');
    expect(catchError(() => readSweepManifest(dir)).message).toMatch(/kind "other", formatVersion 2; expected kind "olfactory-sweep", formatVersion 1/);
  });
});
