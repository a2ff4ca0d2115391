import { execFileSync, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testDataDir } from '@olfactory/connectome-data/test';

/**
 * What an npm user gets (issue 13 §1): every package is packed with `pnpm pack`, the tarballs
 * are installed with npm into a fresh project outside the workspace (ONNXRUNTIME_NODE_INSTALL=skip,
 * npm's own cache with --prefer-offline; @olfactory/* only from the tarballs), and then
 *  - every `ts` block of every package README is type-checked under `tsc --init`'s defaults
 *    (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes, verbatimModuleSyntax,
 *    module nodenext; the one change: `"types": ["node"]`) and run with node, except blocks
 *    marked `<!-- typecheck-only: reason -->`;
 *  - `npx olfactory reproduce` runs in the project with only OLFACTORY_DATA_DIR (and a data
 *    mirror that cannot be reached, so any download would fail) and writes the report;
 *  - @olfactory/model installs alone without onnxruntime-node or TensorFlow.js, and running an
 *    exported model says how to install onnxruntime-node.
 * Slow (an npm install and a full reproduce): its steps' wall times are printed.
 */
const root = resolve(__dirname, '../../..');
// every published package of the workspace (a new package is packed and checked without editing this list)
const PACKAGES = [
  ...readdirSync(join(root, 'packages'))
    .map((d) => `packages/${d}`)
    .filter((d) => existsSync(join(root, d, 'package.json')))
    .sort(),
  'apps/cli',
];
const README_PACKAGES = PACKAGES.filter((p) => p !== 'apps/cli'); // the CLI README's examples are shell commands: the reproduce test below runs the first
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const UNREACHABLE_MIRROR = 'http://127.0.0.1:9/';

const timings: Record<string, number> = {};
function timed<T>(label: string, f: () => T): T {
  const t0 = Date.now();
  try {
    return f();
  } finally {
    timings[label] = (Date.now() - t0) / 1000;
  }
}

function run(cmd: string, args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}, timeoutMs = 600_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
}
function mustRun(cmd: string, args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}, timeoutMs?: number): string {
  const r = run(cmd, args, cwd, env, timeoutMs);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}${r.signal ? ` (${r.signal})` : ''}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The `ts` blocks of a README: code and whether it is only type-checked (`<!-- typecheck-only: … -->` right before it). */
export function readmeBlocks(markdown: string): { code: string; run: boolean }[] {
  const out: { code: string; run: boolean }[] = [];
  const re = /(<!--[^\n]*-->\s*\n)?```ts\n([\s\S]*?)```/g;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) out.push({ code: m[2]!, run: !/typecheck-only:/.test(m[1] ?? '') });
  return out;
}

const env = (work: string) => ({
  ONNXRUNTIME_NODE_INSTALL: 'skip',
  OLFACTORY_DATA_DIR: testDataDir(),
  OLFACTORY_CACHE_DIR: join(work, 'parsed-cache'),
  OLFACTORY_DATA_MIRROR: UNREACHABLE_MIRROR,
  npm_config_update_notifier: 'false',
});

