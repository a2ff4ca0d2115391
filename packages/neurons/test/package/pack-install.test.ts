import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Consume @olfactory/neurons the way a user does: `pnpm pack` the built package, install the
 * tarball with npm into a temporary project outside the workspace, then import it as ESM and
 * require it as CommonJS.
 */
describe('@olfactory/neurons as an installed package', () => {
  const pkgDir = resolve(__dirname, '../..');
  let work: string;

  beforeAll(() => {
    if (!existsSync(join(pkgDir, 'dist', 'index.js')) || !existsSync(join(pkgDir, 'dist', 'index.cjs'))) {
      throw new Error('Build @olfactory/neurons first (pnpm build): dist/ is missing.');
    }
    work = mkdtempSync(join(tmpdir(), 'olf-pack-'));
    execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: pkgDir, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('pnpm pack produced no tarball');
    const app = join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(work, tarball)], { cwd: app, stdio: 'pipe' });
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const script = (body: string, ext: 'mjs' | 'cjs'): string => {
    const file = join(work, 'app', `check.${ext}`);
    writeFileSync(file, body);
    return execFileSync(process.execPath, [file], { cwd: join(work, 'app'), encoding: 'utf8' }).trim();
  };

  it('ships only dist/, README and package.json in the tarball', () => {
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    const files = execFileSync('tar', ['-tzf', join(work, tarball)], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(files).toContain('package/package.json');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.cjs');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files.filter((f) => f.includes('/src/') || f.includes('/test/'))).toEqual([]);
  });

  it('imports as ESM and builds a CSR matrix', () => {
    const out = script(
      "import { csrFromDense, csrSum, InvalidParameterError } from '@olfactory/neurons';\n" +
        'const m = csrFromDense([0, 2, 3, 0], 2, 2);\n' +
        'console.log(JSON.stringify({ sum: csrSum(m), nnz: m.values.length, err: typeof InvalidParameterError.isInstance }));\n',
      'mjs',
    );
    expect(JSON.parse(out)).toEqual({ sum: 5, nnz: 2, err: 'function' });
  });

  it('requires as CommonJS, and errors are detected across the ESM and CJS copies', () => {
    const out = script(
      "const cjs = require('@olfactory/neurons');\n" +
        "import('@olfactory/neurons').then((esm) => {\n" +
        "  const e = new esm.InvalidParameterError({ parameter: 'x', value: -1, expected: '> 0' });\n" +
        '  console.log(JSON.stringify({ sum: cjs.csrSum(cjs.csrFromDense([1, 1], 1, 2)), detected: cjs.InvalidParameterError.isInstance(e), message: e.message }));\n' +
        '});\n',
      'cjs',
    );
    expect(JSON.parse(out)).toEqual({ sum: 2, detected: true, message: 'invalid x: -1; expected > 0.' });
  });
});
