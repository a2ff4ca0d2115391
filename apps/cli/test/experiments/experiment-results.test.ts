import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OlfactoryData } from '@olfactory/connectome-data';
import { hashFile } from '@olfactory/connectome-data';
import { conditionMixtures, mixturesCacheFile } from '../../src/experiments/experiment-evaluation';
import { mergeExperimentTables, missingExperiments, readExperimentFolder, readExperimentTable, seedList } from '../../src/experiments/experiment-results';
import type { ExperimentTable } from '../../src/experiments/experiment-table';
import { experimentCell } from '../../src/experiments/experiment-table';
import { experimentsSection } from '../../src/report/render-experiments';
import { ResultsFileError } from '../../src/results/read-results';

const dir = mkdtempSync(join(tmpdir(), 'olf-exp-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small R4 table: the canonical row only, beside the paper's value (§5). */
const r4 = (rows: string[] = ['canonical']): ExperimentTable => ({
  schema: 'olfactory-experiment',
  version: 1,
  experiment: 'r4-ln-split',
  title: 'R4 LN split',
  seeds: [42, 43],
  epochs: 300,
  teacherEpochs: 300,
  columns: [{ key: 'accuracy', label: 'accuracy', unit: 'fraction' }],
  rows: rows.map((id) => ({
    id,
    label: id === 'canonical' ? 'canonical (q 0.33, 9:17)' : id,
    condition: id,
    evaluation: 'none',
    seeds: [42, 43],
    metrics: { accuracy: experimentCell([0.7, 0.72], 'canonical.accuracy') },
  })),
  wallSeconds: { training: 0, evaluation: 12.5 },
  notes: ['a note'],
});

describe('experiment tables for the report and reproduce --all', () => {
  test('readExperimentFolder reads the tables a folder has; a file of another schema is a ResultsFileError naming it and the field', async () => {
    const a = join(dir, 'a');
    mkdirSync(a);
    writeFileSync(join(a, 'r4-ln-split.json'), JSON.stringify(r4()));
    const tables = await readExperimentFolder(a, 'from a');
    expect(tables.map((t) => [t.table.experiment, t.source])).toEqual([['r4-ln-split', 'from a']]);
    writeFileSync(join(a, 'std.json'), JSON.stringify({ ...r4(), schema: 'olfactory-recompute' }));
    const e = await readExperimentFolder(a, 'from a').catch((x: unknown) => x);
    expect(ResultsFileError.isInstance(e)).toBe(true);
    expect((e as ResultsFileError).message).toBe(
      `${join(a, 'std.json')}: $.schema is "olfactory-recompute", expected "olfactory-experiment". It is not a table written by olfactory experiment; pass the folder that command wrote.`,
    );
    writeFileSync(join(a, 'std.json'), '{"schema": ');
    expect(((await readExperimentTable(join(a, 'std.json')).catch((x: unknown) => x)) as ResultsFileError).problem).toBe('syntax');
    writeFileSync(join(a, 'std.json'), JSON.stringify(r4()));
    expect(((await readExperimentFolder(a, 'x').catch((x: unknown) => x)) as Error).message).toMatch(/std\.json: \$\.experiment is "r4-ln-split", but the file is named for std/);
  });

  test('missingExperiments names every plan row without a result and the exact commands; merge prefers the given folder', () => {
    const shipped = [{ table: r4(), file: 's/r4.json', source: 'shipped' }];
    const missing = missingExperiments(shipped, [42, 43, 44, 45, 46]);
    const m4 = missing.find((m) => m.experiment === 'r4-ln-split')!;
    expect(m4).toEqual({
      experiment: 'r4-ln-split',
      rows: ['LN split 6:20 (q 0.2)', 'LN split 12:14 (q 0.417)', 'LN split 13:13 (q 0.5)'],
      whole: false,
      commands: ['olfactory experiment r4-ln-split --seeds 42-46 --out olfactory-experiments/r4-ln-split', 'olfactory reproduce --all --results olfactory-experiments/r4-ln-split'],
    });
    expect(missing.find((m) => m.experiment === 'r5-mixtures')).toMatchObject({ whole: true, rows: ['canonical'] });
    expect(missing.map((m) => m.experiment)).toEqual(['r1-loss-forms', 'r3-ablations', 'std', 'r4-ln-split', 'r5-mixtures', 'r2-consistency', 'r6-task-complexity']);
    // a complete R4 table is not missing anything
    const full = [{ table: r4(['canonical', 'q0.20', 'q0.417', 'q0.50']), file: 'r/r4.json', source: 'from r' }];
    expect(missingExperiments(full, [42]).some((m) => m.experiment === 'r4-ln-split')).toBe(false);
    expect(mergeExperimentTables(full, shipped)[0]!.source).toBe('from r');
    expect(seedList([42, 43, 44])).toBe('42-44');
    expect(seedList([42, 44])).toBe('42,44');
  });

  test('the report section: each cell beside the paper with the σ difference, the wall time, and the commands for what is missing', () => {
    const t = r4();
    const html = experimentsSection({
      tables: [{ table: t, file: 'x/r4-ln-split.json', source: 'shipped with @olfactory/models' }],
      missing: missingExperiments([{ table: t, file: '', source: '' }], [42, 43, 44, 45, 46]),
    });
    // mean 0.71 ± 0.01 against the paper's 0.7033 ± 0.0107 (§5.2): (0.71 − 0.7033)/0.0107 = +0.6σ
    expect(html).toContain('0.710 ± 0.010<br><span class="paper">paper 0.703 ± 0.011 · +0.6 σ</span>');
    expect(html).toContain('<td class="num ok"');
    expect(html).toMatch(/<tr><th scope="row">R4 LN split<\/th><td class="num">—<\/td><td class="num">12\.5 s<\/td><td class="num">1<\/td><td>shipped with @olfactory\/models<\/td><\/tr>/);
    expect(html).toContain('<code>olfactory experiment r4-ln-split --seeds 42-46 --out olfactory-experiments/r4-ln-split</code>');
    expect(html).toContain('<strong>r5-mixtures</strong>: no table');
    expect(html).not.toContain('<script');
  });

  test('conditionMixtures reuses a cache made from exactly the same checkpoint files, and recomputes otherwise', async () => {
    const out = join(dir, 'mix');
    const file = join(out, 'runs', 'canonical', 'seed-42', 'checkpoint.json');
    mkdirSync(join(out, 'runs', 'canonical', 'seed-42'), { recursive: true });
    writeFileSync(file, '{"a checkpoint": true}\n');
    const sha256 = (await hashFile(file)).sha256;
    const cache = mixturesCacheFile(out, 'canonical');
    mkdirSync(join(out, 'eval', 'canonical-mixtures'), { recursive: true });
    const metrics = { mixtureComponentCosine: [0.8], subAdditivePairsPercent: [70] };
    writeFileSync(cache, JSON.stringify({ schema: 'olfactory-experiment-mixtures', version: 1, condition: 'canonical', checkpoints: [{ seed: 42, sha256 }], metrics, seconds: 24.9 }));
    const o = { out, seeds: [42], engine: 'onnx' as const, status: () => undefined };
    // no data is needed when the cache is used (computing would read it and fail)
    const noData = {} as OlfactoryData;
    expect(await conditionMixtures('canonical', [{ seed: 42, file }], o, noData)).toEqual({ metrics, reusedSeconds: 24.9 });
    // another checkpoint file (other bytes) does not match the cache: it is recomputed
    writeFileSync(file, '{"another checkpoint": true}\n');
    await expect(conditionMixtures('canonical', [{ seed: 42, file }], o, noData)).rejects.toThrow();
    expect(JSON.parse(readFileSync(cache, 'utf8')).metrics).toEqual(metrics);
  });
});
