import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { assertBuilt, runCli } from './helpers/run-cli';

jest.setTimeout(180_000);

/** A small network of the baseline recipe so that the end-to-end runs take seconds. */
const SMALL = [
  '--set',
  'nLl=20',
  '--set',
  'nMon=200',
  '--set',
  'nTs=30',
  '--set',
  'trialMs=240',
  '--set',
  'holdMs=10',
  '--set',
  'tsLateralRadius=4',
  '--set',
  'checkpointTrials=2',
  '--set',
  'monTsGainMv=880',
];

describe('olfactory lateral-line (built binary)', () => {
  let dir: string;
  beforeAll(assertBuilt);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'olf-ll-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lateral-line --help lists run, evaluate, figures and sweep with examples', async () => {
    const r = await runCli(['lateral-line', '--help'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/run \[options\][\s\S]*evaluate \[options\] <dir>[\s\S]*figures \[options\] <dir>[\s\S]*sweep \[options\]/);
    expect((await runCli(['lateral-line', 'run', '--help'], dir)).stdout).toMatch(/--checkpoint-every <trials>[\s\S]*perfect map over the body/);
  });

  it('run writes params.json and run_summary.json with the honest metrics; running the same command again resumes from the checkpoint to the same result; evaluate and figures read the folder', async () => {
    const out = join(dir, 'run');
    const a = await runCli(['-q', 'lateral-line', 'run', '--trials', '6', '--seed', '5', '--checkpoint-every', '2', '--eval-every', '2', ...SMALL, '--out', out, '--json'], dir);
    expect(a.code).toBe(0);
    const summary = JSON.parse(a.stdout);
    expect(JSON.parse(readFileSync(join(out, 'run_summary.json'), 'utf8'))).toEqual(summary);
    expect(summary.trials).toBe(6);
    expect(Object.keys(summary.evaluation)).toEqual(['note', 'extract', 'training', 'referenceExtractDefect', 'references', 'verdict']);
    expect(summary.evaluation.references.perfectMap.rankCorrelation).toBeGreaterThan(0.99);
    expect(summary.learning.map((l: { trial: number }) => l.trial)).toEqual([0, 2, 4, 6]);
    const params = JSON.parse(readFileSync(join(out, 'params.json'), 'utf8'));
    expect(params.params.nMon).toBe(200);
    expect(params.params.llMonTopography).toBe(0.2);
    // A second run of the same command (as after a stop) resumes from the final checkpoint and gives the same summary.
    const b = await runCli(['-q', 'lateral-line', 'run', '--trials', '6', '--seed', '5', '--checkpoint-every', '2', '--eval-every', '2', ...SMALL, '--out', out, '--json'], dir);
    expect(b.code).toBe(0);
    const again = JSON.parse(b.stdout);
    expect(again.evaluation).toEqual(summary.evaluation);
    // (that a run stopped between checkpoints continues to the same weights is tested in
    // packages/lateral-line/test/protocol/training-run.test.ts: save at trial 3, restore, train 3 more)
    const e = await runCli(['lateral-line', 'evaluate', out, '--json'], dir);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout).evaluation.extract.trained.ts).toEqual(summary.evaluation.extract.trained.ts);
    // the JSON names the folder as given: a relative path stays relative (no machine path in shipped results)
    const rel = await runCli(['lateral-line', 'evaluate', relative(dir, out), '--json'], dir);
    expect(JSON.parse(rel.stdout).dir).toBe(relative(dir, out));
    const f = await runCli(['lateral-line', 'figures', out, '--json'], dir);
    expect(f.code).toBe(0);
    for (const name of ['summary', 'ts-spikes-vs-x', 'weight-histograms', 'weight-profiles', 'receptive-fields', 'learning-curves']) expect(existsSync(join(out, 'figures', `${name}.png`))).toBe(true);
  });

  it('bad inputs exit 2 with one line naming the flag: topography outside [0, 1], trials < 0, a negative distance, another run in --out', async () => {
    const out = join(dir, 'bad');
    const t = await runCli(['lateral-line', 'run', '--topography', '1.5', '--out', out], dir);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/invalid --topography: 1.5; expected a number in \[0, 1\]/);
    const n = await runCli(['lateral-line', 'run', '--trials', '-1', '--out', out], dir);
    expect(n.code).toBe(2);
    expect(n.stderr).toMatch(/invalid --trials: -1; expected an integer >= 0/);
    const d = await runCli(['lateral-line', 'run', '--set', 'testDistanceCm=-0.5', '--out', out], dir);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/--set testDistanceCm: invalid testDistanceCm: -0.5; expected a finite number > 0 \(cm\)/);
    expect(existsSync(join(out, 'params.json'))).toBe(false);
    const cfg = join(dir, 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ topography: 2 }));
    const k = await runCli(['lateral-line', 'run', '--config', cfg, '--out', out], dir);
    expect(k.code).toBe(2);
    expect(k.stderr).toMatch(/invalid config file .*cfg.json: key 'topography' is number 2; expected a number in \[0, 1\]/);
  });
});
