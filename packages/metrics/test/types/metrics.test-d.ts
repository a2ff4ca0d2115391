// Type tests of @olfactory/metrics' public API, checked against the built declarations
// (`pnpm --filter @olfactory/metrics typetest`): pure functions over plain arrays.
import {
  accuracy,
  argmaxRows,
  CANONICAL_CONCENTRATIONS,
  confusionMatrix,
  cosineSimilarity,
  hillEffectiveConcentration,
  manciniRatio,
  meanStd,
  normalizeConfusionRows,
  pearsonCorrelation,
  similarityMatrix,
} from '@olfactory/metrics';
import type { ManciniRatio, MeanStd } from '@olfactory/metrics';
import { expectType } from './type-assert';
import type { Equal } from './type-assert';

expectType<Equal<ReturnType<typeof accuracy>, number>>();
expectType<Equal<ReturnType<typeof argmaxRows>, Int32Array>>();
expectType<Equal<ReturnType<typeof confusionMatrix>, Float64Array>>();
expectType<Equal<ReturnType<typeof normalizeConfusionRows>, Float64Array>>();
expectType<Equal<ReturnType<typeof cosineSimilarity>, number>>();
expectType<Equal<ReturnType<typeof meanStd>, MeanStd>>();
expectType<Equal<MeanStd['mean'], number>>();
expectType<Equal<ReturnType<typeof manciniRatio>, ManciniRatio>>();
expectType<Equal<ReturnType<typeof hillEffectiveConcentration>, number>>();
expectType<Equal<ReturnType<typeof pearsonCorrelation>, number>>();
expectType<Equal<typeof CANONICAL_CONCENTRATIONS, readonly number[]>>();

// plain arrays and typed arrays are both accepted
accuracy([1, 2, 3], new Int32Array([1, 2, 2]));
cosineSimilarity(new Float32Array(3), [1, 0, 0]);
similarityMatrix(new Float64Array(6), 2, 3);

// misuse the compiler must refuse
// @ts-expect-error labels are numbers, not names
accuracy([1, 2], ['a', 'b']);
// @ts-expect-error the class count is a number
confusionMatrix([0, 1], [0, 1], '2');
// @ts-expect-error the constants are read-only
CANONICAL_CONCENTRATIONS.push(3);
