import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDataDir } from '@olfactory/connectome-data/test';
import { assertBuilt, runCli } from './helpers/run-cli';

const DATA = testDataDir();
const env = (dir: string) => ({ OLFACTORY_DATA_DIR: DATA, OLFACTORY_CACHE_DIR: join(dir, 'parsed') });
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
/** What a training produced, without its wall times (`seconds` differs from run to run). */
const result = (dir: string, out: string, seed = 5) => {
  const c = readJson(join(dir, out, `seed-${seed}`, 'checkpoint.json'));
  return { parameters: c.parameters, decoder: c.decoder, teacher: c.teacher, config: c.config, history: c.history.map(({ seconds: _s, ...e }: { seconds?: number }) => e) };
};
const TINY = ['--epochs', '1', '--teacher-epochs', '3', '--seeds', '5'];

beforeAll(() => assertBuilt());
jest.setTimeout(600_000);

describe('olfactory train --teacher-cache (built binary)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'olf-teacher-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a cached teacher gives a bit-identical run to retraining it; only what the teacher sees is in the key; a damaged entry is retrained', async () => {
    const first = await runCli(['train', ...TINY, '--teacher-cache', 'tc', '--out', 'a'], dir, env(dir));
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/seed 5: rate teacher trained in [\d.]+ s, stored in the cache \(.*tc\/seed-5-[0-9a-f]{24}\.json\)/);
    expect(readdirSync(join(dir, 'tc'))).toHaveLength(1);
    const second = await runCli(['train', ...TINY, '--teacher-cache', 'tc', '--out', 'b'], dir, env(dir));
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/seed 5: rate teacher from the cache \(.*\), not retrained/);
    const plain = await runCli(['train', ...TINY, '--out', 'c'], dir, env(dir));
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toMatch(/rate teacher (from|trained)/);
    // bit-identical: every parameter, the decoder, the teacher record and the history
    expect(JSON.stringify(result(dir, 'b'))).toBe(JSON.stringify(result(dir, 'c')));
    expect(JSON.stringify(result(dir, 'a'))).toBe(JSON.stringify(result(dir, 'c')));

    // the student's switches are not in the key: a no-gap run reuses the canonical teacher
    const noGap = await runCli(['train', ...TINY, '--no-gap-junctions', '--teacher-cache', 'tc', '--out', 'd'], dir, env(dir));
    expect(noGap.stderr).toMatch(/rate teacher from the cache/);
    expect(result(dir, 'd').teacher).toEqual(result(dir, 'c').teacher);
    // the connectome shuffle, the odors and the teacher epochs are: each trains (and stores) its own
    for (const [flags, out] of [
      [['--shuffle-connectome'], 'e'],
      [['--odors', '14'], 'f'],
    ] as const) {
      const r = await runCli(['train', ...TINY, ...flags, '--teacher-cache', 'tc', '--out', out], dir, env(dir));
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/rate teacher trained in .* stored in the cache/);
    }
    expect(readdirSync(join(dir, 'tc'))).toHaveLength(3);

    // a damaged entry is not used: a warning, the teacher is retrained and the entry replaced
    const file = join(dir, 'tc', /tc\/(seed-5-[0-9a-f]{24}\.json)/.exec(second.stderr)![1]!);
    const original = readJson(file);
    const entry = readJson(file);
    entry.decoder.bias[0] += 1;
    writeFileSync(file, JSON.stringify(entry));
    const damaged = await runCli(['train', ...TINY, '--teacher-cache', 'tc', '--out', 'g'], dir, env(dir));
    expect(damaged.code).toBe(0);
    expect(damaged.stderr).toMatch(/teacher cache .*seed-5-[0-9a-f]{24}\.json: sha256 does not match its content; retraining the teacher and replacing it/);
    expect(JSON.stringify(result(dir, 'g'))).toBe(JSON.stringify(result(dir, 'c')));
    expect(readJson(file)).toEqual(original);
  });
});
