import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, errorLines, runCli } from './helpers/run-cli';
import { writeSyntheticResults } from './helpers/synthetic-results';

jest.setTimeout(60_000);

const HOSTILE = '<script>alert("x")</script> & \'q\'';

describe('olfactory report (built binary)', () => {
  let dir: string;
  beforeAll(assertBuilt);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'olf-report-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('olfactory report --help shows the flags, examples and the --config section, exit 0', async () => {
    const r = await runCli(['report', '--help'], dir);
    expect(r.code).toBe(0);
    for (const flag of ['--results <dir>', '--out-file <file>', '--figures <dir>', '--json', '--config <file>']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ olfactory report --results/);
    expect(r.stdout).toMatch(/Config file: --config FILE/);
  });

  it('writes one self-contained HTML page: 9 inline SVG figures, the summary and per-checkpoint tables, run metadata, no scripts or external URLs', async () => {
    writeSyntheticResults(join(dir, 'run'), { seed: 11 });
    const r = await runCli(['report', '--results', 'run', '--out-file', 'out/report.html'], dir);
    expect(errorLines(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('out/report.html');
    expect(readdirSync(join(dir, 'out'))).toEqual(['report.html']);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<figure class="report-figure"/g)).toHaveLength(9);
    expect(html.match(/<svg /g)).toHaveLength(9);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["'](?!#)/i);
    expect(html).not.toMatch(/<\?xml/);
    const summary = html.slice(html.indexOf('id="summary-table"'), html.indexOf('</table>', html.indexOf('id="summary-table"')));
    expect(summary.match(/<tr>/g)).toHaveLength(12); // header + 11 reference metrics
    for (const text of ['0.7033 ± 0.0107', '0.1250 ± 0.0010', '0.6586 ± 0.0051', '4.41 ± 1.32', '35.81 ± 0.75', '39.01 ± 1.46', '1.849 ± 0.053', '45.9', '1.23 ± 0.02', '~1.15', '1.75']) {
      expect(summary).toContain(text);
    }
    const perCheckpoint = html.slice(html.indexOf('id="checkpoint-table"'), html.indexOf('</table>', html.indexOf('id="checkpoint-table"')));
    expect(perCheckpoint.match(/<tr>/g)).toHaveLength(6); // header + 5 checkpoints
    expect(html).toContain('8c1f43809ed5d527ba61b154e377cc21da26383a75eda8aab85ce05607a72a4c');
    expect(html).toContain('cpu (2 threads)');
    expect(html).toMatch(/id="timings-table"/);
  });

  it('escapes every string from the results and metadata files', async () => {
    const odors = Array.from({ length: 28 }, (_, i) => (i === 3 ? HOSTILE : `odor ${i}`));
    writeSyntheticResults(join(dir, 'run'), { seed: 12, odors, producerName: HOSTILE, metadata: false });
    const r = await runCli(['-q', 'report', '--results', 'run', '--out-file', 'report.html'], dir);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
    expect(html).toMatch(/No run-metadata\.json beside run\/recompute\.json/);
  });

  it('--figures DIR inlines the SVGs written by olfactory figures, and refuses an SVG with a script', async () => {
    writeSyntheticResults(join(dir, 'run'), { seed: 13 });
    const figs = await runCli(['-q', 'figures', '--results', 'run', '--out', 'figs', '--format', 'svg'], dir);
    expect(figs.code).toBe(0);
    const marker = 'MARKER-FROM-FILE';
    const file = join(dir, 'figs', 'figS2-confusion.svg');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Figure S2', `${marker} Figure S2`));
    const r = await runCli(['-q', 'report', '--results', 'run', '--figures', 'figs', '--out-file', 'report.html', '--json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.figuresSource).toBe('9 inlined from figs');
    expect(out.summary).toHaveLength(11);
    expect(out.summary[0]).toMatchObject({ metric: 'accuracy', reference: { mean: 0.7033, std: 0.0107, source: '§5.2' } });
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(marker);

    writeFileSync(file, readFileSync(file, 'utf8').replace('</svg>', '<script>alert(1)</script></svg>'));
    const bad = await runCli(['report', '--results', 'run', '--figures', 'figs', '--out-file', 'bad.html'], dir);
    expect(bad.code).toBe(1);
    expect(errorLines(bad.stderr)).toEqual([expect.stringMatching(/refusing to inline figure figs\/figS2-confusion\.svg: it contains a <script> element/)]);
    expect(readdirSync(dir)).not.toContain('bad.html');

    const empty = await runCli(['report', '--results', 'run', '--figures', 'nothing-here', '--out-file', 'x.html'], dir);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no figure SVGs in nothing-here/);
  });

  it('exit codes: missing results 1, corrupt results 1 naming the field, unknown flag 2, config error 2', async () => {
    const missing = await runCli(['report', '--results', 'none', '--out-file', 'r.html'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/olfactory recompute --out none/);

    writeSyntheticResults(join(dir, 'run'), { seed: 14, nCheckpoints: 1 });
    const meta = JSON.parse(readFileSync(join(dir, 'run', 'run-metadata.json'), 'utf8'));
    meta.timingsSeconds.total = 'slow';
    writeFileSync(join(dir, 'run', 'run-metadata.json'), JSON.stringify(meta));
    const corrupt = await runCli(['report', '--results', 'run', '--out-file', 'r.html'], dir);
    expect(corrupt.code).toBe(1);
    expect(errorLines(corrupt.stderr)).toEqual([expect.stringMatching(/invalid results file run\/run-metadata\.json: \$\.timingsSeconds\.total is "slow"; expected a finite number/)]);

    const flag = await runCli(['report', '--results', 'run', '--out-file', 'r.html', '--format', 'svg'], dir);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--format'/);

    mkdirSync(join(dir, 'c'));
    writeFileSync(join(dir, 'c', 'report.json'), JSON.stringify({ results: '../run', outFile: 'r.html', scale: 2 }));
    const config = await runCli(['report', '--config', 'c/report.json'], dir);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/unknown key 'scale'; expected only 'results', 'outFile', 'out', 'figures', 'experiments', 'json'/);
    expect(readdirSync(dir)).not.toContain('r.html');
  });
});
