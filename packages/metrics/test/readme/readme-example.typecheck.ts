import {
  accuracy,
  argmaxRows,
  batchedActiveFraction,
  centroidAccuracy,
  confusionMatrix,
  linearSvmAccuracy,
  manciniRatio,
  meanStd,
  normalizeConfusionRows,
  pairwiseDecorrelation,
} from '../../src/index';

// run.json, written at the end of a PyTorch evaluation with
//   json.dump({k: v.tolist() for k, v in results.items()}, open("run.json", "w"))
// (nested lists, as .tolist() gives them): 3 odors × 4 noisy trials, 4 KCs; *_mean are per-odor trial means.
const run = JSON.parse(`{
  "labels": [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2],
  "logits": [[2.1, 0.3, -1.0], [1.2, 1.5, 0.1], [1.8, 0.2, 0.0], [0.4, 0.1, 0.2],
             [0.1, 2.4, 0.3], [0.0, 1.1, 0.9], [0.3, 2.0, 0.1], [0.2, 1.6, 0.5],
             [0.1, 0.2, 1.7], [0.5, 0.1, 0.9], [0.0, 0.4, 2.2], [1.1, 0.3, 0.8]],
  "kc_counts": [[3, 0, 0, 1], [2, 0, 1, 0], [4, 0, 0, 1], [0, 0, 0, 0],
                [0, 3, 0, 0], [0, 2, 1, 0], [0, 4, 0, 0], [1, 3, 0, 0],
                [0, 0, 2, 2], [0, 0, 3, 1], [0, 1, 2, 2], [1, 0, 0, 3]],
  "or_mean": [[0.9, 0.5, 0.1], [0.4, 0.9, 0.3], [0.2, 0.4, 0.8]],
  "pn_mean": [[5, 2, 0], [1, 6, 1], [0, 2, 5]],
  "kc_mean": [[2.25, 0, 0.25, 0.5], [0.25, 3, 0.25, 0], [0.25, 0.25, 1.75, 2]],
  "mancini_baseline": [90, 88, 93, 89],
  "mancini_boosted": [47, 50, 49, 46]
}`);
const flat = (rows: number[][]) => Float64Array.from(rows.flat());
const kc = flat(run.kc_counts);

const predicted = argmaxRows(flat(run.logits), 3);
console.log(`test accuracy ${accuracy(predicted, run.labels).toFixed(4)}`);
const confusion = normalizeConfusionRows(confusionMatrix(predicted, run.labels, 3), 3);
console.log(`confusion (row-normalised) ${Array.from(confusion, (x) => x.toFixed(2)).join(' ')}`);
console.log(`KC sparsity ${batchedActiveFraction(kc, 4, { batchSize: 16 }).toFixed(4)}`);
const centroid = centroidAccuracy(kc, run.labels, 4);
console.log(`centroid accuracy ${centroid.accuracy.toFixed(4)} (${centroid.classified} classified, ${centroid.skipped} silent)`);
const d = pairwiseDecorrelation({ or: flat(run.or_mean), pn: flat(run.pn_mean), kc: flat(run.kc_mean) }, 3);
console.log(`decorrelation AL ${d.alPercent.toFixed(2)}% MB ${d.mbPercent.toFixed(2)}% total ${d.totalPercent.toFixed(2)}%`);
const mancini = manciniRatio(run.mancini_baseline, run.mancini_boosted);
console.log(`Mancini ratio ${mancini.ratio.toFixed(4)} (passes ${mancini.passes}, suppression ${mancini.suppressionPercent.toFixed(1)}%)`);
const svm = await linearSvmAccuracy(kc, run.labels, 4, { nSplits: 2 });
console.log(`linear SVM accuracy ${svm.accuracy.toFixed(4)}`);
const seeds = meanStd([0.703, 0.689, 0.715, 0.698, 0.71]); // one value per seed, population std
console.log(`across seeds ${seeds.mean.toFixed(4)} ± ${seeds.std.toFixed(4)}`);
