import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describePreprocessing } from '@olfactory/connectome-data';
import type { Checkpoint } from '@olfactory/model';
import { checkpointPreprocessing } from '@olfactory/model';
import { runDifferences } from '../../src/commands/train-worker';

const shipped = JSON.parse(readFileSync(join(__dirname, '../../../../models/canonical/seed-42/checkpoint.json'), 'utf8')) as Checkpoint;
const job = { seed: 42, epochs: 300, teacherEpochs: 300, preprocessing: checkpointPreprocessing(shipped.config) };

describe('runDifferences: what makes a checkpoint another run (issue 13 §3.3)', () => {
  test('the shipped canonical checkpoint (no teacherEpochs recorded, so the default 300) matches the canonical job', () => {
    expect(shipped.config.teacherEpochs).toBeUndefined();
    expect(runDifferences(shipped, job, shipped.data)).toEqual([]);
  });

  test('every result-changing setting is named with both values', () => {
    expect(runDifferences(shipped, { ...job, teacherEpochs: 5 }, shipped.data)).toEqual(['--teacher-epochs: on disk 300, this run asks for 5']);
    expect(runDifferences({ ...shipped, config: { ...shipped.config, teacherEpochs: 5 } }, job, shipped.data)).toEqual(['--teacher-epochs: on disk 5, this run asks for 300']);
    const q = { ...job.preprocessing, lnQuantile: 0.4 };
    expect(runDifferences(shipped, { ...job, seed: 43, preprocessing: q }, shipped.data)).toEqual([
      'seed: on disk 42, this run asks for 43',
      `preprocessing: on disk ${describePreprocessing(job.preprocessing)}, this run asks for ${describePreprocessing(q)}`,
    ]);
    expect(describePreprocessing(q)).toMatch(/lnQuantile=0\.4$/);
    const masks = { ...job.preprocessing, nonAdWeights: 'binary' as const };
    expect(runDifferences(shipped, { ...job, preprocessing: masks }, shipped.data)).toEqual([
      `preprocessing: on disk ${describePreprocessing(job.preprocessing)}, this run asks for ${describePreprocessing(masks)}`,
    ]);
    const ablated = { ...shipped, config: { ...shipped.config, switches: { ...shipped.config.switches, apl: false } } };
    expect(runDifferences(ablated, job, shipped.data)).toEqual(['switch apl: on disk false, this run asks for true']);
    const otherDoor = { ...shipped.data, door: { ...shipped.data.door, 'door2/Or1a.csv': '0'.repeat(64) } };
    expect(runDifferences(shipped, job, otherDoor)).toEqual(['DoOR data: 1 file(s) differ (door2/Or1a.csv)']);
    expect(runDifferences(shipped, job, { ...shipped.data, connectomeSha256: 'f'.repeat(64) })).toHaveLength(1);
  });
});
