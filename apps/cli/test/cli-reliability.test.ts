/**
 * Issue 13 §3: the reliability defects found by trying to break the CLI, each reproduced here
 * against the built binary (`pnpm build` first).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDataDir } from '@olfactory/connectome-data/test';
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
  test.each([[['reproduce', '--retrain', '--seeds', '9007199254740993', '--out', 'r']], [['train', '--seeds', '9007199254740993', '--out', 't']], [['train', '--seeds', '4294967296', '--out', 't']]])(
    '%j exits 2 at once with the seed range (it used to spin at 100 %% CPU forever)',
    async (argv) => {
      const r = await runCli(argv, dir, env(), 20_000);
      expect(r.timedOut).toBeUndefined();
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr).join('\n')).toMatch(/seed \d+ is out of range; seeds are integers from 0 to 4294967295/);
    },
  );
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
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" ${args} | true; echo "status \${PIPESTATUS[0]}" >&2`], {
      cwd: dir,
      env: { ...process.env, ...env(), HOME: dir },
      encoding: 'utf8',
    });
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

/** Spawns the CLI without waiting; `exited` resolves with the exit code. */
function start(args: readonly string[]): { child: ChildProcess; exited: Promise<number>; stderr: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, ...env() } });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.resume();
  const exited = new Promise<number>((done) => child.on('close', (code) => done(code ?? -1)));
  return { child, exited, stderr: () => stderr };
}

