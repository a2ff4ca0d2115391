import { readdir, realpath, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { platform, arch } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { hashFile, loadOlfactoryData, writeFileAtomic } from '@olfactory/connectome-data';
import {
  checkpointParameterSummary,
  createOnnxRecomputeEvaluator,
  createTypescriptRecomputeEvaluator,
  onnxRuntimeVersion,
  loadModel,
  runRecomputeProtocol,
  summarizeRecomputeMetrics,
} from '@olfactory/model';
import type { LoadedCheckpoint, LoadedModel, RecomputeEvaluator, RecomputeModel, SpikingCircuit } from '@olfactory/model';
import type { Ablation, CheckpointResult, HistoryEntry, RecomputeResults, RunMetadata } from '../results/recompute-results';
import { CliUsageError } from '../util/cli-error';
import { CLI_VERSION } from '../util/cli-version';
import { DATA_MIRROR_ENV_VAR } from '../util/data-mirror';
import { status } from '../util/progress';
import { prepareOutputDir } from '../util/output-dir';
import { lockOutputDir } from '../util/output-lock';
import type { ProgressOptions } from '../util/progress';
import { formatGainControlTable, gainControlRows } from '../results/gain-control';
import { warn, warnParsedCache } from '../util/warn';

/** `--ablate` values (post-hoc switches of spec §2.15 / §4.13). */
export const ABLATIONS = ['no-gap', 'no-apl', 'no-std'] as const;

export interface RecomputeCommandOptions extends ProgressOptions {
  /** One folder of checkpoints, or checkpoint files. */
  readonly checkpoints: readonly string[];
  readonly withConcentration: boolean;
  readonly ablate?: (typeof ABLATIONS)[number];
  readonly device: 'auto' | 'cpu' | 'cuda';
  readonly engine: 'onnx' | 'typescript';
  /** Output folder (default: `./olfactory-recompute`, never the input folder). */
  readonly out?: string;
  readonly dataDir?: string;
  readonly json: boolean;
  /**
   * Where the results will be once the command that runs this one as a step has moved them
   * (`olfactory reproduce` writes into a staging folder): named on stdout instead of `out`.
   */
  readonly finalOut?: string;
}

/** Default output folder of `olfactory recompute` (relative to the working folder). */
export const DEFAULT_RECOMPUTE_OUT = 'olfactory-recompute';

/** The protocol constants of spec §4.1 written into `recompute.json`. */
const PROTOCOL = Object.freeze({ evalSeed: 42, testRepeats: 50, nTrials: 50, inputNoise: 0.3 });

/** A checkpoint folder or file that does not exist or holds no checkpoint. */
export class CheckpointsNotFoundError extends Error {
  override readonly name = 'CheckpointsNotFoundError';
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${problem}: ${path}; expected a folder holding checkpoint.json or <run>/checkpoint.json (e.g. seed-42/checkpoint.json from olfactory train --out DIR), or checkpoint files.`);
  }
}

/**
 * The checkpoint files to recompute: each path that is a file, or for a folder its own
 * `checkpoint.json` else every `<sub>/checkpoint.json` one level down (sorted by name).
 * Labels are file names, or paths relative to the folder when file names repeat.
 */
export async function resolveCheckpointFiles(paths: readonly string[]): Promise<{ files: string[]; labels: string[]; baseDir: string }> {
  const files: string[] = [];
  const roots: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (info === null) throw new CheckpointsNotFoundError(p, 'checkpoint folder or file not found');
    if (info.isFile()) {
      files.push(resolve(p));
      roots.push(dirname(resolve(p)));
      continue;
    }
    const own = join(p, 'checkpoint.json');
    if (
      await stat(own)
        .then((s) => s.isFile())
        .catch(() => false)
    ) {
      files.push(resolve(own));
      roots.push(resolve(p));
      continue;
    }
    const entries = (await readdir(p, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const found: string[] = [];
    for (const e of entries) {
      if (
        await stat(join(p, e, 'checkpoint.json'))
          .then((s) => s.isFile())
          .catch(() => false)
      )
        found.push(resolve(p, e, 'checkpoint.json'));
      else if (
        await stat(join(p, e, 'progress.json'))
          .then((s) => s.isFile())
          .catch(() => false)
      ) {
        warn(`skipped ${join(p, e)}: its training is unfinished (progress.json but no checkpoint.json); finish it with 'olfactory train' and the same flags.`);
      }
    }
    if (found.length === 0) throw new CheckpointsNotFoundError(p, 'no checkpoint.json in the folder or its sub-folders');
    files.push(...found);
    roots.push(...found.map(() => resolve(p)));
  }
  // a checkpoint given twice (same file by another path, or in two folders) must count once in mean ± std
  const seen = new Map<string, string>();
  for (let i = 0; i < files.length; i++) {
    const real = await realpath(files[i]!).catch(() => files[i]!);
    const first = seen.get(real);
    if (first === undefined) {
      seen.set(real, files[i]!);
      continue;
    }
    warn(`checkpoint ${files[i]} was given twice (also as ${first}); it is used once.`);
    files.splice(i, 1);
    roots.splice(i, 1);
    i--;
  }
  const names = files.map((f) => basename(f));
  const unique = new Set(names).size === names.length;
  const labels = files.map((f, i) => (unique ? names[i]! : relative(roots[i]!, f) || names[i]!));
  const isDir = paths.length > 0 && (await stat(paths[0]!)).isDirectory();
  return { files, labels, baseDir: isDir ? resolve(paths[0]!) : dirname(files[0]!) };
}

const historyOf = (loaded: LoadedCheckpoint): HistoryEntry[] =>
  loaded.checkpoint.history.map((h) => ({
    epoch: h.epoch,
    loss: h.loss,
    trainAccuracy: h.trainAccuracy,
    ...(h.testAccuracy === undefined ? {} : { testAccuracy: h.testAccuracy }),
    ...(h.kcSparsity === undefined ? {} : { kcSparsity: h.kcSparsity }),
    gSomaNs: h.gSomaNs,
    ...(h.alDecorrelation === undefined ? {} : { alDecorrelation: h.alDecorrelation }),
    ...(h.mbDecorrelation === undefined ? {} : { mbDecorrelation: h.mbDecorrelation }),
    ...(h.manciniRatio === undefined ? {} : { manciniRatio: h.manciniRatio }),
  }));

function progressBar(total: number, options: ProgressOptions): { update(done: number): void; stop(): void } {
  if (!options.enabled) return { update: () => undefined, stop: () => undefined };
  if (!process.stderr.isTTY) {
    let next = 0.25;
    return {
      update(done) {
        while (done / total >= next && next <= 1) {
          process.stderr.write(`recompute: ${Math.round(next * 100)}% (${done}/${total} simulations)\n`);
          next += 0.25;
        }
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    format: 'recompute {bar} {percentage}% | {value}/{total} simulations | ETA {eta_formatted}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 200,
  });
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

const fmt = (x: number | undefined, digits: number) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/**
 * `olfactory recompute`: the deterministic recompute protocol of spec §4.1 on every checkpoint
 * (onnxruntime-node by default, or the TypeScript engine), writing `recompute.json` (byte-identical
 * across runs: no timestamps or timings; fixed key order) and `run-metadata.json` (timings,
 * versions, device), both atomically.
 */
export async function runRecompute(o: RecomputeCommandOptions): Promise<void> {
  const t0 = performance.now();
  if (o.engine === 'typescript' && o.device === 'cuda') throw new CliUsageError('invalid --device cuda with --engine typescript: the TypeScript engine runs on the CPU; use --engine onnx for CUDA.');
  const { files, labels } = await resolveCheckpointFiles(o.checkpoints);
  // the output folder is created, checked for writability and locked before any work
  const outDir = await prepareOutputDir(o.out ?? DEFAULT_RECOMPUTE_OUT, '--out');
  const lock = await lockOutputDir(outDir, 'recompute');
  try {
    await recomputeInto(outDir, files, labels, o, t0);
  } finally {
    await lock.release();
  }
}

async function recomputeInto(outDir: string, files: readonly string[], labels: readonly string[], o: RecomputeCommandOptions, t0: number): Promise<void> {
  const data = await loadOlfactoryData({
    dataDir: o.dataDir,
    baseUrl: process.env[DATA_MIRROR_ENV_VAR] || undefined,
    onStage: (s) => status(`Parsing ${s.file} (${s.index + 1}/${s.total}, first load only)`, o),
  });
  warnParsedCache(data.cache);
  const tData = performance.now();
  // one circuit per preprocessing, shared by the checkpoints trained on it
  const circuits = new Map<string, SpikingCircuit>();
  const loaded: LoadedModel[] = [];
  // every checkpoint is validated (against the circuit it names) before any simulation starts; a bad one is named by its path
  for (const f of files) loaded.push(await loadModel(f, { data, circuits }));
  const digests = await Promise.all(files.map((f) => hashFile(f)));
  const models: RecomputeModel[] = loaded.map((l, i) => ({ label: labels[i]!, student: { circuit: l.circuit, params: l.params, decoderWeight: l.decoderWeight, decoderBias: l.decoderBias } }));
  const ablation: Ablation = o.ablate ?? 'none';
  const switches = { gapJunctions: ablation !== 'no-gap', apl: ablation !== 'no-apl', shortTermDepression: ablation !== 'no-std' };
  status(
    `recompute: ${files.length} checkpoint(s), ${o.engine === 'onnx' ? `onnxruntime-node ${await onnxRuntimeVersion()} (--device ${o.device})` : 'TypeScript engine'}, ablation ${ablation}${o.withConcentration ? ', with the concentration sweep' : ''}`,
    o,
  );
  const evaluator: RecomputeEvaluator =
    o.engine === 'onnx'
      ? await createOnnxRecomputeEvaluator(models, {
          seed: PROTOCOL.evalSeed,
          device: o.device,
          switches,
          onFallback: (message) => process.stderr.write(`recompute: ${message}\n`),
          metadata: (i) => ({ checkpoint: labels[i]!, checkpointSha256: digests[i]!.sha256 }),
        })
      : createTypescriptRecomputeEvaluator(models, { seed: PROTOCOL.evalSeed, switches });
  const tSetup = performance.now();
  let bar: ReturnType<typeof progressBar> | undefined;
  const results = await runRecomputeProtocol(evaluator, {
    odors: data.odors.normalized,
    ...PROTOCOL,
    withConcentration: o.withConcentration,
    mancini: switches.apl,
    onProgress: (done, total) => {
      bar ??= progressBar(total, o);
      bar.update(done);
    },
  }).finally(async () => {
    bar?.stop();
    await evaluator.close();
  });
  const tRun = performance.now();
  const engineTimings = evaluator.timings();

  const checkpoints: CheckpointResult[] = loaded.map((l, i) => ({
    file: labels[i]!,
    sha256: digests[i]!.sha256,
    seed: l.checkpoint.config.seed,
    orMapping: l.checkpoint.config.orMapping,
    preprocessing: l.preprocessing,
    metrics: results[i]!.metrics,
    figures: results[i]!.figures,
    parameters: checkpointParameterSummary(l.params),
    history: historyOf(l),
  }));
  const output: RecomputeResults = {
    schema: 'olfactory-recompute',
    version: 1,
    producer: { name: '@olfactory/cli', version: CLI_VERSION },
    protocol: { ...PROTOCOL, withConcentration: o.withConcentration, ablation, device: evaluator.device },
    odors: [...data.odors.conditions],
    checkpoints,
    summary: summarizeRecomputeMetrics(results.map((r) => r.metrics)),
  };
  const text = `${JSON.stringify(output, null, 1)}\n`;
  const resultsFile = join(outDir, 'recompute.json');
  const metadataFile = join(outDir, 'run-metadata.json');
  await writeFileAtomic(resultsFile, text);
  const metadata: RunMetadata = {
    createdAt: new Date().toISOString(),
    versions: { '@olfactory/cli': CLI_VERSION, 'onnxruntime-node': await onnxRuntimeVersion(), node: process.version },
    node: process.version,
    platform: `${platform()}-${arch()}`,
    device: `${o.engine === 'onnx' ? 'onnxruntime-node' : 'typescript'} ${evaluator.device} (requested --device ${o.device})`,
    timingsSeconds: {
      loadData: (tData - t0) / 1000,
      setup: (tSetup - tData) / 1000,
      simulateAndMetrics: (tRun - tSetup) / 1000,
      ...engineTimings,
      total: (performance.now() - t0) / 1000,
    },
    dataChecksums: Object.fromEntries(data.files.map((f) => [f.path, f.sha256])),
    // ties this file to the recompute.json written just before it: a run killed between the two
    // writes leaves a pair whose checksums disagree, which readers refuse to combine
    recomputeSha256: createHash('sha256').update(text).digest('hex'),
  };
  await writeFileAtomic(metadataFile, `${JSON.stringify(metadata, null, 2)}\n`);

  if (o.silent === true) return; // a step of `olfactory reproduce`, which prints its own summary
  if (o.json) {
    process.stdout.write(text);
    return;
  }
  const s = output.summary;
  const ms = (k: keyof typeof s, d: number, scale = 1) => (s[k] ? `${fmt(s[k]!.mean * scale, d)} ± ${fmt(s[k]!.std * scale, d)}` : '—');
  const lines = [
    `${'checkpoint'.padEnd(26)} seed  acc %  centroid %  sparsity %  AL %   MB %   total %  Mancini${o.withConcentration ? '  PN range' : ''}`,
    ...checkpoints.map((c) => {
      const m = c.metrics;
      return `${c.file.padEnd(26).slice(0, 26)} ${String(c.seed).padStart(4)}  ${fmt(m.accuracy * 100, 1).padStart(5)}  ${fmt(m.centroidAccuracy * 100, 1).padStart(10)}  ${fmt(m.kcSparsity * 100, 1).padStart(10)}  ${fmt(m.alDecorrelation, 1).padStart(4)}  ${fmt(m.mbDecorrelation, 1).padStart(5)}  ${fmt(m.totalDecorrelation, 1).padStart(7)}  ${fmt(m.manciniRatio, 3).padStart(7)}${o.withConcentration ? `  ${fmt(m.pnDynamicRange, 3).padStart(8)}` : ''}`;
    }),
    `mean ± std (population): accuracy ${ms('accuracy', 1, 100)} %, centroid ${ms('centroidAccuracy', 1, 100)} %, KC sparsity ${ms('kcSparsity', 2, 100)} %, AL ${ms('alDecorrelation', 2)} %, MB ${ms('mbDecorrelation', 2)} %, total ${ms('totalDecorrelation', 2)} %, Mancini ${ms('manciniRatio', 3)}${s.aplSuppressionPercent ? ` (APL suppression ${fmt(s.aplSuppressionPercent.mean, 1)} %)` : ''}${s.pnDynamicRange ? `, PN range ${ms('pnDynamicRange', 3)}×` : ''}`,
    ...formatGainControlTable(gainControlRows(checkpoints)),
    `Wrote ${join(o.finalOut ?? outDir, 'recompute.json')} and ${join(o.finalOut ?? outDir, 'run-metadata.json')} (${((performance.now() - t0) / 1000).toFixed(1)} s).`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
