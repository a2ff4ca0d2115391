import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDataDir } from '@olfactory/connectome-data/test';
import { assertBuilt, errorLines, runCli } from './helpers/run-cli';

const env = (dir: string) => ({ OLFACTORY_DATA_DIR: testDataDir(), OLFACTORY_CACHE_DIR: join(dir, 'parsed') });
beforeAll(() => assertBuilt());

describe('olfactory reproduce (built binary, shipped canonical models)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'olf-repro-'));

  test('recomputes the five shipped models, draws the figures and writes the report', async () => {
    const r = await runCli(['reproduce', '--out', 'out', '--no-concentration', '--device', 'cpu'], dir, env(dir));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/report: .*report\.html/);
    // what stdout names is where the files are once the run is done, never its staging folder
    expect(r.stdout).toMatch(/^Wrote .*out\/results\/recompute\.json and .*out\/results\/run-metadata\.json \(/m);
    expect(r.stdout).not.toContain('.staging');
    expect(r.stderr).not.toContain('.staging');
    // the report is named once on stdout, in the closing summary
    expect(r.stdout.match(/report\.html/g)).toHaveLength(1);
    // without the concentration sweep Figure 3 is skipped, and the reason names the results file the user gets
    expect(r.stderr).toMatch(
      /reproduce 2\/3: drawing the figures → .*out\/figures\nSkipped fig3-concentration: no concentration sweep in .*out\/results\/recompute\.json .*\nDrew 8 figures \(svg, png\)/,
    );
    expect(r.stderr).toMatch(/reproduce 1\/3: recomputing/);
    expect(r.stderr).toMatch(/reproduce 3\/3: writing the report/);
    const results = JSON.parse(readFileSync(join(dir, 'out', 'results', 'recompute.json'), 'utf8'));
    expect(results.checkpoints.map((c: { seed: number }) => c.seed)).toEqual([42, 43, 44, 45, 46]);
    // the shipped models are trained: far above chance (1/28), sparse KC code, APL suppression in the biological band
    expect(results.summary.accuracy.mean).toBeGreaterThan(0.6);
    expect(results.summary.kcSparsity.mean).toBeGreaterThan(0.08);
    expect(results.summary.kcSparsity.mean).toBeLessThan(0.2);
    expect(results.summary.manciniRatio.mean).toBeGreaterThan(1.5);
    expect(results.summary.manciniRatio.mean).toBeLessThan(2.5);
    const figures = readdirSync(join(dir, 'out', 'figures'));
    expect(figures.filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(8);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(8);
  }, 600_000);

  test('a missing checkpoints folder is a one-line error with exit 1 and nothing written', async () => {
    const r = await runCli(['reproduce', '--out', 'bad', '--checkpoints', 'nowhere'], dir, env(dir));
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/nowhere/);
    expect(existsSync(join(dir, 'bad', 'report.html'))).toBe(false);
  }, 120_000);

  test('usage errors exit 2', async () => {
    expect((await runCli(['reproduce', '--device', 'tpu'], dir, env(dir))).code).toBe(2);
    expect((await runCli(['reproduce', '--epochs', 'x'], dir, env(dir))).code).toBe(2);
    writeFileSync(join(dir, 'r.json'), JSON.stringify({ device: 'tpu' }));
    const r = await runCli(['reproduce', '--config', 'r.json'], dir, env(dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/key 'device'/);
  });
});
