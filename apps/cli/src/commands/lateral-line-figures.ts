import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@olfactory/connectome-data';
import { restoreTrainingRun } from '@olfactory/lateral-line';
import type { CheckpointRecord } from '@olfactory/lateral-line';
import { syntheticMapSpikes, tuningCurves } from '@olfactory/metrics';
import { lineChartFigure, mapSummaryFigure, matrixPanelsFigure, renderPng, serializeSvg, spikesVsPositionFigure, weightHistogramFigure } from '@olfactory/plots';
import type { LinePanel, MapSummaryRow } from '@olfactory/plots';
import { CliUsageError } from '../util/cli-error';
import { status } from '../util/progress';
import type { ProgressOptions } from '../util/progress';
import { gradientTable, LL_CHECKPOINT_FILE, LL_SPIKES_FILE, LL_STATE_FILE, LL_SUMMARY_FILE, REFERENCE_GRADIENT } from './lateral-line';
import type { LearningPoint } from './lateral-line';

async function write(out: string, name: string, svg: SVGSVGElement, written: string[]): Promise<void> {
  const text = serializeSvg(svg);
  await writeFileAtomic(join(out, `${name}.svg`), text);
  await writeFileAtomic(join(out, `${name}.png`), renderPng(text));
  written.push(`${name}.svg`, `${name}.png`);
}

type Metrics = { sigmaTheta: number; pvLength: number; rankCorrelation: number; validFraction: number };

/** Mean weight of a projection binned by (pre position, post position): a weight profile. */
function profile(weights: Float64Array, rowPtr: ArrayLike<number>, postIndex: ArrayLike<number>, preSize: number, postSize: number, bins: number): Float64Array {
  const sum = new Float64Array(bins * bins);
  const n = new Float64Array(bins * bins);
  for (let i = 0; i < preSize; i++) {
    const bi = Math.min(bins - 1, Math.floor((i / preSize) * bins));
    for (let s = rowPtr[i]!; s < rowPtr[i + 1]!; s++) {
      const bj = Math.min(bins - 1, Math.floor((postIndex[s]! / postSize) * bins));
      sum[bj * bins + bi] += weights[s]!;
      n[bj * bins + bi]++;
    }
  }
  return sum.map((x, k) => (n[k]! > 0 ? x / n[k]! : NaN));
}

/** `olfactory lateral-line figures DIR`: figures of a run folder (or the gradient of a sweep folder). */
/** The summary file of a finished run, as the figures read it. */
type RunSummary = {
  trials: number;
  learning: LearningPoint[];
  evaluation: { extract: { trained: { ts: Metrics }; untrained: { ts: Metrics } }; training: { trained: { ts: Metrics } } | null; references: { perfectMap: Metrics; randomMap: Metrics } };
};

/** The topography-gradient figure of a sweep folder (its runs/). */
async function writeGradientFigure(dir: string, out: string, written: string[]): Promise<void> {
  const t = await gradientTable(join(dir, 'runs'));
  if (t.rows.length === 0) throw new CliUsageError(`${dir}/runs holds no finished run (no ${LL_SUMMARY_FILE}); run the sweep first.`);
  const x = t.rows.map((r) => r.topography);
  const ref = REFERENCE_GRADIENT.filter((r) => x.some((v) => Math.abs(v - r.topography) < 1e-9));
  const num = (s: string) => Number(s.split('±')[0]);
  const err = (s: string) => Number(s.split('±')[1]);
  const inRefModes = t.rows
    .filter((r) => r.reference)
    .map((r) => ({ x: r.topography, s: r.reference!.mode.startsWith('extract') ? r.referenceExtractDefect.sigmaTheta : r.trainingMode.sigmaTheta }))
    .filter((m) => Number.isFinite(m.s.mean));
  const panels: LinePanel[] = [
    {
      title: 'σθ vs topography (mean ± SD over seeds)',
      xLabel: 'topography (LL→MON = MON→TS)',
      yLabel: 'σθ (rad)',
      series: [
        { label: 'trained (extract, both layers)', x, y: t.rows.map((r) => r.extractTrained.sigmaTheta.mean), error: t.rows.map((r) => r.extractTrained.sigmaTheta.sd) },
        { label: 'untrained', x, y: t.rows.map((r) => r.extractUntrained.sigmaTheta.mean), error: t.rows.map((r) => r.extractUntrained.sigmaTheta.sd), dashed: true },
        { label: 'reference (published, mixed modes)', x: ref.map((r) => r.topography), y: ref.map((r) => num(r.sigmaTheta)), error: ref.map((r) => err(r.sigmaTheta)), dashed: true },
        // the reproduction check: this network scored as the reference scored each level (its
        // extract mode, with the initial LL→MON layer, below 0.4; training mode from 0.4)
        ...(inRefModes.length > 0
          ? [{ label: "here, in the reference's modes", x: inRefModes.map((m) => m.x), y: inRefModes.map((m) => m.s.mean), error: inRefModes.map((m) => m.s.sd), dashed: true }]
          : []),
      ],
      references: [
        { label: 'perfect map', y: t.rows[0]!.perfectMapSigmaTheta },
        { label: 'random map', y: t.rows[0]!.randomMapSigmaTheta },
      ],
    },
    {
      title: 'map order vs topography',
      xLabel: 'topography',
      yLabel: 'ρ(TS index, preferred x)',
      series: [
        { label: 'trained', x, y: t.rows.map((r) => r.extractTrained.rankCorrelation.mean), error: t.rows.map((r) => r.extractTrained.rankCorrelation.sd) },
        { label: 'untrained', x, y: t.rows.map((r) => r.extractUntrained.rankCorrelation.mean), error: t.rows.map((r) => r.extractUntrained.rankCorrelation.sd), dashed: true },
      ],
      references: [
        { label: 'perfect map', y: 1 },
        { label: 'random map', y: 0 },
      ],
      yDomain: [-0.2, 1.05],
    },
  ];
  await write(out, 'topography-gradient', lineChartFigure(panels, { title: 'Lateral line: topography gradient' }), written);
}