/** Resolves once `file` exists (polling), or rejects when `exited` settles first. */
async function waitFor(file: string, exited: Promise<number>): Promise<void> {
  let over = false;
  void exited.then(() => (over = true));
  while (!existsSync(file)) {
    if (over) throw new Error(`the run ended before ${file} appeared`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The pid of a process that has exited (for a stale lock). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('§3.5 output folders are locked', () => {
  test('a second train of the same seed into the folder of a running one exits 1 naming the owner; another seed trains beside it; the first ends with one log line per epoch', async () => {
    const args = ['train', '--seeds', '21', '--epochs', '3', '--teacher-epochs', '2', '--out', 'locked'];
    const first = start(args);
    await waitFor(join(dir, 'locked', 'seed-21', '.olfactory.lock'), first.exited);
    const second = await runCli(args, dir, env());
    expect(second.code).toBe(1);
    expect(errorLines(second.stderr)).toEqual([
      expect.stringMatching(/the output folder .*locked\/seed-21 is in use by 'olfactory train' \(pid \d+, since .*\); wait for it to finish or choose another --out/),
    ]);
    // the jobs of one experiment condition: other seeds into the same --out, side by side
    const other = await runCli(['train', '--seeds', '22', '--epochs', '1', '--teacher-epochs', '1', '--out', 'locked'], dir, env());
    expect(other.code).toBe(0);
    expect(existsSync(join(dir, 'locked', 'seed-22', 'checkpoint.json'))).toBe(true);
    expect(await first.exited).toBe(0);
    const lines = readFileSync(join(dir, 'locked', 'seed-21', 'train.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).epoch);
    expect(lines).toEqual([1, 2, 3]);
    expect(existsSync(join(dir, 'locked', 'seed-21', '.olfactory.lock'))).toBe(false);
    expect(existsSync(join(dir, 'locked', 'seed-22', '.olfactory.lock'))).toBe(false);
  }, 300_000);

  test('a stale lock (its process no longer runs) is taken over with a warning', async () => {
    writeSyntheticResults(join(dir, 'stale-results'));
    mkdirSync(join(dir, 'stale'), { recursive: true });
    writeFileSync(join(dir, 'stale', '.olfactory.lock'), JSON.stringify({ pid: deadPid(), host: hostname(), command: 'figures', startedAt: '2026-01-01T00:00:00.000Z' }));
    const r = await runCli(['figures', '--results', 'stale-results', '--out', 'stale', '--format', 'svg'], dir, env());
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/olfactory: warning: took over the stale lock of .*stale: 'olfactory figures' \(pid \d+, since 2026-01-01T00:00:00\.000Z\) no longer runs/);
    expect(existsSync(join(dir, 'stale', '.olfactory.lock'))).toBe(false);
    expect(existsSync(join(dir, 'stale', 'fig2-similarity.svg'))).toBe(true);
  });
});

describe('§3.6 transactional outputs', () => {
  test('run-metadata.json of another run than recompute.json is not combined with it (warning, report without metadata)', async () => {
    const res = writeSyntheticResults(join(dir, 'pair'));
    const meta = JSON.parse(readFileSync(join(res, 'run-metadata.json'), 'utf8'));
    writeFileSync(join(res, 'run-metadata.json'), JSON.stringify({ ...meta, recomputeSha256: 'a'.repeat(64) }));
    const r = await runCli(['report', '--results', 'pair', '--out', 'pair.html'], dir, env());
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/olfactory: warning: ignored .*pair\/run-metadata\.json: it belongs to another run than .*recompute\.json/);
    expect(readFileSync(join(dir, 'pair.html'), 'utf8')).toMatch(/No run-metadata\.json beside/);
  });

  test('leftover .tmp files of an interrupted run are removed with a warning', async () => {
    writeSyntheticResults(join(dir, 'tmp-results'));
    mkdirSync(join(dir, 'tmp-out'), { recursive: true });
    writeFileSync(join(dir, 'tmp-out', '.fig2-similarity.svg.0123456789ab.tmp'), '<svg');
    const r = await runCli(['figures', '--results', 'tmp-results', '--out', 'tmp-out', '--format', 'svg'], dir, env());
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/olfactory: warning: removed 1 unfinished temp file\(s\) that an interrupted run left in .*tmp-out/);
    expect(readdirSync(join(dir, 'tmp-out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a stale progress.json beside a finished checkpoint is removed with a warning', async () => {
    const args = ['train', '--seeds', '23', '--epochs', '1', '--teacher-epochs', '1', '--out', 'progress'];
    expect((await runCli(args, dir, env())).code).toBe(0);
    const seedDir = join(dir, 'progress', 'seed-23');
    copyFileSync(join(seedDir, 'checkpoint.json'), join(seedDir, 'progress.json'));
    const r = await runCli(args, dir, env());
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/olfactory: warning: removed the stale .*progress\.json: the seed is finished/);
    expect(existsSync(join(seedDir, 'progress.json'))).toBe(false);
  }, 200_000);

  test('a progress.json that does not validate is ignored with a warning; the seed trains from the start', async () => {
    const args = ['train', '--seeds', '24', '--epochs', '1', '--teacher-epochs', '1', '--out', 'bad-progress'];
    mkdirSync(join(dir, 'bad-progress', 'seed-24'), { recursive: true });
    writeFileSync(join(dir, 'bad-progress', 'seed-24', 'progress.json'), '{"format": "olfactory-checkpoint", "version": 1');
    const r = await runCli(args, dir, env());
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/olfactory: warning: ignored .*progress\.json, which does not validate .*training seed 24 from the start/);
    expect(existsSync(join(dir, 'bad-progress', 'seed-24', 'checkpoint.json'))).toBe(true);
  }, 200_000);

  test('a reproduce killed before its figures leaves the previous results, figures and report untouched; the next run cleans up and completes', async () => {
    const models = join(dir, 'repro-models');
    await writeTestCheckpoints(models, [1, 2]);
    const base = ['reproduce', '--out', 'repro', '--no-concentration', '--device', 'cpu'];
    const first = await runCli([...base, '--checkpoints', join(models, 'seed-1')], dir, env(), 300_000);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/reproduce 1\/3: recomputing/);
    expect(first.stderr).toMatch(/reproduce 3\/3: writing the report/);
    const oldResults = readFileSync(join(dir, 'repro', 'results', 'recompute.json'), 'utf8');
    const oldReport = readFileSync(join(dir, 'repro', 'report.html'), 'utf8');
    const oldFigure = readFileSync(join(dir, 'repro', 'figures', 'figS1-kc-heatmap.svg'), 'utf8');
    // a second run on another checkpoint, killed once its new results exist
    const second = start([...base, '--checkpoints', join(models, 'seed-2')]);
    await waitFor(join(dir, 'repro', '.staging', 'results', 'recompute.json'), second.exited);
    second.child.kill('SIGKILL');
    await second.exited;
    expect(readFileSync(join(dir, 'repro', 'results', 'recompute.json'), 'utf8')).toBe(oldResults);
    expect(readFileSync(join(dir, 'repro', 'report.html'), 'utf8')).toBe(oldReport);
    expect(readFileSync(join(dir, 'repro', 'figures', 'figS1-kc-heatmap.svg'), 'utf8')).toBe(oldFigure);
    const third = await runCli([...base, '--checkpoints', join(models, 'seed-2'), '--json'], dir, env(), 300_000);
    expect(third.code).toBe(0);
    // §2: --json on reproduce: one JSON object on stdout, nothing else
    const info = JSON.parse(third.stdout);
    expect(info).toMatchObject({ report: join(dir, 'repro', 'report.html'), checkpoints: [{ seed: 2 }] });
    expect(info.summary.accuracy.mean).toBeGreaterThanOrEqual(0);
    expect(third.stderr).toMatch(/olfactory: warning: took over the stale lock .*'olfactory reproduce'/);
    expect(third.stderr).toMatch(/olfactory: warning: removed .*\.staging, left by an interrupted run/);
    expect(JSON.parse(readFileSync(join(dir, 'repro', 'results', 'recompute.json'), 'utf8')).checkpoints.map((c: { seed: number }) => c.seed)).toEqual([2]);
    expect(readdirSync(join(dir, 'repro')).sort()).toEqual(['figures', 'report.html', 'results']);
  }, 600_000);
});

describe('§3.7 / §3.8 --out is checked before any work', () => {
  test('an existing file as --out exits 2 at once, before the data is loaded', async () => {
    writeFileSync(join(dir, 'a-file'), 'x');
    const models = mkdtempSync(join(dir, 'out-models-'));
    await writeTestCheckpoints(models, [1]);
    const r = await runCli(['recompute', '--checkpoints', models, '--out', 'a-file', '--engine', 'typescript'], dir, env());
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^olfactory: invalid --out a-file: .*a-file is a file, not a folder/)]);
    expect(r.stderr).not.toMatch(/recompute: \d|Parsing/);
    const train = await runCli(['train', '--seeds', '1', '--out', 'a-file/sub'], dir, env());
    expect(train.code).toBe(2);
    expect(train.stderr).toMatch(/invalid --out a-file\/sub: .*a-file is a file, not a folder/);
  });

  test.each([[['figures', '--results', 'x', '--out', '/proc/olfactory-test/figures']], [['train', '--seeds', '1', '--out', '/proc/olfactory-test']]])(
    '%j under /proc exits 2 instead of hanging',
    async (argv) => {
      writeSyntheticResults(join(dir, 'x'));
      const r = await runCli(argv, dir, env(), 20_000);
      expect(r.timedOut).toBeUndefined();
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/invalid --out \/proc\/olfactory-test.*cannot create the folder \/proc\/olfactory-test \(ENOENT\)/);
    },
  );
});

