import { OlfactoryError } from '@olfactory/neurons';

const name = 'ModelFileIntegrityError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A shipped checkpoint (or experiment table) is missing or does not match the size and sha256 pinned in the package's
 * manifest (a damaged or edited installation).
 *
 * @example
 *   throw new ModelFileIntegrityError({ file: '/…/seed-42/checkpoint.json', problem: 'sha256 is 00…, expected 15…' });
 */
export class ModelFileIntegrityError extends OlfactoryError {
  private readonly [symbol] = true;
  readonly file: string;

  /** `kind`: what the file is (default `checkpoint`; `experiment table` for the shipped experiment results). */
  constructor(options: { file: string; problem: string; kind?: 'checkpoint' | 'experiment table' | 'result file'; cause?: unknown }) {
    const kind = options.kind ?? 'checkpoint';
    super({
      name,
      code: 'OLFACTORY_MODEL_FILE_INTEGRITY',
      message: `shipped ${kind} ${options.file}: ${options.problem}. Reinstall @olfactory/models (npm install @olfactory/models), or pass your own ${kind === 'checkpoint' ? 'checkpoints' : 'results (--results DIR)'}.`,
      cause: options.cause,
    });
    this.file = options.file;
  }

  static override isInstance(error: unknown): error is ModelFileIntegrityError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
