import { OlfactoryError } from '@olfactory/neurons';

const name = 'SweepFormatError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A jobs file, a sweep manifest (`sweep.json`) or a job record is malformed or does not match
 * what the sweep expects.
 *
 * Message: `<file>: <problem>. <fix>`, e.g.
 * `jobs.json: jobs[2].id "a b" is invalid; expected letters, digits, '.', '_' or '-' (1–128 characters). Rename the job.`
 */
export class SweepFormatError extends OlfactoryError {
  private readonly [symbol] = true;
  /** The file that holds the problem. */
  readonly file: string;
  /** What is wrong, without the fix. */
  readonly problem: string;

  constructor(options: { file: string; problem: string; fix?: string; cause?: unknown }) {
    super({
      name,
      code: 'OLFACTORY_SWEEP_FORMAT',
      message: `${options.file}: ${options.problem}.${options.fix ? ` ${options.fix}` : ''}`,
      cause: options.cause,
    });
    this.file = options.file;
    this.problem = options.problem;
  }

  static override isInstance(error: unknown): error is SweepFormatError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
