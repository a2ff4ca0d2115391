import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DATA_VARIANTS, dataVariantByName, hashFile, writeFileAtomic } from '@olfactory/connectome-data';
import { renderPng, serializeSvg, zScoreTableFigure } from '@olfactory/plots';
import type { SweepSpec } from '@olfactory/sweep';
import { CliUsageError } from '../util/cli-error';
import { status } from '../util/progress';
import type { ProgressOptions } from '../util/progress';
import { readRecomputeResults } from '../results/read-results';
import type { VariantSignatureRow } from '../results/variant-signature';
import { SIGNATURE_TARGETS, formatVariantTable, variantSignature } from '../results/variant-signature';
import { resolveCheckpointFiles, runRecompute } from './recompute';
import type { SweepRunOptions } from './sweep';
import { resolveOlfactoryArgv, runSweepSpec, trainJobArgv } from './sweep';

/** Where a variant grid keeps its runs: `<dir>/runs/<variant>/seed-<S>/checkpoint.json`. */
export const VARIANT_RUNS_DIR = 'runs';
export const VARIANT_TABLE_FILE = 'variant-table.json';

export interface VariantGridOptions extends SweepRunOptions {
  /** Variant names; default every built-in variant. */
  readonly variants: readonly string[];
  readonly seeds: readonly number[];
  readonly epochs: number;
  readonly teacherEpochs: number;
  readonly out: string;
  readonly dataDir?: string;
  /** This CLI's entry point, so that jobs run the same version. */
  readonly cliScript: string;
}

/**
 * The grid as a sweep: one `olfactory train --variant V --seeds S` job per variant and seed,
 * and a collect step `olfactory data variant-table <dir>` that recomputes each variant and
 * tabulates the signatures.
 */
export function variantGridSpec(o: Omit<VariantGridOptions, keyof SweepRunOptions> & { workers?: number }): SweepSpec {
  const variants = o.variants.length ? o.variants : DATA_VARIANTS.map((v) => v.name);
  for (const v of variants) dataVariantByName(v);
  const data = o.dataDir ? ['--data-dir', resolve(o.dataDir)] : [];
  const jobs = variants.flatMap((variant) =>
    o.seeds.map((seed) => ({
      id: `${variant}-seed-${seed}`,
      argv: trainJobArgv({
        seed,
        variant,
        epochs: o.epochs,
        teacherEpochs: o.teacherEpochs,
        workers: o.workers,
        out: `{sweep}/${VARIANT_RUNS_DIR}/${variant}`,
        dataDir: o.dataDir,
        cliScript: o.cliScript,
      }),
      output: `${VARIANT_RUNS_DIR}/${variant}/seed-${seed}/checkpoint.json`,
    })),
  );
  return { jobs, collect: { argv: resolveOlfactoryArgv(['olfactory', 'data', 'variant-table', '{sweep}', ...data], o.cliScript) } };
}

/** `olfactory data variant-grid`: create (or resume) the grid's sweep and run or submit it. */
export async function runVariantGrid(o: VariantGridOptions): Promise<void> {
  if (o.seeds.length === 0) throw new CliUsageError('--seeds: give at least one seed (e.g. 42 or 42-43).');
  await runSweepSpec(variantGridSpec(o), o);
}

export interface VariantTableOptions extends ProgressOptions {
  readonly dir: string;
  readonly dataDir?: string;
  readonly engine: 'onnx' | 'typescript';
  readonly json: boolean;
}

/** Are the checkpoints of a variant folder exactly those its recompute.json was made from? */
async function recomputeIsCurrent(folder: string): Promise<boolean> {
  if (!existsSync(join(folder, 'recompute.json'))) return false;
  try {
    const { results } = await readRecomputeResults(folder);
    const { files } = await resolveCheckpointFiles([folder]);
    const digests = new Set((await Promise.all(files.map((f) => hashFile(f)))).map((d) => d.sha256));
    return results.checkpoints.length === digests.size && results.checkpoints.every((c) => digests.has(c.sha256));
  } catch {
    return false;
  }
}

