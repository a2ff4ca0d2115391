/**
 * Issue 13 §3: the reliability defects found by trying to break the CLI, each reproduced here
 * against the built binary (`pnpm build` first).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDataDir } from '../../../packages/connectome-data/test/helpers/data-dir';
import { CLI, assertBuilt, errorLines, runCli } from './helpers/run-cli';
import { writeTestCheckpoints } from './helpers/test-checkpoints';
import { writeSyntheticResults } from './helpers/synthetic-results';

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

describe('§3.4 checkpoint validation up front', () => {
  const edit = (file: string, f: (c: Record<string, any>) => void) => {
    const c = JSON.parse(readFileSync(file, 'utf8'));
    f(c);
    writeFileSync(file, JSON.stringify(c));
  };
  test.each([
    ['a decoder weight that overflows float32', (c: Record<string, any>) => (c.decoder.weight[0][0] = 1e39), /decoder\.weight\[0\]\[0\]: is 1e\+39, which overflows float32/],
    ['a KC threshold outside its bounds', (c: Record<string, any>) => (c.parameters['kc.vTh'][3] = 0.5), /parameters\["kc\.vTh"\]\[3\]: is 0\.5, outside the parameter bounds/],
    ['a history entry with a null loss', (c: Record<string, any>) => (c.history[1].loss = null), /history\[1\]\.loss: is null/],
    ['a fractional config.seed', (c: Record<string, any>) => (c.config.seed = 2.5), /config\.seed: is 2\.5, expected an integer/],
  ])('%s in one checkpoint of a folder: exit 1 naming that file, before any simulation, nothing written', async (_name, f, message) => {
    const models = mkdtempSync(join(dir, 'models-'));
    const [, second] = await writeTestCheckpoints(models, [1, 2]);
    edit(second!, f);
    const r = await runCli(['recompute', '--checkpoints', models, '--engine', 'typescript', '--out', join(models, 'out')], dir, env());
    expect(r.code).toBe(1);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/checkpoint .*seed-2\/checkpoint\.json: /);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/recompute: \d+%/);
    expect(existsSync(join(models, 'out', 'recompute.json'))).toBe(false);
  });
});

describe('§3.11 a closed stdout', () => {
  test.each([['--help'], ['recompute --help'], ['data info --json']])('olfactory %s | (reader that has gone) exits 0 without an EPIPE trace', (args) => {
    // `true` exits at once, so every write of the CLI meets a closed pipe
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" ${args} | true; echo "status \${PIPESTATUS[0]}" >&2`], { cwd: dir, env: { ...process.env, ...env(), HOME: dir }, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/EPIPE|node:events|Unhandled/);
    expect(r.stderr).toMatch(/status 0/);
  });
});

describe('§3.9 --scale range', () => {
  test.each([['0.001'], ['0.2'], ['9']])('--scale %s exits 2 before anything is written', async (scale) => {
    writeSyntheticResults(join(dir, 'scale-results'));
    const r = await runCli(['figures', '--results', 'scale-results', '--out', `scale-${scale}`, '--scale', scale], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid --scale: [\d.]+; expected a number in \[0\.25, 8\]/);
    expect(existsSync(join(dir, `scale-${scale}`))).toBe(false);
  });

  test('"scale": 0.001 in --config exits 2 too', async () => {
    writeSyntheticResults(join(dir, 'scale-results'));
    writeFileSync(join(dir, 'scale.json'), JSON.stringify({ results: 'scale-results', out: 'scale-config', scale: 0.001 }));
    const r = await runCli(['figures', '--config', 'scale.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/key 'scale' is number 0\.001; expected a number in \[0\.25, 8\]/);
    expect(existsSync(join(dir, 'scale-config'))).toBe(false);
  });
});
