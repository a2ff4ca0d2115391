import type { CsrMatrix } from '@olfactory/neurons';
import { csrSum } from '@olfactory/neurons';
import { cosineSimilarity } from '@olfactory/metrics';
import type { OdorResponseMatrix, OlfactoryCircuit } from '@olfactory/connectome-data';
import { DATA_VARIANTS, REFERENCE_MATRIX_TOTALS, buildOlfactoryCircuit, describePreprocessing, loadOlfactoryData, summarizeCircuit } from '@olfactory/connectome-data';
import { DATA_MIRROR_ENV_VAR } from '../util/data-mirror';
import { status } from '../util/progress';
import type { ProgressOptions } from '../util/progress';

export interface DataVariantsOptions extends ProgressOptions {
  readonly dataDir?: string;
  readonly json: boolean;
}

/** What a data variant does to the circuit before any training (one row of `olfactory data variants`). */
export interface DataVariantSignature {
  readonly name: string;
  readonly description: string;
  readonly preprocessing: string;
  readonly drivenOrns: number;
  readonly lnSplit: { readonly excitatory: number; readonly inhibitory: number };
  /** Reference file totals (spec §1.2) that this variant's matrices reproduce exactly, and how many there are. */
  readonly referenceTotalsMatched: number;
  readonly referenceTotals: number;
  /** The matrices whose sums differ from the reference's totals: name → [ours, reference]. */
  readonly referenceTotalsDiffering: Readonly<Record<string, readonly [number, number]>>;
  /**
   * Odor pairs (of the 378 among the 28 conditions) whose feed-forward PN drive `(r·M)·norm(ORN→PN)`
   * has cosine > 0.9: how similar the PNs' inputs are before the AL computes anything (the OR
   * inputs themselves give 60).
   */
  readonly pnDrivePairsAbove0_9: number;
  readonly pnDriveMeanCosine: number;
}

/** `M` (receptors × ORNs) then the ORN→PN counts normalised by their maximum: the PN drive of each odor. */
function pnDrive(circuit: OlfactoryCircuit, odors: OdorResponseMatrix): Float64Array[] {
  const nR = odors.receptors.length;
  const nOrn = circuit.neurons.orn.length;
  const m: CsrMatrix = circuit.matrices.orn_to_pn;
  let max = 0;
  for (const v of m.values) max = Math.max(max, v);
  return odors.conditions.map((_, k) => {
    const orn = new Float64Array(nOrn);
    for (let i = 0; i < nR; i++) {
      const r = odors.normalized[k * nR + i]!;
      for (let j = 0; j < nOrn; j++) orn[j]! += r * circuit.orToOrn[i * nOrn + j]!;
    }
    const pn = new Float64Array(m.nCols);
    for (let j = 0; j < nOrn; j++) for (let e = m.rowPtr[j]!; e < m.rowPtr[j + 1]!; e++) pn[m.colIdx[e]!]! += (orn[j]! * m.values[e]!) / max;
    return pn;
  });
}

/** The signature of one built circuit (see {@link DataVariantSignature}). */
export function dataVariantSignature(name: string, description: string, circuit: OlfactoryCircuit, odors: OdorResponseMatrix): DataVariantSignature {
  const summary = summarizeCircuit(circuit);
  const differing: Record<string, readonly [number, number]> = {};
  let matched = 0;
  for (const [matrix, total] of Object.entries(REFERENCE_MATRIX_TOTALS)) {
    const ours = csrSum(circuit.matrices[matrix as keyof OlfactoryCircuit['matrices']]);
    if (ours === total) matched++;
    else differing[matrix] = [ours, total];
  }
  const drive = pnDrive(circuit, odors);
  let above = 0;
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < drive.length; a++) {
    for (let b = a + 1; b < drive.length; b++) {
      const c = cosineSimilarity(drive[a]!, drive[b]!);
      if (c > 0.9) above++;
      sum += c;
      pairs++;
    }
  }
  return {
    name,
    description,
    preprocessing: describePreprocessing(circuit.preprocessing),
    drivenOrns: summary.orMapping.drivenOrns,
    lnSplit: { excitatory: summary.lnSplit.excitatory, inhibitory: summary.lnSplit.inhibitory },
    referenceTotalsMatched: matched,
    referenceTotals: Object.keys(REFERENCE_MATRIX_TOTALS).length,
    referenceTotalsDiffering: differing,
    pnDrivePairsAbove0_9: above,
    pnDriveMeanCosine: Math.round((sum / pairs) * 1e4) / 1e4,
  };
}

/**
 * `olfactory data variants`: every built-in data variant (connectome preprocessing) with what it
 * does to the circuit before training — ORNs driven, LN split, how many of the reference's own
 * matrix totals it reproduces, and how similar the odors' feed-forward PN drives are.
 */
export async function runDataVariants(options: DataVariantsOptions): Promise<DataVariantSignature[]> {
  const data = await loadOlfactoryData({
    dataDir: options.dataDir,
    baseUrl: process.env[DATA_MIRROR_ENV_VAR] || undefined,
    onStage: (s) => status(`Parsing ${s.file} (${s.index + 1}/${s.total}, first load only)`, options),
  });
  const rows = DATA_VARIANTS.map((v) => dataVariantSignature(v.name, v.description, buildOlfactoryCircuit(data.connectome, { preprocessing: v.preprocessing }), data.odors));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return rows;
  }
  const lines = [
    `${'variant'.padEnd(18)} ORNs driven  LN e:i  reference totals  PN-drive pairs > 0.9  mean cos  preprocessing`,
    ...rows.map(
      (r) =>
        `${r.name.padEnd(18)} ${String(r.drivenOrns).padStart(11)}  ${`${r.lnSplit.excitatory}:${r.lnSplit.inhibitory}`.padStart(6)}  ${`${r.referenceTotalsMatched}/${r.referenceTotals}`.padStart(16)}  ${String(r.pnDrivePairsAbove0_9).padStart(20)}  ${r.pnDriveMeanCosine.toFixed(3).padStart(8)}  ${r.preprocessing}`,
    ),
    'Reference totals: the synapse totals the reference code gives for its own matrix files (spec §1.2); OR inputs alone have 60 pairs > 0.9.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return rows;
}
