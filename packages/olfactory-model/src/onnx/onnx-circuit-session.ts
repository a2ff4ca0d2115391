import type { InferenceSession } from 'onnxruntime-node';
import { InvalidParameterError, ShapeMismatchError } from '@olfactory/neurons';
import { STEPS } from '../engine/circuit-engine';
import { ExecutionProviderError } from './execution-provider-error';
import { loadOnnxRuntime } from './load-onnxruntime';
import { ONNX_CIRCUIT_INPUTS, ONNX_CIRCUIT_OUTPUTS } from './export-onnx';

/** Where to run: `cuda` (fail if missing), `cpu`, or `auto` (CUDA when available, else CPU). */
export type OnnxDevice = 'auto' | 'cpu' | 'cuda';

/** The valid {@link OnnxDevice} values. */
export const ONNX_DEVICES: readonly OnnxDevice[] = Object.freeze(['auto', 'cpu', 'cuda']);

/** Options of {@link createOnnxCircuitSession}. */
export interface OnnxCircuitSessionOptions {
  /** Default `cpu`. */
  readonly device?: OnnxDevice;
  /** Intra-op threads of the CPU provider (default: onnxruntime's choice, one per core). */
  readonly intraOpThreads?: number;
  /** Called once with a one-line message when `auto` falls back to the CPU. */
  readonly onFallback?: (message: string) => void;
  /**
   * onnxruntime's native log level, applied when this function creates the process's first
   * session (onnxruntime reads it once). Default `fatal`: a missing CUDA provider is reported
   * through {@link ExecutionProviderError} / `onFallback`, not by native log lines.
   */
  readonly nativeLogLevel?: 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
}

/** Model inputs of one batch besides the receptor responses and the noise. */
export interface OnnxCircuitSwitches {
  /** Optogenetic APL activation (Mancini test: 0.7). Default 0. */
  readonly aplInject?: number;
  /** Carbachol current into every KC dendrite, nA (Mancini test: 0.1). Default 0. */
  readonly kcInjectNa?: number;
  /** Gap junctions on (default true). */
  readonly gapJunctions?: boolean;
  /** Divisive APL inhibition on (default true). */
  readonly apl?: boolean;
  /** Short-term depression on (default true). */
  readonly shortTermDepression?: boolean;
}

/** Outputs of one batch: spike counts (`batch × n`) and logits (`batch × classes`). */
export interface OnnxCircuitResult {
  readonly batch: number;
  readonly orn: Float32Array;
  readonly ln: Float32Array;
  readonly pn: Float32Array;
  readonly kc: Float32Array;
  readonly logits: Float32Array;
}

/** An exported circuit loaded into onnxruntime-node. */
export interface OnnxCircuitSession {
  /** Execution provider actually used. */
  readonly device: 'cpu' | 'cuda';
  readonly nReceptors: number;
  readonly perSampleStep: number;
  /**
   * Run one batch. `receptors` is `batch × n_receptors`; `noise` is `30 × batch × perSampleStep`
   * (step-major, then sample, then the noise layout), e.g. from `fillCircuitNoiseBatch`.
   * Typed arrays may live on a SharedArrayBuffer.
   */
  run(receptors: Float32Array, noise: Float32Array, switches?: OnnxCircuitSwitches): Promise<OnnxCircuitResult>;
  release(): Promise<void>;
}

const cudaFix =
  'onnxruntime-node downloads its CUDA 12 execution provider in its install script (skipped offline or when builds are not approved); run with --device cpu or --device auto, or reinstall onnxruntime-node with network access on a machine with CUDA 12.';

// onnxruntime's environment (and its log level) is process-global and initialised by the first
// session; this counter only decides whether `nativeLogLevel` can still take effect.
let sessionsCreated = 0;

async function create(ort: typeof import('onnxruntime-node'), model: Uint8Array, providers: ('cpu' | 'cuda')[], threads: number | undefined): Promise<InferenceSession> {
  return ort.InferenceSession.create(model, {
    executionProviders: providers,
    graphOptimizationLevel: 'all',
    // The native library logs failed provider loads itself; errors are reported by the caller.
    logSeverityLevel: 4,
    ...(threads === undefined ? {} : { intraOpNumThreads: threads, interOpNumThreads: 1 }),
  });
}

