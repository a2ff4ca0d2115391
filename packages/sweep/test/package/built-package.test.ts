import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The built package (dist/, as published) imported by its own name, as ESM and as CommonJS:
 * a local sweep runs end to end, and errors thrown by one copy are detected by the other.
 */
describe('@olfactory/sweep built package', () => {
  const pkgDir = resolve(__dirname, '../..');
  let work = '';
  beforeAll(() => {
    if (!existsSync(join(pkgDir, 'dist', 'index.js')) || !existsSync(join(pkgDir, 'dist', 'index.cjs'))) {
      throw new Error('Build @olfactory/sweep first (pnpm build): dist/ is missing.');
    }
    work = mkdtempSync(join(tmpdir(), 'sweep-dist-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: pkgDir, encoding: 'utf8', env: { ...process.env, WORK: work } }).trim();

  it('import from the ESM build runs a local sweep of two jobs', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { openSweep, runLocalSweep } from '@olfactory/sweep';
       const w = process.env.WORK + '/s';
       openSweep(w, { jobs: ['a', 'b'].map((id) => ({ id, argv: [process.execPath, '-e', "require('fs').writeFileSync(process.argv[1], 'x')", '{output}'], output: id + '.txt' })) });
       const r = await runLocalSweep(w, { workers: 2 });
       console.log(JSON.stringify({ done: r.done.map((d) => d.id).sort(), failed: r.failed.length }));`,
    ]);
    expect(JSON.parse(out)).toEqual({ done: ['a', 'b'], failed: 0 });
  });

  it('require from the CommonJS build detects an error thrown by the ESM build (Symbol.for markers)', () => {
    const out = node([
      '-e',
      `const cjs = require('@olfactory/sweep');
       import('@olfactory/sweep').then((esm) => {
         let e; try { esm.parseSweepSpec({}, 'jobs.json'); } catch (x) { e = x; }
         console.log(JSON.stringify({ cjs: cjs.SweepFormatError.isInstance(e), other: cjs.SchedulerError.isInstance(e), code: e.code, message: e.message }));
       });`,
    ]);
    expect(JSON.parse(out)).toEqual({ cjs: true, other: false, code: 'OLFACTORY_SWEEP_FORMAT', message: expect.stringMatching(/^jobs\.json: has no "jobs" array\./) });
  });
});
