/**
 * @jest-environment ../../scripts/jest-onnxruntime-environment.cjs
 */
import { InvalidParameterError } from '@olfactory/neurons';
import type { SpikingCircuit } from '../../src/index';
import { ExecutionProviderError as ModelExecutionProviderError, ONNX_DEVICES, buildSpikingCircuit, createOnnxCircuitSession, exportOnnx } from '../../src/index';
import { realCircuit } from '../helpers/real-circuit';
import { testStudent } from '../helpers/test-student';

let sc: SpikingCircuit;
let bytes: Uint8Array;
beforeAll(async () => {
  sc = buildSpikingCircuit((await realCircuit()).circuit);
  bytes = exportOnnx(sc, testStudent(sc, 5));
}, 60_000);

describe('createOnnxCircuitSession', () => {
  it('createOnnxCircuitSession has the expected defaults: CPU, input sizes read from the model', async () => {
    expect(ONNX_DEVICES).toEqual(['auto', 'cpu', 'cuda']);
    const s = await createOnnxCircuitSession(bytes);
    expect([s.device, s.nReceptors, s.perSampleStep]).toEqual(['cpu', 21, 2766]);
    const r = await s.run(new Float32Array(2 * 21).fill(0.5), new Float32Array(30 * 2 * 2766));
    expect([r.batch, r.orn.length, r.ln.length, r.pn.length, r.kc.length, r.logits.length]).toEqual([2, 84, 216, 144, 288, 56]);
    await s.release();
  });

  it("createOnnxCircuitSession(model, { device: 'cuda' }) fails with a one-line ExecutionProviderError where the CUDA provider is missing", async () => {
    let error: unknown;
    let session: Awaited<ReturnType<typeof createOnnxCircuitSession>> | undefined;
    try {
      session = await createOnnxCircuitSession(bytes, { device: 'cuda' });
    } catch (e) {
      error = e;
    }
    if (session) {
      // A machine with the CUDA 12 provider installed: it must really be used.
      expect(session.device).toBe('cuda');
      await session.release();
      return;
    }
    expect(ModelExecutionProviderError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^the CUDA execution provider of onnxruntime-node is not available \(.+\)\. .*--device cpu or --device auto/);
    expect(message).not.toMatch(/\n/);
  });

  it("createOnnxCircuitSession(model, { device: 'auto' }) falls back to the CPU and says so once", async () => {
    const messages: string[] = [];
    const s = await createOnnxCircuitSession(bytes, { device: 'auto', onFallback: (m) => messages.push(m) });
    if (s.device === 'cpu') expect(messages).toEqual([expect.stringMatching(/^CUDA execution provider unavailable \(.+\); falling back to CPU\.$/)]);
    else expect(messages).toEqual([]);
    await s.release();
  });

  it('createOnnxCircuitSession rejects an unknown device and run() rejects mis-shaped inputs', async () => {
    await expect(createOnnxCircuitSession(bytes, { device: 'tpu' as never })).rejects.toThrow(/invalid device: "tpu"; expected one of 'auto', 'cpu', 'cuda'/);
    await createOnnxCircuitSession(bytes, { device: 'tpu' as never }).catch((e) => expect(InvalidParameterError.isInstance(e)).toBe(true));
    const s = await createOnnxCircuitSession(bytes);
    await expect(s.run(new Float32Array(20), new Float32Array(0))).rejects.toThrow(/receptors/);
    await expect(s.run(new Float32Array(21), new Float32Array(5))).rejects.toThrow(/noise.*30 × 1 × 2766/);
    await s.release();
  });
});
