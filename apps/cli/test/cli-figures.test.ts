import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { darkPixels, decodePng } from './helpers/decode-png';
import { assertBuilt, errorLines, runCli } from './helpers/run-cli';
import { syntheticResults, writeSyntheticResults } from './helpers/synthetic-results';

const ALL_FIGURES = [
  'fig2-similarity',
  'fig3-concentration',
  'fig4-bars',
  'figS1-kc-heatmap',
  'figS2-confusion',
  'figS3-within-odor',
  'figS4-threshold-scaling',
  'training-curves',
  'learned-parameters',
];

jest.setTimeout(60_000);

describe('olfactory figures (built binary)', () => {
  let dir: string;
  beforeAll(assertBuilt);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'olf-figures-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('olfactory figures --help shows the flags, examples and the --config section, exit 0', async () => {
    const r = await runCli(['figures', '--help'], dir);
    expect(r.code).toBe(0);
    for (const flag of ['--results <dir>', '--out <dir>', '--format <list>', '--scale <factor>', '--json', '--config <file>']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ olfactory figures --results/);
    expect(r.stdout).toMatch(/Config file: --config FILE/);
    const top = await runCli(['--help'], dir);
    expect(top.stdout).toMatch(/figures/);
    expect(top.stdout).toMatch(/report/);
  });

  it('writes every figure as SVG and PNG, prints the files, and every PNG has text pixels in its title', async () => {
    writeSyntheticResults(join(dir, 'runs', 'canonical'), { seed: 1 });
    const r = await runCli(['figures', '--results', 'runs/canonical', '--out', 'figures'], dir);
    expect(errorLines(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    const expected = ALL_FIGURES.flatMap((f) => [`figures/${f}.svg`, `figures/${f}.png`]);
    expect(r.stdout.trim().split('\n')).toEqual(expected);
    // Atomic writes leave nothing else behind.
    expect(readdirSync(join(dir, 'figures')).sort()).toEqual(expected.map((f) => f.slice('figures/'.length)).sort());
    for (const f of ALL_FIGURES) {
      const svg = readFileSync(join(dir, 'figures', `${f}.svg`), 'utf8');
      expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).toMatch(/class="figure-title"/);
      const png = decodePng(readFileSync(join(dir, 'figures', `${f}.png`)));
      expect(png.width).toBeGreaterThan(400);
      expect(png.height).toBeGreaterThan(300);
      // At --scale 2 the bold title is the only thing in the top 56 px: dark pixels there mean glyphs were drawn.
      expect({ figure: f, titlePixels: darkPixels(png, 0, 56) > 150 }).toEqual({ figure: f, titlePixels: true });
      expect(darkPixels(png, 0, 8)).toBe(0);
    }
  });

  it('--format svg --json writes only SVGs, lists them as JSON, and skips Figure 3 without a concentration sweep', async () => {
    writeSyntheticResults(join(dir, 'run'), { seed: 2, withConcentration: false });
    const r = await runCli(['-q', 'figures', '--results', 'run', '--out', 'out', '--format', 'svg', '--json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.results).toEqual(['run/recompute.json']);
    expect(out.written).toHaveLength(8);
    expect(out.written.every((w: { format: string; bytes: number }) => w.format === 'svg' && w.bytes > 1000)).toBe(true);
    expect(out.skipped).toEqual([{ name: 'fig3-concentration', reason: expect.stringMatching(/no concentration sweep in run\/recompute\.json/) }]);
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.png'))).toEqual([]);
  });

  it('Figure 4 has one bar condition per results folder (repeated --results) and drops the APL panel when a condition has no Mancini ratio', async () => {
    writeSyntheticResults(join(dir, 'canonical'), { seed: 3 });
    writeSyntheticResults(join(dir, 'no-gap'), { seed: 4, ablation: 'no-gap' });
    writeSyntheticResults(join(dir, 'no-std'), { seed: 5, ablation: 'no-std' });
    const three = await runCli(['-q', 'figures', '--results', 'canonical', '--results', 'no-gap', '--results', 'no-std', '--out', 'a', '--format', 'svg'], dir);
    expect(three.code).toBe(0);
    const svg3 = readFileSync(join(dir, 'a', 'fig4-bars.svg'), 'utf8');
    expect(svg3.match(/class="panel"/g)).toHaveLength(3);
    expect(svg3.match(/class="bar"/g)).toHaveLength(9);
    for (const label of ['Canonical', 'No gap junctions', 'No STD', 'AL decorrelation', 'MB decorrelation', 'APL-mediated KC suppression']) expect(svg3).toContain(label);

    writeSyntheticResults(join(dir, 'no-apl'), { seed: 6, ablation: 'no-apl' });
    const two = await runCli(['-q', 'figures', '--results', 'canonical', '--results', 'no-apl', '--out', 'b', '--format', 'svg'], dir);
    expect(two.code).toBe(0);
    const svg2 = readFileSync(join(dir, 'b', 'fig4-bars.svg'), 'utf8');
    expect(svg2.match(/class="panel"/g)).toHaveLength(2);
    expect(svg2.match(/class="bar"/g)).toHaveLength(4);
    expect(svg2).not.toContain('APL-mediated KC suppression');
  });

  it('Figure S4 labels honestly which task sizes were given (one bar per number of odors)', async () => {
    writeSyntheticResults(join(dir, 'canonical'), { seed: 3 });
    const one = await runCli(['-q', 'figures', '--results', 'canonical', '--out', 'a', '--format', 'svg'], dir);
    expect(one.code).toBe(0);
    expect(readFileSync(join(dir, 'a', 'figS4-threshold-scaling.svg'), 'utf8')).toContain('Figure S4 — 28-odor models only');
    writeSyntheticResults(join(dir, 'seven'), { seed: 8, nOdors: 7 });
    const two = await runCli(['-q', 'figures', '--results', 'canonical', '--results', 'seven', '--out', 'b', '--format', 'svg'], dir);
    expect(two.code).toBe(0);
    const s4 = readFileSync(join(dir, 'b', 'figS4-threshold-scaling.svg'), 'utf8');
    expect(s4).toContain('Figure S4 — 7/28-odor models only');
    expect(s4.match(/class="bar"/g)).toHaveLength(2);
  });

  it('an unknown flag, a bad --format and a bad --scale exit 2 with one usage line', async () => {
    writeSyntheticResults(join(dir, 'run'));
    const bogus = await runCli(['figures', '--results', 'run', '--out', 'o', '--bogus'], dir);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/unknown option '--bogus'/);
    const format = await runCli(['figures', '--results', 'run', '--out', 'o', '--format', 'svg,pdf'], dir);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/invalid --format entry 'pdf'; expected a comma list of svg, png/);
    const scale = await runCli(['figures', '--results', 'run', '--out', 'o', '--scale', '0'], dir);
    expect(scale.code).toBe(2);
    expect(scale.stderr).toMatch(/invalid --scale: 0; expected a number in \[0\.25, 8\]/);
    expect(readdirSync(dir)).toEqual(['run']);
  });

  it('missing --results or --out exits 2 and says where to give it', async () => {
    const noResults = await runCli(['figures', '--out', 'o'], dir);
    expect(noResults.code).toBe(2);
    expect(errorLines(noResults.stderr)).toEqual([expect.stringMatching(/^olfactory: missing --results: .*give it on the command line or as "results" in --config/)]);
    const noOut = await runCli(['figures', '--results', 'run'], dir);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/missing --out/);
  });

  it('a missing results file exits 1 with one line saying to run olfactory recompute, no stack trace', async () => {
    const r = await runCli(['figures', '--results', 'nowhere', '--out', 'o'], dir);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^olfactory: no results file nowhere\/recompute\.json; create it with 'olfactory recompute --out nowhere' first/)]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('a corrupt results file exits 1 naming the file, the JSON path of the bad field and what was expected', async () => {
    const write = (name: string, mutate: (r: Record<string, any>) => void) => {
      const results = JSON.parse(JSON.stringify(syntheticResults({ seed: 9, nCheckpoints: 2 })));
      mutate(results);
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'recompute.json'), JSON.stringify(results));
    };
    write('nan', (r) => (r.checkpoints[1].metrics.accuracy = Number.NaN)); // JSON.stringify writes null
    write('shape', (r) => r.checkpoints[0].figures.similarity.kc.pop());
    write('missing', (r) => delete r.checkpoints[0].parameters.gSomaNs);
    write('version', (r) => (r.version = 2));
    write('schema', (r) => (r.schema = 'something-else'));
    mkdirSync(join(dir, 'syntax'));
    writeFileSync(join(dir, 'syntax', 'recompute.json'), '{"schema": "olfactory-recompute", ');
    const cases: [string, RegExp][] = [
      [
        'nan',
        /^olfactory: invalid results file nan\/recompute\.json: \$\.checkpoints\[1\]\.metrics\.accuracy is null \(NaN or ±Infinity are written as null in JSON\); expected a finite number\. Re-create it with 'olfactory recompute --out nan'/,
      ],
      ['shape', /^olfactory: invalid results file shape\/recompute\.json: \$\.checkpoints\[0\]\.figures\.similarity\.kc has 27 rows; expected 28 \(one per odor in \$\.odors\)/],
      ['missing', /\$\.checkpoints\[0\]\.parameters\.gSomaNs is missing; expected a finite number/],
      ['version', /\$\.version is 2; expected 1 \(the results version this olfactory reads\)\. Upgrade @olfactory\/cli/],
      ['schema', /\$\.schema is "something-else"; expected "olfactory-recompute" \(is this a recompute\.json\?\)/],
      ['syntax', /syntax\/recompute\.json: not valid JSON/],
    ];
    for (const [name, message] of cases) {
      const r = await runCli(['figures', '--results', name, '--out', 'o'], dir);
      expect({ name, code: r.code }).toEqual({ name, code: 1 });
      const lines = errorLines(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    }
  });

  describe('--config', () => {
    beforeEach(() => {
      writeSyntheticResults(join(dir, 'runs', 'canonical'), { seed: 10, withConcentration: false });
      mkdirSync(join(dir, 'configs'));
    });
    const config = (body: unknown) => writeFileSync(join(dir, 'configs', 'run.json'), typeof body === 'string' ? body : JSON.stringify(body));

    it('reads option values from the file, resolving relative paths against its folder', async () => {
      config({ results: ['../runs/canonical'], out: '../from-config', format: 'svg', json: true });
      const r = await runCli(['-q', 'figures', '--config', 'configs/run.json'], dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.out).toBe('from-config');
      expect(out.written.map((w: { file: string }) => w.file)).toContain('from-config/fig2-similarity.svg');
      expect(readdirSync(join(dir, 'from-config')).every((f) => f.endsWith('.svg'))).toBe(true);
    });

    it('command-line flags override the config file', async () => {
      config({ results: '../runs/canonical', out: '../from-config', format: ['svg', 'png'], scale: 1 });
      const r = await runCli(['-q', 'figures', '--config', 'configs/run.json', '--out', 'from-flag', '--format', 'svg'], dir);
      expect(r.code).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(['configs', 'from-flag', 'runs']);
      expect(readdirSync(join(dir, 'from-flag')).every((f) => f.endsWith('.svg'))).toBe(true);
    });

    it.each([
      ['an unknown key', { results: 'x', outDir: 'y' }, /invalid config file configs\/run\.json: unknown key 'outDir'; expected only 'results', 'out', 'format', 'scale', 'json'/],
      ['a wrong type', { results: 'x', scale: 'big' }, /invalid config file configs\/run\.json: key 'scale' is the string "big"; expected a number in \[0\.25, 8\]/],
      ['a bad format', { results: 'x', format: ['svg', 'gif'] }, /key 'format' is an array \(\["svg","gif"\]\); expected formats from svg, png/],
      ['a boolean as a string', { results: 'x', json: 'yes' }, /key 'json' is the string "yes"; expected true or false/],
      ['a nested config', { config: 'other.json' }, /unknown key 'config' \(a config file cannot name another config file\)/],
      ['invalid JSON', '{ "out": ', /invalid config file configs\/run\.json: not valid JSON/],
      ['not an object', '["out"]', /the top level is an array .*; expected a JSON object of option values/],
    ])('%s exits 2 with one line naming the key', async (_what, body, message) => {
      config(body);
      const r = await runCli(['figures', '--config', 'configs/run.json', '--out', 'o'], dir);
      expect(r.code).toBe(2);
      const lines = errorLines(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(readdirSync(dir).sort()).toEqual(['configs', 'runs']);
    });

    it('a missing config file exits 2', async () => {
      const r = await runCli(['figures', '--config', 'configs/none.json'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot read config file configs\/none\.json: no such file/);
    });
  });
});