/**
 * Create an onnxruntime-node session for a model written by `exportOnnx`, choosing the
 * execution provider: `cuda` asks for the CUDA provider and throws {@link ExecutionProviderError}
 * (one line, with the fix) where it is missing; `auto` tries CUDA and falls back to the CPU,
 * reporting it through `onFallback`; `cpu` uses the CPU provider.
 *
 * onnxruntime-node is loaded here, on first use (it is an optional peer dependency).
 *
 * @throws {ExecutionProviderError} for `cuda` without a usable CUDA provider.
 * @throws {InvalidParameterError} for an unknown device.
 * @throws {OnnxRuntimeMissingError} when onnxruntime-node is not installed (naming the install line).
 */
export async function createOnnxCircuitSession(model: Uint8Array, options: OnnxCircuitSessionOptions = {}): Promise<OnnxCircuitSession> {
  const device = options.device ?? 'cpu';
  if (!ONNX_DEVICES.includes(device)) {
    throw new InvalidParameterError({ parameter: 'device', value: device, expected: `one of ${ONNX_DEVICES.map((d) => `'${d}'`).join(', ')}` });
  }
  const ort = await loadOnnxRuntime();
  const { Tensor, env } = ort;
  if (sessionsCreated++ === 0) env.logLevel = options.nativeLogLevel ?? 'fatal';
  let session: InferenceSession;
  let used: 'cpu' | 'cuda' = 'cpu';
  if (device === 'cpu') {
    session = await create(ort, model, ['cpu'], options.intraOpThreads);
  } else {
    try {
      session = await create(ort, model, ['cuda'], options.intraOpThreads);
      used = 'cuda';
    } catch (cause) {
      const reason = String((cause as Error).message ?? cause).split('\n')[0]!;
      if (device === 'cuda') throw new ExecutionProviderError({ device: 'cuda', reason, fix: cudaFix, cause });
      options.onFallback?.(`CUDA execution provider unavailable (${reason}); falling back to CPU.`);
      session = await create(ort, model, ['cpu'], options.intraOpThreads);
    }
  }
  const inputs = new Map(session.inputMetadata.map((m) => [m.name, m]));
  const dims = (name: string): readonly (number | string)[] => {
    const m = inputs.get(name);
    return m && m.isTensor ? m.shape : [];
  };
  const nReceptors = Number(dims(ONNX_CIRCUIT_INPUTS.receptors)[1]);
  const perSampleStep = Number(dims(ONNX_CIRCUIT_INPUTS.noise)[2]);
  const scalar = (v: number) => new Tensor('float32', Float32Array.of(v), [1]);
  const I = ONNX_CIRCUIT_INPUTS;
  const O = ONNX_CIRCUIT_OUTPUTS;
  return {
    device: used,
    nReceptors,
    perSampleStep,
    async run(receptors, noise, sw = {}) {
      const batch = receptors.length / nReceptors;
      if (!Number.isInteger(batch) || batch < 1) {
        throw new ShapeMismatchError({
          argument: 'receptors',
          functionName: 'OnnxCircuitSession.run',
          actual: `length ${receptors.length}`,
          expected: `a positive multiple of ${nReceptors} (batch × receptors)`,
        });
      }
      if (noise.length !== STEPS * batch * perSampleStep) {
        throw new ShapeMismatchError({
          argument: 'noise',
          functionName: 'OnnxCircuitSession.run',
          actual: `length ${noise.length}`,
          expected: `${STEPS} × ${batch} × ${perSampleStep} = ${STEPS * batch * perSampleStep}`,
        });
      }
      const out = await session.run({
        [I.receptors]: new Tensor('float32', receptors, [batch, nReceptors]),
        [I.noise]: new Tensor('float32', noise, [STEPS, batch, perSampleStep]),
        [I.aplInject]: scalar(sw.aplInject ?? 0),
        [I.kcInject]: scalar(sw.kcInjectNa ?? 0),
        [I.gapEnable]: scalar(sw.gapJunctions === false ? 0 : 1),
        [I.aplEnable]: scalar(sw.apl === false ? 0 : 1),
        [I.stdEnable]: scalar(sw.shortTermDepression === false ? 0 : 1),
      });
      const get = (name: string) => out[name]!.data as Float32Array;
      return { batch, orn: get(O.orn), ln: get(O.ln), pn: get(O.pn), kc: get(O.kc), logits: get(O.logits) };
    },
    release: () => session.release(),
  };
}

/**
 * Version of the onnxruntime-node package in use (e.g. `1.30.0`), for run metadata. Loads
 * onnxruntime-node when it is not loaded yet.
 *
 * @throws {OnnxRuntimeMissingError} when onnxruntime-node is not installed.
 */
export async function onnxRuntimeVersion(): Promise<string> {
  const v = (await loadOnnxRuntime()).env.versions as { node?: string; common?: string };
  return v.node ?? v.common ?? 'unknown';
}
