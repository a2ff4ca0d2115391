/**
 * onnxruntime-node is an optional peer dependency: without it, the functions that run exported
 * models fail with OnnxRuntimeMissingError naming the install line, and the rest of the package
 * (export included) works. The module is made unresolvable here with a factory that throws
 * Node's own MODULE_NOT_FOUND error; the packed-tarball test (apps/cli/test/pack-e2e.test.ts)
 * checks the same against a real installation without onnxruntime-node.
 */
jest.mock('onnxruntime-node', () => {
  throw Object.assign(new Error("Cannot find module 'onnxruntime-node' from 'load-onnxruntime.ts'"), { code: 'MODULE_NOT_FOUND' });
});

import { ONNXRUNTIME_INSTALL, OnnxRuntimeMissingError, buildSpikingCircuit, createOnnxCircuitSession, exportOnnx, initialStudentParameters, onnxRuntimeVersion } from '../../src/index';
import { OlfactoryError } from '@olfactory/neurons';
import { realCircuit } from '../helpers/real-circuit';

describe('loadOnnxRuntime without onnxruntime-node', () => {
  it('ONNXRUNTIME_INSTALL has the expected default: the install line that skips the CUDA download', () => {
    expect(ONNXRUNTIME_INSTALL).toBe('ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@~1.30.0');
  });

  it('createOnnxCircuitSession and onnxRuntimeVersion fail with OnnxRuntimeMissingError naming the install line; exportOnnx still works', async () => {
    const sc = buildSpikingCircuit((await realCircuit()).circuit);
    const params = initialStudentParameters(sc, { orGains: new Array(21).fill(1), aplGainRaw: 0.9 });
    const bytes = exportOnnx(sc, { params, decoderWeight: new Float32Array(28 * 144), decoderBias: new Float32Array(28) });
    expect(bytes.length).toBeGreaterThan(1000);
    for (const p of [createOnnxCircuitSession(bytes), onnxRuntimeVersion()]) {
      const e = await p.then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(OnnxRuntimeMissingError.isInstance(e)).toBe(true);
      expect(OlfactoryError.isInstance(e)).toBe(true);
      expect((e as OnnxRuntimeMissingError).code).toBe('OLFACTORY_ONNXRUNTIME_MISSING');
      expect((e as Error).message).toMatch(
        /^onnxruntime-node is not installed \(Cannot find module 'onnxruntime-node'.*\); @olfactory\/model needs it only to run exported models\. Install it with `ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@~1\.30\.0`/,
      );
    }
  }, 120_000);
});
