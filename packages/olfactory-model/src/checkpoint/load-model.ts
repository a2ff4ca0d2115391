import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CircuitPreprocessing, LoadOlfactoryDataOptions, OlfactoryData } from '@olfactory/connectome-data';
import { buildOlfactoryCircuit, loadOlfactoryData, preprocessingKey, shuffleOlfactoryCircuit } from '@olfactory/connectome-data';
import type { SpikingCircuit } from '../engine/spiking-circuit';
import { buildSpikingCircuit } from '../engine/spiking-circuit';
import { layoutForCircuit } from '../engine/student-parameters';
import type { LoadedCheckpoint } from './checkpoint';
import { checkpointPreprocessing, readCheckpointJson, validateCheckpoint, validateCheckpointConfig } from './checkpoint';

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /**
   * The data to rebuild the circuit from (`loadOlfactoryData()`'s result). Default: loaded with
   * `dataOptions` (`--data-dir` / `$OLFACTORY_DATA_DIR` / the per-user cache, verified by sha256).
   */
  readonly data?: Pick<OlfactoryData, 'connectome' | 'odors'>;
  /** Options of `loadOlfactoryData` when `data` is not given. */
  readonly dataOptions?: LoadOlfactoryDataOptions;
  /**
   * Circuits already built, keyed by `preprocessingKey(preprocessing)` (plus ` shuffled <seed>`
   * for a shuffled-connectome run): a checkpoint whose
   * preprocessing is there reuses it, and a newly built circuit is added. Pass one map to load
   * many checkpoints without rebuilding a circuit per file.
   */
  readonly circuits?: Map<string, SpikingCircuit>;
}

/** A validated checkpoint with the circuit it was trained on, ready for the engines and `exportOnnx`. */
export interface LoadedModel extends LoadedCheckpoint {
  /** The spiking circuit rebuilt from the checkpoint's recorded preprocessing. */
  readonly circuit: SpikingCircuit;
  /** The preprocessing the circuit was built with (`checkpointPreprocessing(config)`). */
  readonly preprocessing: CircuitPreprocessing;
}

/**
 * Read a checkpoint and rebuild the circuit it names, in one call: the file (or a folder's
 * `checkpoint.json`) is parsed, its config validated, the circuit rebuilt from the recorded
 * preprocessing (`checkpointPreprocessing`; on the seed's shuffled connectome when the run was
 * trained on one), and the whole checkpoint validated against that
 * circuit (`validateCheckpoint`: sizes, every tensor, bounds, decoder against the data's odor
 * classes, history) before anything is returned.
 *
 * @throws {CheckpointError} naming the file and the JSON path of the first problem (including a
 *   `custom` receptor mapping, which cannot be rebuilt from the file).
 * @example
 *   const model = await loadModel('seed-42/checkpoint.json', { data });
 *   const engine = createCircuitEngine(model.circuit, 28);
 *   engine.forward(model.params, data.odors.normalized, { mode: 'hard' });
 */
export async function loadModel(path: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const isDir = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const file = isDir ? join(path, 'checkpoint.json') : path;
  const raw = await readCheckpointJson(file);
  const config = validateCheckpointConfig(raw, file);
  const preprocessing = checkpointPreprocessing(config, file);
  const data = options.data ?? (await loadOlfactoryData(options.dataOptions));
  // a checkpoint trained on the shuffled connectome (R3) is rebuilt on its own seed's shuffle
  const shuffleSeed = config.shuffledConnectome === true ? config.seed : undefined;
  const key = `${preprocessingKey(preprocessing)}${shuffleSeed === undefined ? '' : ` shuffled ${shuffleSeed}`}`;
  let circuit = options.circuits?.get(key);
  if (!circuit) {
    const built = buildOlfactoryCircuit(data.connectome, { preprocessing });
    circuit = buildSpikingCircuit(shuffleSeed === undefined ? built : shuffleOlfactoryCircuit(built, shuffleSeed));
    options.circuits?.set(key, circuit);
  }
  const loaded = validateCheckpoint(raw, layoutForCircuit(circuit), file, { classes: data.odors.conditions.length });
  return { ...loaded, circuit, preprocessing };
}
