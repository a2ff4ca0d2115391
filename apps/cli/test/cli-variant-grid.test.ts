import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDataDir } from '@olfactory/connectome-data/test';
import { assertBuilt, errorLines, runCli } from './helpers/run-cli';

const DATA = testDataDir();
const env = (dir: string) => ({ OLFACTORY_DATA_DIR: DATA, OLFACTORY_CACHE_DIR: join(dir, 'parsed') });
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

beforeAll(() => assertBuilt());

describe('olfactory data variant-grid / variant-table (built binary)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'olf-grid-'));

  test('trains a variant as a sweep job, then recomputes and scores it against the paper; a re-run skips the done job and the current recompute', async () => {
    const args = ['-q', 'data', 'variant-grid', '--out', 'grid', '--variants', 'reference-masks', '--seeds', '5', '--epochs', '1', '--teacher-epochs', '1', '--workers', '1', '--json'];
    const r = await runCli(args, dir, env(dir));
    expect(errorLines(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    const outcome = JSON.parse(r.stdout);
    expect(outcome).toMatchObject({ backend: 'local', done: ['reference-masks-seed-5'], failed: [], collect: { exitCode: 0 } });
    const ckpt = readJson(join(dir, 'grid', 'runs', 'reference-masks', 'seed-5', 'checkpoint.json'));
    expect(ckpt.config.preprocessing).toMatchObject({ nonAdWeights: 'binary', kcDendroDendritic: 'binary' });
    const table = readJson(join(dir, 'grid', 'variant-table.json'));
    expect(table.schema).toBe('olfactory-variant-table');
    expect(table.rows).toHaveLength(1);
    const row = table.rows[0];
    expect(row).toMatchObject({ variant: 'reference-masks', seeds: [5], gainChecks: { of: 1 } });
    // every headline quantity measured, with its distance in the paper's σ
    for (const k of ['pnDynamicRange', 'alDecorrelation', 'mbDecorrelation', 'accuracy', 'manciniRatio']) {
      expect(Number.isFinite(row.values[k])).toBe(true);
      expect(Number.isFinite(row.z[k])).toBe(true);
    }
    const pnTarget = table.targets.find((t: { key: string }) => t.key === 'pnDynamicRange');
    expect(row.z.pnDynamicRange).toBeCloseTo((row.values.pnDynamicRange - 1.23) / 0.02, 6);
    expect(pnTarget).toMatchObject({ mean: 1.23, std: 0.02, headline: true });
    expect(readFileSync(join(dir, 'grid', 'variant-table.svg'), 'utf8')).toContain('reference-masks (1)');
    expect(Array.from(readFileSync(join(dir, 'grid', 'variant-table.png')).subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);

    const again = await runCli(
      ['-q', 'data', 'variant-grid', '--out', 'grid', '--variants', 'reference-masks', '--seeds', '5', '--epochs', '1', '--teacher-epochs', '1', '--workers', '1', '--no-collect', '--json'],
      dir,
      env(dir),
    );
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ done: [], skipped: ['reference-masks-seed-5'] });
    const recomputeFile = join(dir, 'grid', 'runs', 'reference-masks', 'recompute.json');
    const before = readFileSync(recomputeFile, 'utf8');
    const t = await runCli(['data', 'variant-table', 'grid'], dir, env(dir));
    expect(t.code).toBe(0);
    expect(t.stderr).not.toMatch(/recomputing/);
    expect(t.stdout).toMatch(/^reference-masks\s+1\s+\d\.\d\d \([+-]\d+\.\dσ\)/m);
    expect(t.stdout).toMatch(/^paper\s+5\s+1\.23 ± 0\.02/m);
    expect(readFileSync(recomputeFile, 'utf8')).toBe(before);
  }, 400_000);

  test('bad input: an unknown variant exits 2 naming the valid ones; a folder that is no grid exits 2', async () => {
    const bad = await runCli(['data', 'variant-grid', '--out', 'g', '--variants', 'one-to-one,best'], dir, env(dir));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --variants: best; expected "all" or a comma-separated list of one-to-one, by-name/);
    expect(existsSync(join(dir, 'g'))).toBe(false);
    writeFileSync(join(dir, 'grid.json'), JSON.stringify({ out: 'g2', variants: ['one-to-one', 'best'] }));
    const cfg = await runCli(['data', 'variant-grid', '--config', 'grid.json'], dir, env(dir));
    expect(cfg.code).toBe(2);
    expect(cfg.stderr).toMatch(/grid\.json.*variants/);
    expect(existsSync(join(dir, 'g2'))).toBe(false);
    const noOut = await runCli(['data', 'variant-grid', '--variants', 'one-to-one'], dir, env(dir));
    expect(noOut.code).toBe(2);
    expect(errorLines(noOut.stderr)).toEqual([expect.stringMatching(/missing --out/)]);
    for (const cmd of [
      ['data', 'variants'],
      ['data', 'variant-grid'],
      ['data', 'variant-table'],
    ])
      expect((await runCli([...cmd, '--help'], dir)).stdout).toContain('--config <file>');
    const none = await runCli(['data', 'variant-table', '.'], dir, env(dir));
    expect(none.code).toBe(2);
    expect(errorLines(none.stderr)).toEqual([expect.stringMatching(/holds no runs\/ folder; train a grid first with `olfactory data variant-grid --out \.`/)]);
  });
});
