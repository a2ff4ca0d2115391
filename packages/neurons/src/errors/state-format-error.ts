import { OlfactoryError } from './olfactory-error';

const name = 'StateFormatError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Bytes that should hold a saved simulator state do not: wrong magic, unknown format version,
 * truncated data or a checksum mismatch.
 *
 * Message: `saved state "run.state": checksum 1a2b3c4d does not match the recorded 5e6f7a8b; the file is corrupt. Save it again.`
 */
export class StateFormatError extends OlfactoryError {
  private readonly [symbol] = true;
  /** Where the bytes came from (a file name, or "bytes"). */
  readonly source: string;

  constructor(options: { source: string; problem: string; fix?: string }) {
    super({ name, code: 'OLFACTORY_STATE_FORMAT', message: `saved state "${options.source}": ${options.problem}.${options.fix ? ` ${options.fix}` : ''}` });
    this.source = options.source;
  }

  static override isInstance(error: unknown): error is StateFormatError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