describe('§3.10 paths with commas; §3.12 duplicates and unfinished seeds', () => {
  test('a results folder whose name holds a comma works with --results and in a --config array', async () => {
    writeSyntheticResults(join(dir, 'runs,2026'));
    const r = await runCli(['figures', '--results', 'runs,2026', '--out', 'comma-figs', '--format', 'svg'], dir, env());
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'comma-figs', 'fig2-similarity.svg'))).toBe(true);
    writeFileSync(join(dir, 'comma.json'), JSON.stringify({ results: ['runs,2026'], out: 'comma-report.html' }));
    const report = await runCli(['report', '--config', 'comma.json'], dir, env());
    expect(report.code).toBe(0);
    expect(existsSync(join(dir, 'comma-report.html'))).toBe(true);
  });

  test('recompute: a checkpoint folder with a comma, a checkpoint given twice counts once, an unfinished seed is named', async () => {
    const models = join(dir, 'models,v2');
    await writeTestCheckpoints(models, [1, 2]);
    mkdirSync(join(models, 'seed-3'));
    writeFileSync(join(models, 'seed-3', 'progress.json'), '{}');
    const r = await runCli(['recompute', '--checkpoints', 'models,v2', '--checkpoints', 'models,v2/seed-1/checkpoint.json', '--engine', 'typescript', '--out', 'dups', '--json'], dir, env());
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/olfactory: warning: skipped .*models,v2\/seed-3: its training is unfinished \(progress\.json but no checkpoint\.json\)/);
    expect(r.stderr).toMatch(/olfactory: warning: checkpoint .*seed-1\/checkpoint\.json was given twice/);
    expect(JSON.parse(r.stdout).checkpoints.map((c: { seed: number }) => c.seed)).toEqual([1, 2]);
  }, 300_000);
});

describe('§2 CLI consistency', () => {
  test.each([
    [['data', 'info', '--bogus'], /^olfactory: unknown option '--bogus'$/],
    [['bogus'], /^olfactory: unknown command 'bogus'$/],
    [['figures', '--scale', 'x'], /^olfactory: option '--scale <factor>' argument 'x' is invalid/],
  ])('commander errors use the one error style: %j', async (argv, message) => {
    const r = await runCli(argv, dir, env());
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/^error:/m);
  });

  test('--config on data info (and every other command)', async () => {
    writeFileSync(join(dir, 'info.json'), JSON.stringify({ orMapping: 'by-name', json: true }));
    const r = await runCli(['data', 'info', '--config', 'info.json'], dir, env());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).orMapping.name).toBe('by-name');
    for (const cmd of [['data', 'fetch'], ['data', 'info'], ['train'], ['reproduce'], ['recompute'], ['export'], ['figures'], ['report']]) {
      expect((await runCli([...cmd, '--help'], dir)).stdout).toContain('--config <file>');
    }
  });

  test('recompute --with-concentration (old name) warns and means --concentration; giving both names is an error', async () => {
    const r = await runCli(['recompute', '--checkpoints', 'nowhere', '--with-concentration', '--concentration'], dir, env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--with-concentration is the old name of --concentration; give only --concentration/);
  });
});

describe('§2 conflicting reproduce flags', () => {
  test.each([
    [['reproduce', '--seeds', '42'], /--seeds only apply to --retrain/],
    [['reproduce', '--epochs', '5', '--workers', '2'], /--epochs, --workers only apply to --retrain/],
    [['reproduce', '--retrain', '--checkpoints', 'models'], /--retrain and --checkpoints conflict/],
  ])('%j exits 2', async (argv, message) => {
    const r = await runCli(argv, dir, env());
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(message)]);
  });
});