/** The figures of one finished run: summary, spikes, receptive fields, then the trained state's. */
async function writeRunFigures(dir: string, out: string, written: string[]): Promise<void> {
  if (!existsSync(join(dir, LL_SUMMARY_FILE))) throw new CliUsageError(`${dir}: no ${LL_SUMMARY_FILE}; give a finished run folder of \`olfactory lateral-line run\` (or a sweep folder).`);
  const summary = JSON.parse(await readFile(join(dir, LL_SUMMARY_FILE), 'utf8')) as RunSummary;
  const e = summary.evaluation;
  const rows: MapSummaryRow[] = [
    { label: `trained, ${summary.trials} trials (extract)`, ...e.extract.trained.ts },
    { label: 'untrained (extract)', ...e.extract.untrained.ts },
    ...(e.training ? [{ label: 'trained (training mode)', ...e.training.trained.ts }] : []),
    { label: 'perfect map over the body', ...e.references.perfectMap },
    { label: 'random map', ...e.references.randomMap },
  ];
  await write(out, 'summary', mapSummaryFigure(rows, { title: 'Lateral line: TS map, honest metrics' }), written);
  const spikes = JSON.parse(await readFile(join(dir, LL_SPIKES_FILE), 'utf8')) as {
    dtMs: number;
    xCm: number[];
    nTs: number;
    nLl: number;
    untrained: { steps: number[]; neurons: number[] };
    trained: { steps: number[]; neurons: number[] };
    ll: { steps: number[]; neurons: number[] };
  };
  await write(
    out,
    'ts-spikes-vs-x',
    spikesVsPositionFigure(
      [
        { title: 'LL afferents', ...spikes.ll, nNeurons: spikes.nLl, xCm: spikes.xCm, yLabel: 'LL afferent' },
        { title: 'TS, untrained', ...spikes.untrained, nNeurons: spikes.nTs, xCm: spikes.xCm },
        { title: `TS, after ${summary.trials} trials`, ...spikes.trained, nNeurons: spikes.nTs, xCm: spikes.xCm },
        { title: 'a perfect map (synthetic, for comparison)', ...syntheticMapSpikes({ nNeurons: spikes.nTs, xCm: spikes.xCm, mapStartCm: 0, mapEndCm: 4 }), nNeurons: spikes.nTs, xCm: spikes.xCm },
      ],
      { bodyCm: [0, 4], title: 'Spikes during the test sweep (a map is a diagonal band)' },
    ),
    written,
  );
  const rf = (s: { steps: number[]; neurons: number[] }) => tuningCurves(s, { nNeurons: spikes.nTs, xCm: spikes.xCm, dtMs: spikes.dtMs, nBins: 50 });
  const cu = rf(spikes.untrained);
  const ct = rf(spikes.trained);
  const ext: [number, number] = [Math.min(...spikes.xCm), Math.max(...spikes.xCm)];
  await write(
    out,
    'receptive-fields',
    matrixPanelsFigure(
      [
        { title: 'TS rate vs x, untrained', values: cu.ratesHz, nRows: spikes.nTs, nCols: cu.nBins, xLabel: 'x (cm)', yLabel: 'TS cell', xExtent: ext },
        { title: `TS rate vs x, ${summary.trials} trials`, values: ct.ratesHz, nRows: spikes.nTs, nCols: ct.nBins, xLabel: 'x (cm)', yLabel: 'TS cell', xExtent: ext },
      ],
      { title: 'Receptive fields (rate per position bin)' },
    ),
    written,
  );
  await writeTrainedStateFigures(dir, out, written, summary);
}

