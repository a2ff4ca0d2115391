import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDataDir } from '@olfactory/connectome-data/test';
import { assertBuilt, errorLines, runCli } from './helpers/run-cli';

const env = (dir: string) => ({ OLFACTORY_DATA_DIR: testDataDir(), OLFACTORY_CACHE_DIR: join(dir, 'parsed') });
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
const EXPERIMENTS = ['r1-loss-forms', 'r3-ablations', 'std', 'r4-ln-split', 'r5-mixtures', 'r2-consistency', 'r6-task-complexity'];
beforeAll(() => assertBuilt());
jest.setTimeout(1_200_000);

describe('olfactory reproduce --all (built binary)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'olf-repro-all-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('from the shipped results: every experiment table of the full run beside the paper, Figure 4 (four conditions), S4 (four task sizes), the report', async () => {
    const t0 = Date.now();
    const r = await runCli(['reproduce', '--all', '--out', 'paper', '--json'], dir, env(dir));
    const seconds = (Date.now() - t0) / 1000;
    expect(r.code).toBe(0);
    expect(seconds).toBeLessThan(300);
    expect(r.stderr).toMatch(/reproduce 1\/4: reading the shipped recompute of the canonical models/);
    expect(r.stderr).toMatch(/reproduce 3\/4: drawing Figure 4, S4 and the experiment tables from 7 table\(s\)/);
    const info = JSON.parse(r.stdout);
    expect(info.experiments.map((e: { experiment: string }) => e.experiment)).toEqual(EXPERIMENTS);
    expect(info.experiments[4]).toMatchObject({ experiment: 'r5-mixtures', source: 'shipped with @olfactory/models', rows: ['mixtures'] });
    // the full run ships: no row is missing, every retrained condition is in its table
    expect(info.missing).toEqual([]);
    expect(info.experiments[2]).toMatchObject({ experiment: 'std', rows: ['canonical', 'no-std', 'canonical-posthoc-no-std'] });
    expect(info.experiments[6]).toMatchObject({ experiment: 'r6-task-complexity', rows: ['odors-7', 'odors-14', 'canonical', 'odors-56'] });
    for (const e of EXPERIMENTS) expect(readJson(join(dir, 'paper', 'experiments', `${e}.json`))).toMatchObject({ schema: 'olfactory-experiment', experiment: e, seeds: [42, 43, 44, 45, 46] });
    const figures = readdirSync(join(dir, 'paper', 'figures'));
    for (const f of ['fig4-experiments.svg', 'figS4-task-complexity.svg', 'training-curves.svg', 'table-r5-mixtures.png', 'table-r2-consistency.svg', 'fig3-concentration.svg'])
      expect(figures).toContain(f);
    expect(readFileSync(join(dir, 'paper', 'figures', 'fig4-experiments.svg'), 'utf8')).toContain('4 conditions, 4 panels');
    expect(readFileSync(join(dir, 'paper', 'figures', 'figS4-task-complexity.svg'), 'utf8')).toContain('7/14/28/56 odors');

    const html = readFileSync(join(dir, 'paper', 'report.html'), 'utf8');
    expect(html).toContain('Every row of every experiment is here.');
    for (const e of EXPERIMENTS) expect(html).toContain(`id="experiment-table-${e}"`);
    // Figure 4, S4 and the table figures are in the page too
    for (const f of ['fig4-experiments', 'figS4-task-complexity', 'table-r5-mixtures']) expect(html).toContain(`id="figure-${f}"`);
    // R5 beside the paper's 0.805 ± 0.004 (§5.5), in the paper's σ
    expect(html).toMatch(/paper 0\.805 ± 0\.004 · [+−]\d\.\d σ/);
    // the gain-control verdicts of the canonical models (concentration sweep shipped)
    expect(html).toContain('id="gain-control-table"');

    // olfactory report --experiments: the same section from a folder of tables; a table that lacks
    // a retrained row (here std without its no-STD training) names it with the command that makes it
    const partial = join(dir, 'partial');
    cpSync(join(dir, 'paper', 'experiments'), partial, { recursive: true });
    const std = readJson(join(partial, 'std.json'));
    writeFileSync(join(partial, 'std.json'), JSON.stringify({ ...std, rows: std.rows.filter((row: { id: string }) => row.id !== 'no-std') }));
    const rep = await runCli(['report', '--results', 'paper/results', '--experiments', 'partial', '--out-file', 'r.html', '--json'], dir, env(dir));
    expect(rep.code).toBe(0);
    expect(JSON.parse(rep.stdout).experiments.map((e: { experiment: string }) => e.experiment)).toEqual(EXPERIMENTS);
    const page = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(page).toContain('id="experiment-times"');
    expect(page).toContain('<strong>std</strong>: no STD during training<br><code>olfactory experiment std --seeds 42-46 --out olfactory-experiments/std</code>');
    expect(page).not.toContain('<strong>r4-ln-split</strong>');
    const none = await runCli(['report', '--results', 'paper/results', '--experiments', 'paper/figures', '--out-file', 'r2.html'], dir, env(dir));
    expect(none.code).toBe(1);
    expect(errorLines(none.stderr).join('\n')).toMatch(/no experiment tables \(<name>\.json\) in paper\/figures/);
  });

  test('usage errors exit 2 and name the flags', async () => {
    const cases: [string[], RegExp][] = [
      [['reproduce', '--results', 'x'], /--results only applies to --all/],
      [['reproduce', '--all', '--backend', 'slurm'], /--backend slurm is a sweep backend, which only --all --retrain uses/],
      [['reproduce', '--all', '--retrain', '--backend', 'wasm'], /with --all --retrain, --backend is where the sweep runs: local or slurm/],
      [['reproduce', '--all', '--checkpoints', 'models'], /--all and --checkpoints conflict/],
      [['reproduce', '--all', '--retrain', '--results', 'x'], /--results and --retrain conflict/],
      [['reproduce', '--teacher-epochs', '2'], /--teacher-epochs only apply to --all --retrain/],
      [['reproduce', '--all', '--results', 'nowhere', '--out', 'o1'], /--results nowhere: no such folder/],
    ];
    for (const [argv, message] of cases) {
      const r = await runCli(argv, dir, env(dir));
      expect(r.code).toBe(2);
      expect(errorLines(r.stderr).join('\n')).toMatch(message);
    }
    mkdirSync(join(dir, 'empty'));
    const empty = await runCli(['reproduce', '--all', '--results', 'empty', '--out', 'o2'], dir, env(dir));
    expect(empty.code).toBe(2);
    expect(errorLines(empty.stderr).join('\n')).toMatch(/no experiment tables \(<name>\.json\) there/);
    // a damaged table in --results: one line naming the file, and no --out folder left behind
    const bad = join(dir, 'bad-tables');
    cpSync(join(__dirname, '..', '..', '..', 'packages', 'models', 'experiments'), bad, { recursive: true }); // the shipped tables
    writeFileSync(join(bad, 'std.json'), '{"schema": "olfactory-experiment", "experiment":');
    const damaged = await runCli(['reproduce', '--all', '--results', 'bad-tables', '--out', 'o3'], dir, env(dir));
    expect(damaged.code).toBe(1);
    expect(errorLines(damaged.stderr)).toEqual([expect.stringMatching(/bad-tables\/std\.json: is not valid JSON .*Run the experiment again/)]);
    for (const o of ['o1', 'o2', 'o3']) expect([o, existsSync(join(dir, o))]).toEqual([o, false]);
    // --help: exit 0, what ships, and the examples the tests above run
    const help = await runCli(['reproduce', '--help'], dir, env(dir));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("@olfactory/models are one full 'olfactory experiment all'");
    for (const example of ['$ olfactory reproduce --all\n', '$ olfactory reproduce --all --results olfactory-experiments/all --out paper']) expect(help.stdout).toContain(example);
  });

  test('--all --retrain on a tiny configuration (one seed, one epoch): experiment all through the sweep runner, teachers trained once, then the whole paper; --results draws from that folder', async () => {
    const r = await runCli(['reproduce', '--all', '--retrain', '--seeds', '42', '--epochs', '1', '--teacher-epochs', '1', '--workers', '2', '--out', 'tiny'], dir, env(dir));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/reproduce 1\/5: olfactory experiment all \(seeds 42, 1 epochs, local\)/);
    const runs = join(dir, 'tiny', 'experiment-runs');
    for (const e of EXPERIMENTS) expect(readJson(join(runs, `${e}.json`))).toMatchObject({ experiment: e, seeds: [42], epochs: 1 });
    // 14 distinct conditions; the student-only switches share a teacher, so only 5 distinct teachers are trained:
    // the real connectome with 28 odors (canonical and its 9 variants), the shuffled one, 7, 14 and 56 odors
    expect(readdirSync(join(runs, 'runs')).sort()).toHaveLength(14);
    expect(readdirSync(join(runs, 'teachers'))).toHaveLength(5);
    // every row of every experiment is there: nothing is reported missing, Figure 4 has its four conditions
    expect(r.stdout).toMatch(/every experiment table is complete/);
    expect(readFileSync(join(dir, 'tiny', 'figures', 'fig4-experiments.svg'), 'utf8')).toContain('4 conditions, 4 panels');
    expect(readFileSync(join(dir, 'tiny', 'figures', 'figS4-task-complexity.svg'), 'utf8')).toContain('7/14/28/56 odors');
    const html = readFileSync(join(dir, 'tiny', 'report.html'), 'utf8');
    expect(html).toContain('Every row of every experiment is here.');
    expect(html).toMatch(/from .*experiment-runs/);
    // the report's canonical models are the experiment's own
    expect(readJson(join(dir, 'tiny', 'results', 'recompute.json')).checkpoints.map((c: { seed: number }) => c.seed)).toEqual([42]);

    // --results: the same folder drawn again, without training or recomputing
    const again = await runCli(['reproduce', '--all', '--results', runs, '--out', 'again', '--json'], dir, env(dir));
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/reading the recompute of .*experiment-runs\/runs\/canonical/);
    const info = JSON.parse(again.stdout);
    expect(info.missing).toEqual([]);
    expect(info.experiments.every((e: { source: string }) => e.source === `from ${runs}`)).toBe(true);
    expect(existsSync(join(dir, 'again', 'experiment-runs'))).toBe(false);
  });
});
