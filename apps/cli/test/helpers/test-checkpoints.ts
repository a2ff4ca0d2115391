import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Checkpoint, SpikingCircuit } from '@olfactory/model';
import { buildSpikingCircuit, parametersToRecord, writeCheckpoint } from '@olfactory/model';
import { realCircuit } from '@olfactory/model/test';
import { testStudent } from '@olfactory/model/test';

let circuit: Promise<SpikingCircuit> | undefined;

/**
 * Write `<dir>/seed-<S>/checkpoint.json` for each seed: a valid format-v1 checkpoint of the
 * canonical circuit with seeded, perturbed initial parameters and a seeded decoder (no trained
 * model needed), and a two-entry training history.
 */
export async function writeTestCheckpoints(dir: string, seeds: readonly number[]): Promise<string[]> {
  circuit ??= realCircuit().then((r) => buildSpikingCircuit(r.circuit));
  const sc = await circuit;
  const files: string[] = [];
  for (const seed of seeds) {
    const s = testStudent(sc, seed);
    const checkpoint: Checkpoint = {
      format: 'olfactory-checkpoint',
      version: 1,
      producer: { name: 'cli test', version: '0' },
      config: {
        seed,
        orMapping: 'one-to-one',
        lnQuantile: 0.33,
        epochs: 2,
        batchSize: 16,
        trainRepeats: 10,
        testRepeats: 5,
        switches: { gapJunctions: true, apl: true, shortTermDepression: true, sparsityLoss: true },
        surrogate: 'soft',
      },
      data: { connectomeSha256: '0'.repeat(64), door: {} },
      sizes: { receptors: 21, orn: 42, ln: 108, pn: 72, kc: 144, classes: 28 },
      parameters: parametersToRecord(s.params),
      decoder: { weight: Array.from({ length: 28 }, (_, c) => Array.from(s.decoderWeight.subarray(c * 144, (c + 1) * 144))), bias: Array.from(s.decoderBias) },
      teacher: { testAccuracy: 0.9, aplGainRaw: 0.9, orGains: new Array(21).fill(1) },
      completedEpochs: 2,
      history: [
        { epoch: 1, loss: 3.1, trainAccuracy: 0.1, testAccuracy: 0.12, kcSparsity: 0.2, gSomaNs: 10, seconds: 4.2 },
        { epoch: 2, loss: 2.9, trainAccuracy: 0.2, testAccuracy: 0.18, kcSparsity: 0.15, gSomaNs: 10.1, alDecorrelation: -20, mbDecorrelation: 10, manciniRatio: 1.7, seconds: 4.1 },
      ],
    };
    const file = join(dir, `seed-${seed}`, 'checkpoint.json');
    mkdirSync(join(dir, `seed-${seed}`), { recursive: true });
    await writeCheckpoint(file, checkpoint);
    files.push(file);
  }
  return files;
}