/** Weight histograms and profiles, and the learning curves, from a run's saved state. */
async function writeTrainedStateFigures(dir: string, out: string, written: string[], summary: RunSummary): Promise<void> {
  const e = summary.evaluation;
  const checkpoint = JSON.parse(await readFile(join(dir, LL_CHECKPOINT_FILE), 'utf8')) as { saved: Parameters<typeof restoreTrainingRun>[0]['header'] };
  const run = restoreTrainingRun({ header: checkpoint.saved, state: new Uint8Array(await readFile(join(dir, LL_STATE_FILE))) }, join(dir, LL_STATE_FILE));
  const p = run.params;
  const g = p.monTsGainMv;
  const scale = (a: Float64Array, k: number) => a.map((x) => x / k);
  await write(
    out,
    'weight-histograms',
    weightHistogramFigure(
      [
        { title: 'LL→MON (multiplicative STDP)', before: run.initialWeightsMv.llMon, after: run.state.projections.llMon!.weightsMv, wMax: p.llMonWMaxMv, unit: 'mV' },
        { title: 'MON→TS (additive STDP)', before: scale(run.initialWeightsMv.monTs, g), after: scale(run.state.projections.monTs!.weightsMv, g), wMax: p.monTsWMax, unit: 'w, dimensionless' },
      ],
      { title: `Weights before and after ${run.trialsDone} trials` },
    ),
    written,
  );
  const llMon = run.net.projections.find((x) => x.name === 'llMon')!;
  const monTs = run.net.projections.find((x) => x.name === 'monTs')!;
  const bins = 25;
  await write(
    out,
    'weight-profiles',
    matrixPanelsFigure(
      [
        {
          title: 'LL→MON mean weight',
          values: profile(run.state.projections.llMon!.weightsMv, llMon.rowPtr, llMon.postIndex, p.nLl, p.nMon, bins),
          nRows: bins,
          nCols: bins,
          xLabel: 'LL position (fraction of body)',
          yLabel: 'MON index (binned)',
          xExtent: [0, 1],
        },
        {
          title: 'MON→TS mean weight',
          values: profile(scale(run.state.projections.monTs!.weightsMv, g), monTs.rowPtr, monTs.postIndex, p.nMon, p.nTs, bins),
          nRows: bins,
          nCols: bins,
          xLabel: 'MON index (fraction)',
          yLabel: 'TS index (binned)',
          xExtent: [0, 1],
        },
      ],
      { title: 'Weight profiles (a map puts weight on the diagonal)' },
    ),
    written,
  );
  const l = summary.learning;
  const trialsX = l.map((q) => Math.max(1, q.trial));
  const refs = [
    { label: `untrained ${e.extract.untrained.ts.sigmaTheta.toFixed(2)}`, y: e.extract.untrained.ts.sigmaTheta },
    { label: 'perfect map', y: e.references.perfectMap.sigmaTheta },
    { label: 'random map', y: e.references.randomMap.sigmaTheta },
  ];
  const curve: CheckpointRecord[] = run.curve;
  await write(
    out,
    'learning-curves',
    lineChartFigure(
      [
        {
          title: 'σθ (extract, trained weights)',
          xLabel: 'trials (0 drawn at 1)',
          yLabel: 'σθ (rad)',
          series: [{ label: 'σθ', x: trialsX, y: l.map((q) => q.ts.sigmaTheta) }],
          references: refs,
          xLog: true,
        },
        {
          title: 'map strength',
          xLabel: 'trials',
          yLabel: 'value',
          series: [
            { label: 'ρ(index, x)', x: trialsX, y: l.map((q) => q.ts.rankCorrelation) },
            { label: 'PV length', x: trialsX, y: l.map((q) => q.ts.pvLength) },
            { label: 'valid fraction', x: trialsX, y: l.map((q) => q.ts.validFraction) },
          ],
          xLog: true,
          yDomain: [-0.2, 1.05],
        },
        {
          title: 'MON→TS weights during training',
          xLabel: 'trials',
          yLabel: 'fraction / mean w ÷ w_max',
          series: [
            { label: 'fraction at w_max', x: curve.map((r) => r.trial), y: curve.map((r) => r.monTs.fracAtMax) },
            { label: 'mean w / w_max', x: curve.map((r) => r.trial), y: curve.map((r) => r.monTs.mean / p.monTsWMax) },
            { label: 'fraction at 0', x: curve.map((r) => r.trial), y: curve.map((r) => r.monTs.fracAtZero) },
          ],
          yDomain: [0, 1.05],
        },
      ],
      { title: 'Learning curves' },
    ),
    written,
  );
}

export async function runLateralLineFigures(o: { readonly dir: string; readonly out?: string; readonly json: boolean } & ProgressOptions): Promise<void> {
  const dir = resolve(o.dir);
  const out = resolve(o.out ?? join(dir, 'figures'));
  await mkdir(out, { recursive: true });
  const written: string[] = [];
  if (existsSync(join(dir, 'runs'))) await writeGradientFigure(dir, out, written);
  else await writeRunFigures(dir, out, written);
  if (o.json) process.stdout.write(`${JSON.stringify({ out, files: written }, null, 2)}\n`);
  else status(`lateral-line: wrote ${written.length} files to ${out}`, { enabled: true });
}
