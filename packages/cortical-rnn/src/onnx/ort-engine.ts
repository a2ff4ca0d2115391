/**
 * The onnxruntime engine of the trainer: onnxruntime-node (an optional peer dependency, loaded on
 * first use) runs the unrolled SimpleRNN forward/backward graphs and the expm forward/reverse
 * graphs on MLAS, one intra-op thread by default (one training per core, as a sweep runs them).
 * Sessions are created once per shape and reused for every batch of a training.
 */
import type { InferenceSession } from 'onnxruntime-node';
import { OlfactoryError } from '@olfactory/neurons';
import { EXPM_SAVED, expmForwardGraph, expmReverseGraph } from './expm-graphs';
import { RNN_INPUTS, rnnBackwardGraph, rnnForwardGraph } from './rnn-graphs';
import type { RnnGraphShape } from './rnn-graphs';

type OnnxRuntime = typeof import('onnxruntime-node');

const errorName = 'OnnxRuntimeUnavailableError';
const marker = `olfactory.error.${errorName}`;
const symbol = Symbol.for(marker);

/** The install line of the optional onnxruntime-node peer dependency, without its CUDA download. */
export const ONNXRUNTIME_INSTALL = 'ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@~1.30.0';

/** `engine: 'onnxruntime'` was asked for and onnxruntime-node cannot be loaded. */
export class OnnxRuntimeUnavailableError extends OlfactoryError {
  private readonly [symbol] = true;

  constructor(options: { reason: string; cause?: unknown }) {
    super({
      name: errorName,
      code: 'OLFACTORY_ONNXRUNTIME_UNAVAILABLE',
      message: `onnxruntime-node cannot be loaded (${options.reason}); the cortical-rnn 'onnxruntime' engine needs it. Install it with \`${ONNXRUNTIME_INSTALL}\`, or train with engine 'tfjs'.`,
      cause: options.cause,
    });
  }

  static override isInstance(error: unknown): error is OnnxRuntimeUnavailableError {
    return OlfactoryError.hasMarker(error, marker);
  }
}

let loading: Promise<OnnxRuntime> | undefined;

/** Loads onnxruntime-node once; rejects with {@link OnnxRuntimeUnavailableError} when it is missing. */
export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  loading ??= import('onnxruntime-node').then(
    (m) => ((m as { default?: OnnxRuntime }).default?.InferenceSession ? (m as { default: OnnxRuntime }).default : m),
    (cause: unknown) => {
      loading = undefined;
      throw new OnnxRuntimeUnavailableError({ reason: String((cause as Error)?.message ?? cause).split('\n')[0] as string, cause });
    },
  );
  return loading;
}

/** The parameters as row-major float32 arrays. */
export interface RnnParamValues {
  readonly kernel: Float32Array;
  readonly recurrent: Float32Array;
  readonly bias: Float32Array;
  readonly outKernel: Float32Array;
  readonly outBias: Float32Array;
}

/** Gradients of the cross-entropy with respect to {@link RnnParamValues}. */
export type RnnParamGrads = RnnParamValues;

/** The engine: sessions by shape, created on first use. */
export interface RnnOrtEngine {
  /** Logits [B·K] and, with `withStates`, the states [T·B·N] of a time-major batch x [T, B, C]. */
  forward(shape: RnnGraphShape, batch: number, x: Float32Array, p: RnnParamValues, withStates: boolean): Promise<{ logits: Float32Array; states: Float32Array | null }>;
  /** The parameter gradients from ∂L/∂logits. */
  backward(shape: RnnGraphShape, batch: number, x: Float32Array, states: Float32Array, p: RnnParamValues, dLogits: Float32Array): Promise<RnnParamGrads>;
  /** expm(a) of an n×n matrix with scaling s, and the intermediates {@link expmReverse} needs. */
  expmForward(n: number, s: number, a: Float32Array): Promise<{ expm: Float32Array; saved: Record<string, Float32Array> }>;
  /** ∂L/∂a from ∂L/∂expm(a) and the forward's intermediates. */
  expmReverse(n: number, s: number, saved: Record<string, Float32Array>, eBar: Float32Array): Promise<Float32Array>;
  /** Releases every session. */
  release(): Promise<void>;
}

