import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describePreprocessing, hashFile, loadOlfactoryData, writeFileAtomic } from '@olfactory/connectome-data';
import { ONNX_CIRCUIT_INPUTS, ONNX_CIRCUIT_OUTPUTS, ONNX_IR_VERSION, ONNX_OPSET, exportOnnx, loadModel } from '@olfactory/model';
import { CLI_VERSION } from '../util/cli-version';
import { DATA_MIRROR_ENV_VAR } from '../util/data-mirror';
import { status } from '../util/progress';
import { prepareOutputFile } from '../util/output-dir';
import type { ProgressOptions } from '../util/progress';
import { warnParsedCache } from '../util/warn';

export interface ExportCommandOptions extends ProgressOptions {
  readonly checkpoint: string;
  readonly out: string;
  readonly dataDir?: string;
  readonly json: boolean;
}

/**
 * `olfactory export`: the checkpoint's student in evaluation mode as an ONNX model (see
 * `exportOnnx`), written atomically (temp file + rename). The circuit is rebuilt from the data
 * with the checkpoint's receptor mapping and LN split.
 */
export async function runExport(options: ExportCommandOptions): Promise<void> {
  // a folder stands for its checkpoint.json (`--checkpoints models/canonical/seed-42`)
  const isDir = await stat(options.checkpoint)
    .then((s) => s.isDirectory())
    .catch(() => false);
  const o = isDir ? { ...options, checkpoint: join(options.checkpoint, 'checkpoint.json') } : options;
  const out = await prepareOutputFile(o.out, '--out-file');
  const data = await loadOlfactoryData({
    dataDir: o.dataDir,
    baseUrl: process.env[DATA_MIRROR_ENV_VAR] || undefined,
    onStage: (s) => status(`Parsing ${s.file} (${s.index + 1}/${s.total}, first load only)`, o),
  });
  warnParsedCache(data.cache);
  // the checkpoint, validated against the circuit rebuilt from its recorded preprocessing
  const loaded = await loadModel(o.checkpoint, { data });
  const { circuit, preprocessing } = loaded;
  const cfg = loaded.checkpoint.config;
  const { sha256 } = await hashFile(o.checkpoint);
  const bytes = exportOnnx(circuit, loaded, {
    producerVersion: CLI_VERSION,
    metadata: { checkpointSha256: sha256, seed: String(cfg.seed), orMapping: cfg.orMapping, lnQuantile: String(cfg.lnQuantile), preprocessing: describePreprocessing(preprocessing) },
  });
  await writeFileAtomic(out, bytes);
  const info = {
    out,
    bytes: bytes.length,
    checkpoint: resolve(o.checkpoint),
    checkpointSha256: sha256,
    seed: cfg.seed,
    irVersion: ONNX_IR_VERSION,
    opset: ONNX_OPSET,
    inputs: Object.values(ONNX_CIRCUIT_INPUTS),
    outputs: Object.values(ONNX_CIRCUIT_OUTPUTS),
    noisePerSampleStep: circuit.noise.perSampleStep,
  };
  if (o.json) {
    process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    `Wrote ${out} (${(bytes.length / 1024).toFixed(0)} KiB, ONNX IR ${ONNX_IR_VERSION}, opset ${ONNX_OPSET}) from seed ${cfg.seed}.\n` +
      `Inputs: receptors [batch, ${circuit.sizes.receptors}], noise [30, batch, ${circuit.noise.perSampleStep}], apl_inject, kc_inject (nA), gap_enable, apl_enable, std_enable [1].\n` +
      `Outputs: orn_counts, ln_counts, pn_counts, kc_counts, logits.\n`,
  );
}