/**
 * `olfactory data variant-table DIR`: recompute every trained variant under `DIR/runs/` (with the
 * concentration sweep; skipped when its recompute.json already covers exactly its checkpoints),
 * score each against the paper's canonical signature, and write `variant-table.json` and the
 * figure `variant-table.svg` / `.png` into DIR, atomically.
 */
export async function runVariantTable(o: VariantTableOptions): Promise<VariantSignatureRow[]> {
  const dir = resolve(o.dir);
  const runs = join(dir, VARIANT_RUNS_DIR);
  if (!existsSync(runs)) throw new CliUsageError(`${dir} holds no ${VARIANT_RUNS_DIR}/ folder; train a grid first with \`olfactory data variant-grid --out ${o.dir}\`.`);
  const names = (await readdir(runs, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  const known = new Set(DATA_VARIANTS.map((v) => v.name));
  const rows: VariantSignatureRow[] = [];
  for (const variant of DATA_VARIANTS.map((v) => v.name).filter((n) => names.includes(n))) {
    const folder = join(runs, variant);
    const hasCheckpoint = await resolveCheckpointFiles([folder])
      .then(() => true)
      .catch(() => false);
    if (!hasCheckpoint) {
      status(`variant-table: ${variant} has no finished checkpoint yet; skipped`, o);
      continue;
    }
    if (!(await recomputeIsCurrent(folder))) {
      status(`variant-table: recomputing ${variant}`, o);
      await runRecompute({ checkpoints: [folder], withConcentration: true, device: 'cpu', engine: o.engine, out: folder, dataDir: o.dataDir, json: false, enabled: false });
    }
    rows.push(variantSignature(variant, (await readRecomputeResults(folder)).results));
  }
  for (const n of names.filter((x) => !known.has(x))) status(`variant-table: ${n} is not a built-in variant; skipped`, o);
  if (rows.length === 0) throw new CliUsageError(`no variant under ${runs} has a finished checkpoint yet; see \`olfactory sweep status ${o.dir}\`.`);
  const table = { schema: 'olfactory-variant-table', version: 1, targets: SIGNATURE_TARGETS, rows };
  await writeFileAtomic(join(dir, VARIANT_TABLE_FILE), `${JSON.stringify(table, null, 2)}\n`);
  const cols = SIGNATURE_TARGETS;
  const sorted = [...rows].sort((a, b) => a.headlineDistance - b.headlineDistance);
  const svg = serializeSvg(
    zScoreTableFigure(
      {
        rows: sorted.map((r) => `${r.variant} (${r.seeds.length})`),
        columns: cols.map((t) => t.label),
        text: sorted.map((r) =>
          cols.map((t) =>
            r.values[t.key] === undefined ? '—' : `${r.values[t.key]!.toFixed(t.digits)}${r.z[t.key] === undefined ? '' : ` (${r.z[t.key]! >= 0 ? '+' : ''}${r.z[t.key]!.toFixed(1)}σ)`}`,
          ),
        ),
        z: sorted.map((r) => cols.map((t) => r.z[t.key] ?? Number.NaN)),
        reference: { label: 'paper (5 seeds)', text: cols.map((t) => `${t.mean.toFixed(t.digits)}${t.std !== undefined ? ` ± ${t.std}` : ''}`) },
      },
      { title: 'Data variants against the canonical signature (closest first)' },
    ),
  );
  await writeFileAtomic(join(dir, 'variant-table.svg'), svg);
  await writeFileAtomic(join(dir, 'variant-table.png'), renderPng(svg, { scale: 2 }));
  if (o.json) process.stdout.write(`${JSON.stringify(table, null, 2)}\n`);
  else process.stdout.write(`${[...formatVariantTable(rows), `Wrote ${join(dir, VARIANT_TABLE_FILE)} and variant-table.svg/.png.`].join('\n')}\n`);
  return rows;
}