describe('the packed tarballs in a fresh npm project', () => {
  let work: string;
  let tarballs: Record<string, string>;
  let app: string;

  beforeAll(() => {
    for (const p of PACKAGES) {
      if (!existsSync(join(root, p, 'dist'))) throw new Error(`Build first (pnpm build): ${p}/dist is missing.`);
    }
    work = mkdtempSync(join(tmpdir(), 'olf-pack-e2e-'));
    const dest = join(work, 'tarballs');
    tarballs = {};
    timed('pnpm pack (8 packages)', () => {
      for (const p of PACKAGES) {
        const before = new Set(existsSync(dest) ? readdirSync(dest) : []);
        mustRun('pnpm', ['pack', '--pack-destination', dest], join(root, p));
        const made = readdirSync(dest).filter((f) => !before.has(f));
        if (made.length !== 1) throw new Error(`pnpm pack in ${p} made ${made.length} tarballs`);
        const name = (JSON.parse(readFileSync(join(root, p, 'package.json'), 'utf8')) as { name: string }).name;
        tarballs[name] = join(dest, made[0]!);
      }
    });
    app = join(work, 'app');
    mkdirSync(app);
    const fileSpecs = Object.fromEntries(Object.entries(tarballs).map(([n, f]) => [n, `file:${f}`]));
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify(
        { name: 'olfactory-user', version: '1.0.0', private: true, type: 'module', dependencies: fileSpecs, devDependencies: { '@types/node': '^20.19.0' }, overrides: fileSpecs },
        null,
        2,
      ),
    );
    timed('npm install (all tarballs)', () => mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], app, env(work), 900_000));
  }, 1_200_000);

  afterAll(() => {
    if (work && process.env.OLFACTORY_KEEP_PACK_E2E !== '1') rmSync(work, { recursive: true, force: true });
    process.stderr.write(`pack-e2e timings (s): ${JSON.stringify(timings)}\n`);
  });

  const packedFiles = (name: string): string[] => execFileSync('tar', ['-tzf', tarballs[name]!], { encoding: 'utf8' }).trim().split('\n');

  it('every tarball ships LICENSE, README and dist/ with no sourcemaps or sources, and @olfactory/models ships the five pinned checkpoints and the experiment runs', () => {
    for (const name of Object.keys(tarballs)) {
      const files = packedFiles(name);
      expect([name, files.includes('package/LICENSE'), files.includes('package/README.md'), files.includes('package/package.json')]).toEqual([name, true, true, true]);
      expect([name, files.filter((f) => f.endsWith('.map') || f.includes('/src/') || f.includes('/test/'))]).toEqual([name, []]);
      expect(readFileSync(join(app, 'node_modules', ...name.split('/'), 'LICENSE'), 'utf8')).toBe(readFileSync(join(root, 'LICENSE'), 'utf8'));
    }
    const models = packedFiles('@olfactory/models').filter((f) => f.startsWith('package/canonical/'));
    expect(models.sort()).toEqual([42, 43, 44, 45, 46].map((s) => `package/canonical/seed-${s}/checkpoint.json`));
    // the checkpoints of every retrained condition of the shipped experiment run
    const runs = JSON.parse(readFileSync(join(root, 'packages', 'models', 'manifest.json'), 'utf8')).experimentRuns.checkpoints as { path: string }[];
    expect(runs).toHaveLength(65);
    expect(
      packedFiles('@olfactory/models')
        .filter((f) => f.startsWith('package/runs/'))
        .sort(),
    ).toEqual(runs.map((c) => `package/runs/${c.path}`).sort());
    // and the shipped results that `olfactory reproduce --all` draws from
    expect(
      packedFiles('@olfactory/models')
        .filter((f) => f.startsWith('package/experiments/') || f.startsWith('package/results/'))
        .sort(),
    ).toEqual([
      ...['r1-loss-forms', 'r2-consistency', 'r3-ablations', 'r4-ln-split', 'r5-mixtures', 'r6-task-complexity', 'std'].map((e) => `package/experiments/${e}.json`),
      'package/results/canonical/recompute.json',
      'package/results/canonical/run-metadata.json',
    ]);
  });

  it('every installed manifest names the MIT licence and the repository (url and directory)', () => {
    for (const [name, p] of Object.entries(tarballs).map(([n], i) => [n, PACKAGES[i]!] as const)) {
      const pkg = JSON.parse(readFileSync(join(app, 'node_modules', ...name.split('/'), 'package.json'), 'utf8'));
      expect({ name, license: pkg.license, url: pkg.repository?.url, directory: pkg.repository?.directory }).toEqual({
        name,
        license: 'MIT',
        url: 'git+https://github.com/olfactory-snn/olfactory-snn.git',
        directory: p,
      });
    }
  });

  it('@olfactory/models finds and verifies its checkpoints from ES modules and CommonJS alike', () => {
    const expected = join(app, 'node_modules', '@olfactory', 'models', 'canonical');
    const esm = mustRun(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { canonicalCheckpointFiles, canonicalCheckpointsDir } from '@olfactory/models'; console.log(JSON.stringify([canonicalCheckpointsDir(), (await canonicalCheckpointFiles()).length]));",
      ],
      app,
    );
    const cjs = mustRun(
      process.execPath,
      ['-e', "const m = require('@olfactory/models'); m.canonicalCheckpointFiles().then((f) => console.log(JSON.stringify([m.canonicalCheckpointsDir(), f.length])));"],
      app,
    );
    expect([JSON.parse(esm), JSON.parse(cjs)]).toEqual([
      [expected, 5],
      [expected, 5],
    ]);
  });

  it("every package README's ts blocks type-check under tsc --init defaults (noUncheckedIndexedAccess included) and run with node", () => {
    const dir = join(app, 'examples');
    mkdirSync(dir);
    const examples: { file: string; run: boolean; pkg: string }[] = [];
    for (const p of README_PACKAGES) {
      const blocks = readmeBlocks(readFileSync(join(root, p, 'README.md'), 'utf8'));
      expect([p, blocks.length > 0]).toEqual([p, true]);
      blocks.forEach((b, i) => {
        const file = `${p.split('/')[1]}-${i + 1}.ts`;
        writeFileSync(join(dir, file), b.code);
        examples.push({ file, run: b.run, pkg: p });
      });
    }
    mustRun(process.execPath, [tsc, '--init'], dir);
    const config = readFileSync(join(dir, 'tsconfig.json'), 'utf8');
    expect(config).toMatch(/"noUncheckedIndexedAccess": true/);
    expect(config).toMatch(/"strict": true/);
    writeFileSync(join(dir, 'tsconfig.json'), config.replace(/"types": \[\]/, '"types": ["node"]'));
    const compiled = timed('tsc (README examples)', () => run(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', 'out'], dir));
    expect(compiled.stdout + compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
    const failures: string[] = [];
    timed('node (README examples)', () => {
      for (const e of examples.filter((x) => x.run)) {
        const r = run(process.execPath, [join('out', e.file.replace(/\.ts$/, '.js'))], dir, env(work), 300_000);
        if (r.status !== 0 || r.stdout.trim() === '') failures.push(`${e.pkg} README block ${e.file}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
      }
    });
    expect(failures).toEqual([]);
    expect(examples.filter((x) => x.run).length).toBeGreaterThanOrEqual(12);
  }, 900_000);

  it('npx olfactory reproduce, in the project with only the data, recomputes the shipped models and writes the report', () => {
    const r = timed('npx olfactory reproduce', () => run('npx', ['--no', 'olfactory', 'reproduce'], app, env(work), 1_200_000));
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
    const out = join(app, 'olfactory-reproduce');
    expect(r.stdout).toContain(`report: ${join(out, 'report.html')}`);
    const results = JSON.parse(readFileSync(join(out, 'results', 'recompute.json'), 'utf8'));
    expect(results.checkpoints.map((c: { seed: number; file: string }) => [c.seed, c.file])).toEqual([42, 43, 44, 45, 46].map((s) => [s, `seed-${s}/checkpoint.json`]));
    // the shipped files, byte for byte (sha256 pinned in @olfactory/models' manifest)
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules', '@olfactory', 'models', 'manifest.json'), 'utf8'));
    expect(results.checkpoints.map((c: { sha256: string }) => c.sha256)).toEqual(manifest.canonical.checkpoints.map((c: { sha256: string }) => c.sha256));
    expect(r.stderr).toContain(join(app, 'node_modules', '@olfactory', 'models', 'canonical'));
    expect(results.protocol.withConcentration).toBe(true);
    expect(results.summary.accuracy.mean).toBeGreaterThan(0.6);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(8);
    expect(readdirSync(join(out, 'figures')).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(8);
  }, 1_200_000);

  it('@olfactory/model installs without onnxruntime-node and TensorFlow.js; running an exported model names the install line', () => {
    const solo = join(work, 'model-only');
    mkdirSync(solo);
    const internal = ['@olfactory/model', '@olfactory/connectome-data', '@olfactory/neurons', '@olfactory/metrics'];
    const specs = Object.fromEntries(internal.map((n) => [n, `file:${tarballs[n]}`]));
    writeFileSync(
      join(solo, 'package.json'),
      JSON.stringify({ name: 'model-only', version: '1.0.0', private: true, type: 'module', dependencies: { '@olfactory/model': specs['@olfactory/model'] }, overrides: specs }),
    );
    timed('npm install (@olfactory/model alone)', () => mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], solo, { ...env(work), ONNXRUNTIME_NODE_INSTALL: undefined }));
    expect(existsSync(join(solo, 'node_modules', 'onnxruntime-node'))).toBe(false);
    expect(existsSync(join(solo, 'node_modules', '@tensorflow'))).toBe(false);
    const kib = Number(execFileSync('du', ['-sk', join(solo, 'node_modules')], { encoding: 'utf8' }).split('\t')[0]);
    process.stderr.write(`pack-e2e: @olfactory/model alone installs ${(kib / 1024).toFixed(1)} MiB\n`);
    expect(kib).toBeLessThan(100 * 1024);
    writeFileSync(
      join(solo, 'check.mjs'),
      "import { OnnxRuntimeMissingError, createOnnxCircuitSession } from '@olfactory/model';\n" +
        'try { await createOnnxCircuitSession(new Uint8Array(8)); console.log("no error"); }\n' +
        'catch (e) { console.log(JSON.stringify({ missing: OnnxRuntimeMissingError.isInstance(e), message: e.message })); }\n',
    );
    const out = JSON.parse(mustRun(process.execPath, ['check.mjs'], solo));
    expect(out.missing).toBe(true);
    expect(out.message).toMatch(
      /^onnxruntime-node is not installed \(.*\); @olfactory\/model needs it only to run exported models\. Install it with `ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@~1\.30\.0`/,
    );
  }, 600_000);
});
