import { assertLength, rowCount } from '../internal/validate';
import { stratifiedKFold } from './stratified-k-fold';

/** Options of {@link linearSvmAccuracy}. */
export interface LinearSvmAccuracyOptions {
  /** Number of stratified folds (no shuffling). Default 5. */
  readonly nSplits?: number;
  /** Soft-margin cost C. Default 1. */
  readonly cost?: number;
  /** libsvm stopping tolerance. Default 1e−3 (libsvm's). */
  readonly tolerance?: number;
}

/** Result of {@link linearSvmAccuracy}. */
export interface LinearSvmAccuracy {
  /** Mean of the fold accuracies (what `cross_val_score(...).mean()` reports). */
  readonly accuracy: number;
  /** Test accuracy of each fold. */
  readonly foldAccuracies: Float64Array;
  /** Test fold of each sample (see {@link stratifiedKFold}). */
  readonly folds: Int32Array;
}

/**
 * Cross-validated linear-SVM decoding accuracy (spec §4.11 step 5: individual 27-class, mixture
 * vs individual (cited 74.2%; majority baseline 64.9%), inter-mixture 20-class):
 *
 *   for each fold f of StratifiedKFold(K, shuffle=False):  fit on the other folds, acc_f = mean(ŷ = y on f);
 *   accuracy = (1/K) Σ_f acc_f.
 *
 * The classifier is libsvm's C-SVC with a **linear kernel** (hinge loss, C = 1, one-vs-one for
 * more than two classes), run through libsvm-js. The reference used scikit-learn's `LinearSVC`
 * (liblinear: squared hinge, L2, one-vs-rest, penalised intercept), so numbers differ slightly; the
 * folds are identical. Features are used as given (no scaling). Asynchronous only because the
 * libsvm module is loaded lazily on first use; the computation itself is synchronous.
 *
 * @param features row-major `nSamples × dim` (e.g. KC rates)
 * @param labels integer class label per sample
 * @param dim feature length (144)
 * @example await linearSvmAccuracy(rates, labels, 144); // { accuracy: 0.74, foldAccuracies, folds }
 */
export async function linearSvmAccuracy(features: ArrayLike<number>, labels: ArrayLike<number>, dim: number, options: LinearSvmAccuracyOptions = {}): Promise<LinearSvmAccuracy> {
  const fn = 'linearSvmAccuracy';
  const n = rowCount(features, dim, 'features', fn, 'dim');
  assertLength(labels, n, 'labels', fn, 'one label per sample');
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(labels[i]!)) {
      throw new RangeError(`Argument 'labels' passed to '${fn}' has labels[${i}] = ${labels[i]}; expected an integer class label.`);
    }
  }
  const cost = options.cost ?? 1;
  if (!(cost > 0) || !Number.isFinite(cost)) throw new RangeError(`Argument 'cost' passed to '${fn}' is ${cost}; expected a finite number > 0.`);
  const nSplits = options.nSplits ?? 5;
  const folds = stratifiedKFold(labels, nSplits);
  const SVM = await loadSvm();
  const rows: number[][] = Array.from({ length: n }, (_, i) => Array.prototype.slice.call(features, i * dim, (i + 1) * dim) as number[]);
  const foldAccuracies = new Float64Array(nSplits);
  for (let f = 0; f < nSplits; f++) {
    const trainX: number[][] = [];
    const trainY: number[] = [];
    const testX: number[][] = [];
    const testY: number[] = [];
    for (let i = 0; i < n; i++) {
      if (folds[i] === f) {
        testX.push(rows[i]!);
        testY.push(labels[i]!);
      } else {
        trainX.push(rows[i]!);
        trainY.push(labels[i]!);
      }
    }
    const svm = new SVM({
      type: SVM.SVM_TYPES.C_SVC,
      kernel: SVM.KERNEL_TYPES.LINEAR,
      cost,
      tolerance: options.tolerance ?? 1e-3,
      quiet: true,
    });
    try {
      svm.train(trainX, trainY);
      const predicted = svm.predict(testX);
      let correct = 0;
      predicted.forEach((p, i) => {
        if (p === testY[i]) correct++;
      });
      foldAccuracies[f] = correct / testY.length;
    } finally {
      svm.free();
    }
  }
  let sum = 0;
  for (const a of foldAccuracies) sum += a;
  return { accuracy: sum / nSplits, foldAccuracies, folds };
}

type SvmClass = typeof import('libsvm-js/asm.js');

async function loadSvm(): Promise<SvmClass> {
  const mod = (await import('libsvm-js/asm.js')) as unknown as { default?: SvmClass } & SvmClass;
  return mod.default ?? mod;
}
