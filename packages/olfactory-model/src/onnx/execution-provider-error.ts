import { OlfactoryError } from '@olfactory/neurons';

const name = 'ExecutionProviderError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The requested onnxruntime execution provider cannot be used (e.g. `--device cuda` where the
 * CUDA execution provider is not installed).
 *
 * @example
 *   throw new ExecutionProviderError({ device: 'cuda', reason: 'Failed to load shared library' });
 */
export class ExecutionProviderError extends OlfactoryError {
  private readonly [symbol] = true;
  readonly device: string;
  readonly reason: string;

  constructor(options: { device: string; reason: string; fix?: string; cause?: unknown }) {
    super({
      name,
      code: 'OLFACTORY_EXECUTION_PROVIDER',
      message: `the ${options.device.toUpperCase()} execution provider of onnxruntime-node is not available (${options.reason}).${options.fix ? ` ${options.fix}` : ''}`,
      cause: options.cause,
    });
    this.device = options.device;
    this.reason = options.reason;
  }

  static override isInstance(error: unknown): error is ExecutionProviderError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
