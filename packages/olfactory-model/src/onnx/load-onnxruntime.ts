import { OlfactoryError } from '@olfactory/neurons';

type OnnxRuntime = typeof import('onnxruntime-node');

const name = 'OnnxRuntimeMissingError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/** The install line for the optional onnxruntime-node peer dependency, without its CUDA download. */
export const ONNXRUNTIME_INSTALL = 'ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node@~1.30.0';

/**
 * onnxruntime-node, an optional peer dependency of `@olfactory/model`, is not installed. Only
 * running exported models needs it (`createOnnxCircuitSession`, `createOnnxRecomputeEvaluator`,
 * `onnxRuntimeVersion`); `exportOnnx` and the TypeScript engine do not.
 */
export class OnnxRuntimeMissingError extends OlfactoryError {
  private readonly [symbol] = true;

  constructor(options: { reason: string; cause?: unknown }) {
    super({
      name,
      code: 'OLFACTORY_ONNXRUNTIME_MISSING',
      message:
        `onnxruntime-node is not installed (${options.reason}); @olfactory/model needs it only to run exported models. ` +
        `Install it with \`${ONNXRUNTIME_INSTALL}\` (CPU; drop ONNXRUNTIME_NODE_INSTALL=skip to also download the CUDA 12 execution provider).`,
      cause: options.cause,
    });
  }

  static override isInstance(error: unknown): error is OnnxRuntimeMissingError {
    return OlfactoryError.hasMarker(error, marker);
  }
}

let loading: Promise<OnnxRuntime> | undefined;

/** True when `cause` says that `onnxruntime-node` itself (not something it loads) cannot be resolved. */
function isMissingModule(cause: unknown): boolean {
  const e = cause as NodeJS.ErrnoException | undefined;
  return (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') && /onnxruntime-node/.test(String(e?.message));
}

/**
 * Load onnxruntime-node on first use (dynamic import), so that installing and importing
 * `@olfactory/model` never needs it.
 *
 * @throws {OnnxRuntimeMissingError} naming the install line when it is not installed.
 */
export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  loading ??= import('onnxruntime-node').then(
    (m) => ((m as { default?: OnnxRuntime }).default?.InferenceSession ? (m as { default: OnnxRuntime }).default : m),
    (cause: unknown) => {
      loading = undefined;
      throw isMissingModule(cause) ? new OnnxRuntimeMissingError({ reason: String((cause as Error).message).split('\n')[0]!, cause }) : cause;
    },
  );
  return loading;
}
