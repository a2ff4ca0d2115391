import * as d3 from 'd3';
import { axisLabels, createRoot, drawAxis, drawLegend, finish, hLine, panelHeader, panelLetter, r2, type FigureBaseOptions, type LegendItem, type Sel } from '../internal/figure-frame';
import { drawSeries } from '../internal/series';
import { finiteArray, nonEmpty, positiveNumber } from '../internal/validate';

/** One training run (one seed): metrics logged at `epochs`, every array the same length. NaN = not logged. */
export interface TrainingRun {
  /** Legend label, e.g. `seed 42`. */
  readonly label: string;
  readonly epochs: ArrayLike<number>;
  /** Test accuracy, fraction in [0, 1] (drawn in %). */
  readonly testAccuracy: ArrayLike<number>;
  /** KC sparsity (fraction of KCs active per stimulus), fraction (drawn in %). */
  readonly kcSparsity: ArrayLike<number>;
  /** AL decorrelation, % (mean-similarity method, spec §4.5b; negative early in training). */
  readonly alDecorrelationPercent: ArrayLike<number>;
  /** MB decorrelation, %. */
  readonly mbDecorrelationPercent: ArrayLike<number>;
  /** Mancini ratio baseline / APL-boosted KC spikes (dimensionless; target ≈ 2). */
  readonly mancini: ArrayLike<number>;
  /** KC soma–dendrite coupling g_soma, nS. */
  readonly gSomaNs: ArrayLike<number>;
}

/** Data of {@link trainingCurvesFigure}. */
export interface TrainingCurvesData {
  readonly runs: readonly TrainingRun[];
  /** Mean teacher test accuracy (fraction), drawn dashed in A and F. Optional. */
  readonly teacherAccuracy?: number;
}

/** Options of {@link trainingCurvesFigure}. */
export interface TrainingCurvesFigureOptions extends FigureBaseOptions {
  /** Plot area of one panel, px. Default 240 × 170. */
  readonly panelWidthPx?: number;
  readonly panelHeightPx?: number;
  /** Run colours, cycled. Default d3.schemeTableau10. */
  readonly colors?: readonly string[];
  /** KC sparsity target (fraction). Default 0.10. */
  readonly sparsityTarget?: number;
  /** g_soma bounds, nS. Default `[1, 20]`. */
  readonly gSomaBoundsNs?: readonly [number, number];
}

const KEYS = ['testAccuracy', 'kcSparsity', 'alDecorrelationPercent', 'mbDecorrelationPercent', 'mancini', 'gSomaNs'] as const;

/**
 * The 2 × 3 training-curve figure (spec §3.6): **A** test accuracy (with the mean teacher line),
 * **B** KC sparsity with a 10 % target line, **C** AL (solid) / MB (dashed) decorrelation,
 * **D** Mancini ratio with 1.5 / 2.0 / 2.5 lines, **E** g_soma with the 1 and 20 nS bounds,
 * **F** final test accuracy per run as bars. One colour per run (seed).
 *
 * @example
 *   const svg = trainingCurvesFigure({ runs: [{ label: 'seed 42', epochs, testAccuracy, kcSparsity, alDecorrelationPercent, mbDecorrelationPercent, mancini, gSomaNs }], teacherAccuracy: 0.93 });
 */
