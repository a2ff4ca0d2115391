import type { CircuitPreprocessing } from '@olfactory/connectome-data';
import { buildOlfactoryCircuit, describePreprocessing, loadOlfactoryData, summarizeCircuit } from '@olfactory/connectome-data';
import { DATA_MIRROR_ENV_VAR } from '../util/data-mirror';
import { status } from '../util/progress';
import type { ProgressOptions } from '../util/progress';

export interface DataInfoOptions extends ProgressOptions {
  readonly dataDir?: string;
  /** The connectome preprocessing (`--variant`, `--or-mapping`, `--ln-quantile`). */
  readonly preprocessing: CircuitPreprocessing;
  readonly json: boolean;
}

/**
 * `olfactory data info`: load and verify the data, build the 368-neuron circuit and print its
 * numbers (neurons, synapses, pathways, gap junctions, LN split, odor matrix, checksums).
 */
export async function runDataInfo(options: DataInfoOptions): Promise<void> {
  const t0 = performance.now();
  const data = await loadOlfactoryData({
    dataDir: options.dataDir,
    baseUrl: process.env[DATA_MIRROR_ENV_VAR] || undefined,
    onStage: (s) => status(`Parsing ${s.file} (${s.index + 1}/${s.total}, first load only)`, options),
  });
  const circuit = buildOlfactoryCircuit(data.connectome, { preprocessing: options.preprocessing });
  const summary = summarizeCircuit(circuit, data.odors);
  const info = {
    ...summary,
    data: {
      dataDir: data.dataDir,
      source: data.dataDirSource,
      parsedCache: data.cache,
      loadSeconds: Math.round(performance.now() - t0) / 1000,
    },
    checksums: Object.fromEntries(data.files.map((f) => [f.path, { sha256: f.sha256, bytes: f.bytes }])),
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return;
  }
  const n = summary.neurons;
  const lines = [
    `Data: ${data.dataDir} (${data.dataDirSource}); ${data.files.length} files verified; parsed cache ${data.cache.hit ? 'hit' : 'written'}`,
    `Neurons: ${n.total} = ${n.orn} ORN + ${n.ln} LN + ${n.pn} PN + ${n.kc} KC + ${n.apl} APL`,
    `Synapses (all-all): ${summary.synapses.contacts} contacts on ${summary.synapses.edges} edges`,
    'Pathways (synapses / edges):',
    ...Object.entries(summary.pathways).map(([k, v]) => `  ${k.padEnd(18)} ${String(v.synapses).padStart(6)} / ${v.edges}`),
    ...Object.entries(summary.compartments).map(([k, v]) => `  ${k.padEnd(18)} ${String(v.synapses).padStart(6)} / ${v.edges}`),
    `Gap junctions: LN–LN ${summary.gapJunctionPairs.lnLn} pairs, PN–PN ${summary.gapJunctionPairs.pnPn} pairs, eLN–PN ${summary.gapJunctionPairs.elnPn}`,
    `LN split (q = ${summary.lnSplit.quantile}): ${summary.lnSplit.excitatory} excitatory : ${summary.lnSplit.inhibitory} inhibitory, ${summary.lnSplit.withoutPnTargets} without PN targets`,
    `Preprocessing: ${describePreprocessing(options.preprocessing)}`,
    `OR mapping: ${summary.orMapping.name} (${summary.orMapping.drivenOrns} of ${n.orn} ORNs driven)`,
    `Odors: ${summary.odors!.conditions} conditions × ${summary.odors!.receptors} receptors; sfr row sum ${summary.odors!.sfrRowSum.toFixed(2)}, mean odor row sum ${summary.odors!.meanOdorRowSum.toFixed(2)}, ${summary.odors!.pairsCosineAbove0_9} pairs with cosine > 0.9`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
