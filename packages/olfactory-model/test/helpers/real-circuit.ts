import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOlfactoryCircuit, loadOlfactoryData } from '@olfactory/connectome-data';
import type { OlfactoryCircuit, OlfactoryData } from '@olfactory/connectome-data';
import type { SpikingCircuit, TrainRunOptions } from '../../src/index';
// One definition of where the test data is, shared by every package's tests.
import { testDataDir } from '@olfactory/connectome-data/test';

let cached: Promise<{ data: OlfactoryData; circuit: OlfactoryCircuit }> | undefined;

/** The real data and the canonical (one-to-one, q = 0.33) circuit, loaded once per test file. */
export function realCircuit(): Promise<{ data: OlfactoryData; circuit: OlfactoryCircuit }> {
  cached ??= loadOlfactoryData({
    dataDir: testDataDir(),
    cacheDir: process.env.OLFACTORY_CACHE_DIR ?? mkdtempSync(join(tmpdir(), 'olf-model-cache-')),
  }).then((data) => ({ data, circuit: buildOlfactoryCircuit(data.connectome) }));
  return cached;
}

/**
 * The options of a short `trainStudentRun` in a test: the circuit's connectome hash, no DoOR files,
 * a test producer, and the run's own odors, seed and epochs.
 */
export function testRunOptions(
  tf: TrainRunOptions['tf'],
  circuit: OlfactoryCircuit,
  spiking: SpikingCircuit,
  run: Pick<TrainRunOptions, 'odors' | 'seed' | 'epochs' | 'teacherEpochs' | 'monitorEvery'>,
): TrainRunOptions {
  return { tf, circuit, spiking, ...run, data: { connectomeSha256: circuit.sourceSha256, door: {} }, producer: { name: 'test', version: '0' } };
}