/**
 * @param options.threads onnxruntime intra-op threads (default 1)
 * @example
 *   const engine = await createRnnOrtEngine();
 *   const { logits } = await engine.forward({ steps: 50, channels: 8, n: 312, classes: 4 }, 128, x, params, false);
 *   await engine.release();
 */
export async function createRnnOrtEngine(options: { threads?: number } = {}): Promise<RnnOrtEngine> {
  const ort = await loadOnnxRuntime();
  const threads = options.threads ?? 1;
  const sessions = new Map<string, Promise<InferenceSession>>();
  const session = (key: string, build: () => Uint8Array) => {
    let s = sessions.get(key);
    if (!s) {
      s = ort.InferenceSession.create(build(), {
        executionProviders: ['cpu'],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        logSeverityLevel: 3,
      });
      sessions.set(key, s);
    }
    return s;
  };
  const t = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);
  const out = (r: InferenceSession.OnnxValueMapType, name: string) => (r[name] as unknown as { data: Float32Array }).data;
  const key = (s: RnnGraphShape) => `${s.steps}x${s.channels}x${s.n}x${s.classes}`;
  return {
    async forward(shape, batch, x, p, withStates) {
      const { steps: T, channels: C, n: N, classes: K } = shape;
      const s = await session(`fwd${withStates ? 'S' : ''}:${key(shape)}`, () => rnnForwardGraph(shape, withStates));
      const r = await s.run({
        [RNN_INPUTS.x]: t(x, [T, batch, C]),
        [RNN_INPUTS.kernel]: t(p.kernel, [C, N]),
        [RNN_INPUTS.recurrent]: t(p.recurrent, [N, N]),
        [RNN_INPUTS.bias]: t(p.bias, [N]),
        [RNN_INPUTS.outKernel]: t(p.outKernel, [N, K]),
        [RNN_INPUTS.outBias]: t(p.outBias, [K]),
      });
      return { logits: out(r, 'logits'), states: withStates ? out(r, RNN_INPUTS.states) : null };
    },
    async backward(shape, batch, x, states, p, dLogits) {
      const { steps: T, channels: C, n: N, classes: K } = shape;
      const s = await session(`bwd:${key(shape)}`, () => rnnBackwardGraph(shape));
      const r = await s.run({
        [RNN_INPUTS.x]: t(x, [T, batch, C]),
        [RNN_INPUTS.states]: t(states, [T * batch, N]),
        [RNN_INPUTS.recurrent]: t(p.recurrent, [N, N]),
        [RNN_INPUTS.outKernel]: t(p.outKernel, [N, K]),
        [RNN_INPUTS.dLogits]: t(dLogits, [batch, K]),
      });
      return { kernel: out(r, 'd_kernel'), recurrent: out(r, 'd_recurrent'), bias: out(r, 'd_bias'), outKernel: out(r, 'd_out_kernel'), outBias: out(r, 'd_out_bias') };
    },
    async expmForward(n, s, a) {
      const sess = await session(`expm:${n}:${s}`, () => expmForwardGraph(n, s));
      const r = await sess.run({ a: t(a, [n, n]) });
      const saved: Record<string, Float32Array> = {};
      for (const k of EXPM_SAVED) saved[k] = out(r, k);
      for (let k = 1; k < s; k++) saved[`r${k}`] = out(r, `r${k}`);
      return { expm: out(r, 'expm'), saved };
    },
    async expmReverse(n, s, saved, eBar) {
      const sess = await session(`expmRev:${n}:${s}`, () => expmReverseGraph(n, s));
      const feeds: Record<string, ReturnType<typeof t>> = { e_bar: t(eBar, [n, n]) };
      for (const [k, v] of Object.entries(saved)) feeds[k] = t(v, [n, n]);
      return out(await sess.run(feeds), 'a_bar');
    },
    async release() {
      for (const s of sessions.values()) await (await s).release();
      sessions.clear();
    },
  };
}
