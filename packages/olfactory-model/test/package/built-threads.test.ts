import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The built package (dist/, as published), imported by its own name as ESM and as CommonJS,
 * starts its bundled worker-thread entry (dist/noise-thread.cjs): a recompute noise pool with
 * two threads gives the numbers of the calling thread, bit for bit.
 */
describe('@olfactory/model built package: worker threads', () => {
  const pkgDir = resolve(__dirname, '../..');
  beforeAll(() => {
    for (const f of ['index.js', 'index.cjs', 'noise-thread.cjs']) {
      if (!existsSync(join(pkgDir, 'dist', f))) throw new Error(`Build @olfactory/model first (pnpm build): dist/${f} is missing.`);
    }
  });

  // two segments of different σ, 4 samples from id 5, stream 7; compares the pool's threads with
  // generation on the calling thread and prints the count of values and of mismatches
  const body = `
    const layout = { segments: [{ name: 'a', offset: 0, size: 3, std: 1 }, { name: 'b', offset: 3, size: 40, std: 2.5 }], perSampleStep: 43, index: {} };
    const bytes = 4 * 30 * 4 * 43;
    const threaded = m.createCircuitNoisePool(layout, 42, 2);
    const local = m.createCircuitNoisePool(layout, 42, 0);
    const [a, b] = await Promise.all([threaded.generate(7, 5, 4, new ArrayBuffer(bytes)), local.generate(7, 5, 4, new ArrayBuffer(bytes))]);
    await threaded.close();
    console.log(JSON.stringify({ n: a.length, mismatches: a.filter((x, i) => x !== b[i]).length, nonzero: a.filter((x) => x !== 0).length }));`;
  const run = (args: string[]) => JSON.parse(execFileSync(process.execPath, args, { cwd: pkgDir, encoding: 'utf8' }).trim()) as unknown;

  it.each([
    ['ESM', ['--input-type=module', '-e', `import * as m from '@olfactory/model'; ${body}`]],
    ['CommonJS', ['-e', `const m = require('@olfactory/model'); (async () => { ${body} })();`]],
  ])(
    'the %s build runs the noise pool on its bundled thread entry, the same numbers as the calling thread',
    (_name, args) => {
      expect(run(args)).toEqual({ n: 30 * 4 * 43, mismatches: 0, nonzero: 30 * 4 * 43 });
    },
    60_000,
  );
});
