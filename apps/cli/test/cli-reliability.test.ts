/**
 * Issue 13 §3: the reliability defects found by trying to break the CLI, each reproduced here
 * against the built binary (`pnpm build` first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDataDir } from '../../../packages/connectome-data/test/helpers/data-dir';
import { assertBuilt, errorLines, runCli } from './helpers/run-cli';

jest.setTimeout(120_000);

let dir: string;
const env = () => ({ OLFACTORY_DATA_DIR: testDataDir(), OLFACTORY_CACHE_DIR: join(dir, 'parsed') });
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'olf-reliability-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('§3.2 seeds', () => {
  test.each([
    [['reproduce', '--retrain', '--seeds', '9007199254740993', '--out', 'r']],
    [['train', '--seeds', '9007199254740993', '--out', 't']],
    [['train', '--seeds', '4294967296', '--out', 't']],
  ])('%j exits 2 at once with the seed range (it used to spin at 100 %% CPU forever)', async (argv) => {
    const r = await runCli(argv, dir, env(), 20_000);
    expect(r.timedOut).toBeUndefined();
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr).join('\n')).toMatch(/seed \d+ is out of range; seeds are integers from 0 to 4294967295/);
  });
});
