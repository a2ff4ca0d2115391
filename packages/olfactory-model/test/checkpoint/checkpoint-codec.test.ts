import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Checkpoint } from '../../src/index';
import {
  CheckpointError,
  buildSpikingCircuit,
  decodePackedCheckpoint,
  encodePackedCheckpoint,
  layoutForCircuit,
  readCheckpoint,
  readCheckpointJson,
  validateCheckpoint,
  writeCheckpoint,
} from '../../src/index';
import { realCircuit } from '../helpers/real-circuit';

// a real trained checkpoint of the repository (canonical seed 42, 300 epochs, plain JSON)
const SHIPPED = join(__dirname, '../../../../models/canonical/seed-42/checkpoint.json');
const dir = mkdtempSync(join(tmpdir(), 'olf-codec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The plain (version-1) object of the shipped file, whatever encoding it is stored in. */
const plain = async (): Promise<Checkpoint> => (await readCheckpointJson(SHIPPED)) as Checkpoint;

const errorOf = (f: () => unknown): CheckpointError => {
  try {
    f();
  } catch (e) {
    if (CheckpointError.isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected a CheckpointError');
};

describe('packed checkpoint (version 2)', () => {
  test('round-trips a trained checkpoint exactly: every number bit for bit, float32 blobs where lossless', async () => {
    const c = await plain();
    const packed = encodePackedCheckpoint(c);
    expect(packed).toMatchObject({ format: 'olfactory-checkpoint', version: 2, encoding: 'base64-le' });
    // the trained parameters and decoder are float32 values; losses and metrics of the history are float64
    expect(packed.tensors['parameters/kc.vTh']).toMatchObject({ dtype: 'float32', shape: [144] });
    expect(packed.tensors['parameters/apl.gain']).toMatchObject({ dtype: 'float32', shape: [] });
    expect(packed.tensors['decoder/weight']).toMatchObject({ dtype: 'float32', shape: [28, 144] });
    expect(packed.tensors['history/loss']).toMatchObject({ dtype: 'float64', shape: [300] });
    const back = decodePackedCheckpoint(JSON.parse(JSON.stringify(packed)), 'x.json');
    expect(back).toEqual(c);
    // bit for bit, not just toEqual's Object.is: the JSON text of every number is the same
    expect(JSON.stringify(back.parameters)).toBe(JSON.stringify(c.parameters));
    expect(JSON.stringify(back.decoder)).toBe(JSON.stringify(c.decoder));
    expect(
      JSON.stringify(
        back.history.map((e) =>
          Object.keys(e)
            .sort()
            .map((k) => [k, (e as unknown as Record<string, number>)[k]]),
        ),
      ),
    ).toBe(
      JSON.stringify(
        c.history.map((e) =>
          Object.keys(e)
            .sort()
            .map((k) => [k, (e as unknown as Record<string, number>)[k]]),
        ),
      ),
    );
    // the history's optional metrics (every 50 epochs) stay absent where they were absent
    expect(back.history[0]!.manciniRatio).toBeUndefined();
    expect(back.history[49]!.manciniRatio).toBe(c.history[49]!.manciniRatio);
  });

  test('a float64 value that is not a float32 is stored as float64; the optimizer state round-trips', () => {
    const c = { parameters: { a: 0.1, b: [1, 2.5] }, decoder: { weight: [[1, 2]], bias: [0] }, history: [], optimizer: { step: 7, m: [0.1, 1e-300], v: [0, -0] } } as unknown as Checkpoint;
    const p = encodePackedCheckpoint(c);
    expect(p.tensors['parameters/a']!.dtype).toBe('float64');
    expect(p.tensors['parameters/b']!.dtype).toBe('float32');
    const back = decodePackedCheckpoint(p);
    expect(back.parameters).toEqual({ a: 0.1, b: [1, 2.5] });
    expect(back.optimizer).toEqual({ step: 7, m: [0.1, 1e-300], v: [0, -0] });
    expect(Object.is(back.optimizer!.v[1], -0)).toBe(true);
  });

  test('writeCheckpoint(…, { encoding: "packed" }) writes atomically; readCheckpoint and validateCheckpoint read it like the JSON; it is about a third of the size', async () => {
    const c = await plain();
    const file = join(dir, 'packed.json');
    const json = join(dir, 'plain.json');
    await writeCheckpoint(file, c, { encoding: 'packed' });
    await writeCheckpoint(json, c);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(2);
    expect(statSync(file).size).toBeLessThan(0.4 * statSync(json).size);
    const layout = layoutForCircuit(buildSpikingCircuit((await realCircuit()).circuit));
    const a = await readCheckpoint(file, layout);
    const b = await readCheckpoint(json, layout);
    expect(Array.from(a.params.values)).toEqual(Array.from(b.params.values));
    expect(a.decoderWeight).toEqual(b.decoderWeight);
    expect(a.checkpoint).toEqual(b.checkpoint);
    // validateCheckpoint accepts the parsed packed object directly
    expect(validateCheckpoint(JSON.parse(readFileSync(file, 'utf8')), layout, file).checkpoint.completedEpochs).toBe(300);
  }, 60_000);

  test('a damaged packed file is a CheckpointError naming the file and the field', async () => {
    const packed = encodePackedCheckpoint(await plain());
    const edit = (f: (p: Record<string, any>) => void): unknown => {
      const p = JSON.parse(JSON.stringify(packed)) as Record<string, any>;
      f(p);
      return p;
    };
    // one flipped value: the checksum catches it
    const flipped = edit((p) => {
      const b = Buffer.from(p.tensors['parameters/kc.vTh'].data, 'base64');
      b[5] ^= 1;
      p.tensors['parameters/kc.vTh'].data = b.toString('base64');
    });
    const e1 = errorOf(() => decodePackedCheckpoint(flipped, 'm.json'));
    expect(e1.file).toBe('m.json');
    expect(e1.field).toBe('sha256');
    expect(e1.message).toMatch(/^checkpoint m\.json: sha256: the tensors hash to [0-9a-f]{64}, but the file records/);
    // truncated blob: shape and byte length disagree
    const short = edit((p) => {
      p.tensors['decoder/bias'].data = Buffer.from(p.tensors['decoder/bias'].data, 'base64').subarray(0, 8).toString('base64');
    });
    expect(errorOf(() => decodePackedCheckpoint(short, 'm.json')).message).toContain('tensors["decoder/bias"]: holds 8 bytes, but shape [28] of float32 needs 112');
    expect(
      errorOf(() =>
        decodePackedCheckpoint(
          edit((p) => (p.tensors['decoder/bias'].dtype = 'int8')),
          'm.json',
        ),
      ).field,
    ).toBe('tensors["decoder/bias"].dtype');
    expect(
      errorOf(() =>
        decodePackedCheckpoint(
          edit((p) => (p.tensors['decoder/bias'].data = 'not base64!')),
          'm.json',
        ),
      ).field,
    ).toBe('tensors["decoder/bias"].data');
    expect(
      errorOf(() =>
        decodePackedCheckpoint(
          edit((p) => delete p.tensors['decoder/weight']),
          'm.json',
        ),
      ).field,
    ).toBe('sha256');
    expect(
      errorOf(() =>
        decodePackedCheckpoint(
          edit((p) => (p.encoding = 'zstd')),
          'm.json',
        ),
      ).field,
    ).toBe('encoding');
  });

  test('a packed file with a non-finite value and a correct checksum fails validation at that value', async () => {
    const c = await plain();
    const bad = JSON.parse(JSON.stringify(c)) as Checkpoint & { parameters: Record<string, number[]> };
    bad.parameters['kc.vTh']![3] = Number.POSITIVE_INFINITY;
    const file = join(dir, 'inf.json');
    writeFileSync(file, JSON.stringify(encodePackedCheckpoint(bad)));
    const layout = layoutForCircuit(buildSpikingCircuit((await realCircuit()).circuit));
    await expect(readCheckpoint(file, layout)).rejects.toThrow(`checkpoint ${file}: parameters["kc.vTh"][3]: is Infinity (out of the range of a double), expected a finite number.`);
  }, 60_000);
});