export function trainingCurvesFigure(data: TrainingCurvesData, options: TrainingCurvesFigureOptions = {}): SVGSVGElement {
  const fn = 'trainingCurvesFigure';
  const runs = nonEmpty<TrainingRun>(fn, 'data.runs', data?.runs).map((run, r) => {
    const epochs = finiteArray(fn, `data.runs[${r}].epochs`, run.epochs);
    const out = { label: String(run.label), epochs } as { label: string; epochs: number[] } & Record<(typeof KEYS)[number], number[]>;
    for (const k of KEYS) out[k] = finiteArray(fn, `data.runs[${r}].${k}`, run[k], { length: epochs.length, lengthOf: 'one per epoch', allowNaN: true });
    return out;
  });
  const teacher = data.teacherAccuracy;
  if (teacher !== undefined && !Number.isFinite(teacher)) throw new RangeError(`Argument 'data.teacherAccuracy' passed to '${fn}' is ${teacher}; expected a finite fraction in [0, 1].`);
  const pw = positiveNumber(fn, 'panelWidthPx', options.panelWidthPx, 240);
  const ph = positiveNumber(fn, 'panelHeightPx', options.panelHeightPx, 170);
  const colors = options.colors ?? d3.schemeTableau10;
  const color = (r: number) => colors[r % colors.length]!;
  const target = options.sparsityTarget ?? 0.1;
  const [gLo, gHi] = options.gSomaBoundsNs ?? [1, 20];

  const margin = { top: options.title ? 62 : 36, left: 66, gapX: 78, gapY: 72 };
  const legendH = Math.max(runs.length, 2) * 16 + 10;
  const width = margin.left + 3 * pw + 2 * margin.gapX + 20;
  const height = margin.top + 2 * ph + margin.gapY + 44 + legendH;
  const { svg, font } = createRoot(options, width, height);
  const allEpochs = runs.flatMap((r) => r.epochs);
  const x = d3
    .scaleLinear()
    .domain([Math.min(0, ...allEpochs), Math.max(1, ...allEpochs)])
    .nice()
    .range([0, pw]);
  const finite = (vs: number[]) => vs.filter(Number.isFinite);
  const values = (k: (typeof KEYS)[number]) => finite(runs.flatMap((r) => r[k]));
  const pad = ([lo, hi]: [number, number]): [number, number] => {
    const p = (hi - lo || 1) * 0.08;
    return [lo - p, hi + p];
  };

  const panel = (i: number): Sel => {
    const col = i % 3;
    const row = Math.floor(i / 3);
    return svg
      .append('g')
      .attr('class', 'panel')
      .attr('transform', `translate(${margin.left + col * (pw + margin.gapX)},${margin.top + row * (ph + margin.gapY)})`);
  };
  const frame = (g: Sel, i: number, title: string, yLabel: string, y: d3.ScaleLinear<number, number>, yFormat?: (v: number) => string, xIsEpoch = true) => {
    let yAxis = d3.axisLeft(y).ticks(5);
    if (yFormat) yAxis = yAxis.tickFormat((v) => yFormat(+v));
    drawAxis(g, yAxis, 'y-axis', font);
    if (xIsEpoch) drawAxis(g, d3.axisBottom(x).ticks(5), 'x-axis', font, `translate(0,${ph})`);
    panelHeader(g, { title, letter: panelLetter(i), width: pw, letterX: -52 });
    axisLabels(g, { xLabel: xIsEpoch ? 'Epoch' : 'Run', yLabel, width: pw, height: ph, xOffset: 34, yOffset: 46 });
  };
  // A metric logged only every N epochs (AL, MB, Mancini) is NaN in between: its logged values are
  // joined by a line and marked, instead of leaving isolated points that no line segment draws.
  const curves = (g: Sel, y: d3.ScaleLinear<number, number>, k: (typeof KEYS)[number], dash?: string) =>
    runs.forEach((run, r) => {
      const keep = d3.range(run.epochs.length).filter((i) => Number.isFinite(run[k][i]!));
      const sparse = keep.length < run.epochs.length;
      drawSeries(
        g,
        x,
        y,
        keep.map((i) => run.epochs[i]!),
        keep.map((i) => run[k][i]!),
        undefined,
        { color: color(r), cls: `run run-${r} ${k}`, dash, strokeWidth: 1.3, ...(sparse ? { symbol: dash ? d3.symbolTriangle : d3.symbolCircle } : {}) },
      );
    });
  const pctFmt = (v: number) => String(Math.round(v * 100));

  // A: test accuracy.
  const gA = panel(0);
  const yA = d3.scaleLinear().domain([0, 1]).range([ph, 0]);
  if (teacher !== undefined) hLine(gA, yA(teacher), pw, { cls: 'teacher', dash: '5,3', color: '#555555' });
  curves(gA, yA, 'testAccuracy');
  frame(gA, 0, 'Test accuracy', 'Accuracy (%)', yA, pctFmt);

  // B: KC sparsity with target.
  const gB = panel(1);
  const yB = d3
    .scaleLinear()
    .domain([0, Math.max(target * 2, ...values('kcSparsity')) * 1.1])
    .nice()
    .range([ph, 0]);
  hLine(gB, yB(target), pw, { cls: 'target', dash: '5,3', color: '#555555' });
  curves(gB, yB, 'kcSparsity');
  frame(gB, 1, 'KC sparsity', 'Active KCs (%)', yB, pctFmt);

  // C: decorrelation.
  const gC = panel(2);
  const dec = [...values('alDecorrelationPercent'), ...values('mbDecorrelationPercent'), 0];
  const yC = d3
    .scaleLinear()
    .domain(pad([Math.min(...dec), Math.max(...dec)]))
    .nice()
    .range([ph, 0]);
  hLine(gC, yC(0), pw, { cls: 'zero-line', color: '#cccccc' });
  curves(gC, yC, 'alDecorrelationPercent');
  curves(gC, yC, 'mbDecorrelationPercent', '5,3');
  frame(gC, 2, 'Decorrelation (AL solid, MB dashed)', 'Decorrelation (%)', yC);

  // D: Mancini ratio.
  const gD = panel(3);
  const yD = d3
    .scaleLinear()
    .domain(pad([Math.min(1.4, ...values('mancini')), Math.max(2.6, ...values('mancini'))]))
    .nice()
    .range([ph, 0]);
  hLine(gD, yD(1.5), pw, { cls: 'mancini-bound', dash: '2,3', color: '#888888' });
  hLine(gD, yD(2.5), pw, { cls: 'mancini-bound', dash: '2,3', color: '#888888' });
  hLine(gD, yD(2), pw, { cls: 'mancini-target', dash: '5,3', color: '#555555' });
  curves(gD, yD, 'mancini');
  frame(gD, 3, 'APL suppression (Mancini)', 'Baseline / boosted ratio', yD);

  // E: g_soma.
  const gE = panel(4);
  const yE = d3
    .scaleLinear()
    .domain([0, Math.max(gHi, ...values('gSomaNs')) * 1.08])
    .nice()
    .range([ph, 0]);
  hLine(gE, yE(gLo), pw, { cls: 'g-soma-bound', dash: '2,3', color: '#888888' });
  hLine(gE, yE(gHi), pw, { cls: 'g-soma-bound', dash: '2,3', color: '#888888' });
  curves(gE, yE, 'gSomaNs');
  frame(gE, 4, 'KC g_soma', 'g_soma (nS)', yE);

  // F: final accuracy per run.
  const gF = panel(5);
  const finals = runs.map((run) => [...run.testAccuracy].reverse().find(Number.isFinite) ?? NaN);
  const xb = d3.scaleBand<number>().domain(d3.range(runs.length)).range([0, pw]).padding(0.25);
  finalAccuracyBars(gF, finals, xb, yA, ph, color);
  if (teacher !== undefined) hLine(gF, yA(teacher), pw, { cls: 'teacher', dash: '5,3', color: '#555555' });
  drawAxis(
    gF,
    d3.axisBottom(xb).tickFormat((r) => String(r + 1)),
    'x-axis',
    font,
    `translate(0,${ph})`,
  );
  frame(gF, 5, 'Final test accuracy', 'Accuracy (%)', yA, pctFmt, false);

  const legendY = margin.top + 2 * ph + margin.gapY + 46;
  drawLegend(
    svg,
    runs.map((run, r) => ({ label: `${r + 1}: ${run.label}`, color: color(r), kind: 'line' })),
    margin.left,
    legendY,
  );
  const refs: LegendItem[] = [
    { label: teacher !== undefined ? `Teacher (${d3.format('.1f')(teacher * 100)}%) / targets` : 'Targets', color: '#555555', kind: 'line', dash: '5,3' },
    { label: 'Bounds', color: '#888888', kind: 'line', dash: '2,3' },
  ];
  drawLegend(svg, refs, margin.left + pw + margin.gapX, legendY);
  return finish(svg);
}

/** Panel F's bars: each run's last finite test accuracy, labelled in %. */
function finalAccuracyBars(gF: Sel, finals: readonly number[], xb: d3.ScaleBand<number>, yA: d3.ScaleLinear<number, number>, ph: number, color: (r: number) => string): void {
  finals.forEach((v, r) => {
    if (!Number.isFinite(v)) return;
    gF.append('rect')
      .attr('class', 'bar')
      .attr('x', r2(xb(r)!))
      .attr('y', r2(yA(v)))
      .attr('width', r2(xb.bandwidth()))
      .attr('height', r2(ph - yA(v)))
      .attr('fill', color(r));
    gF.append('text')
      .attr('class', 'value-label')
      .attr('x', r2(xb(r)! + xb.bandwidth() / 2))
      .attr('y', r2(yA(v) - 4))
      .attr('text-anchor', 'middle')
      .attr('font-size', 9)
      .text(d3.format('.1f')(v * 100));
  });
}
