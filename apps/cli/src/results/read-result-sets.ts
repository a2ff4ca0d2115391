import type { ProgressOptions } from '../util/progress';
import { status } from '../util/progress';
import { readRecomputeResults } from './read-results';
import type { LoadedResults } from './read-results';

/**
 * Reads every `--results` folder in order (the first is the main one), stopping at the first
 * missing or invalid file with its {@link ResultsFileError}.
 */
export async function readResultSets(dirs: readonly string[], progress: ProgressOptions): Promise<LoadedResults[]> {
  const sets: LoadedResults[] = [];
  for (const dir of dirs) {
    const set = await readRecomputeResults(dir);
    const p = set.results.protocol;
    status(`Read ${set.file}: ${set.results.checkpoints.length} checkpoint(s), ablation ${p.ablation}, device ${p.device}${set.metadata ? ', with run metadata' : ''}`, progress);
    sets.push(set);
  }
  return sets;
}
