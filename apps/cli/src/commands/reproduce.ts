import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendChoice } from '../util/tf-backend';
import type { ProgressOptions } from '../util/progress';
import { status } from '../util/progress';
import { runFigures } from './figures';
import { runRecompute } from './recompute';
import { runReport } from './report';
import { runTrain } from './train';
import { CANONICAL_PREPROCESSING } from '@olfactory/connectome-data';

export interface ReproduceOptions extends ProgressOptions {
  readonly out: string;
  /** Trained checkpoints (default: the canonical models shipped in the repository). */
  readonly checkpoints?: string;
  readonly retrain: boolean;
  readonly seeds: readonly number[];
  readonly epochs: number;
  readonly workers?: number;
  readonly backend: BackendChoice;
  readonly device: 'auto' | 'cpu' | 'cuda';
  readonly withConcentration: boolean;
  readonly dataDir?: string;
  readonly version: string;
}

/** The canonical checkpoints shipped with the repository (`models/canonical`), when present. */
export function shippedCanonicalModels(): string | undefined {
  for (const rel of ['../../../models/canonical', '../models/canonical']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return undefined;
}

/**
 * `olfactory reproduce`: (optionally retrain the canonical seeds, then) recompute every metric of
 * the paper through onnxruntime, draw every figure and write the HTML report into `out`:
 *
 *   out/models/ (with --retrain) · out/results/{recompute.json, run-metadata.json}
 *   out/figures/*.svg|png · out/report.html
 */
export async function runReproduce(o: ReproduceOptions): Promise<void> {
  const t0 = Date.now();
  const out = resolve(o.out);
  let checkpoints: string;
  if (o.retrain) {
    checkpoints = join(out, 'models');
    status(`reproduce 1/4: training seeds ${o.seeds.join(', ')} for ${o.epochs} epochs → ${checkpoints}`, o);
    await runTrain({ seeds: o.seeds, epochs: o.epochs, teacherEpochs: 300, workers: o.workers, preprocessing: CANONICAL_PREPROCESSING, out: checkpoints, dataDir: o.dataDir, backend: o.backend, json: false, enabled: o.enabled, version: o.version });
  } else {
    const shipped = o.checkpoints ?? shippedCanonicalModels();
    if (shipped === undefined) {
      throw new Error('no trained checkpoints: the canonical models (models/canonical in the repository) were not found next to this installation; pass --checkpoints DIR or --retrain.');
    }
    checkpoints = resolve(shipped);
  }
  const results = join(out, 'results');
  const figures = join(out, 'figures');
  const report = join(out, 'report.html');
  status(`reproduce 2/4: recomputing the metrics of ${checkpoints}`, o);
  await runRecompute({ checkpoints: [checkpoints], withConcentration: o.withConcentration, device: o.device, engine: 'onnx', out: results, dataDir: o.dataDir, json: false, enabled: o.enabled });
  status('reproduce 3/4: drawing the figures', o);
  await runFigures({ results: [results], out: figures, formats: ['svg', 'png'], scale: 2, json: false, enabled: o.enabled });
  status('reproduce 4/4: writing the report', o);
  await runReport({ results: [results], out: report, figures, json: false, enabled: o.enabled });
  process.stdout.write(`report: ${report}\nresults: ${join(results, 'recompute.json')}\nfigures: ${figures}\n`);
  status(`reproduce: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`, o);
}
