import { OlfactoryError } from '@olfactory/neurons';

const name = 'DataNotFoundError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/** Required data files are missing and could not (or may not) be downloaded. */
export class DataNotFoundError extends OlfactoryError {
  private readonly [symbol] = true;
  /** Paths (relative to the data directory) of the missing files. */
  readonly missing: readonly string[];
  /** The data directory that was searched. */
  readonly dataDir: string;

  constructor(options: { missing: readonly string[]; dataDir: string; fix: string; cause?: unknown }) {
    const list = options.missing.length > 4 ? `${options.missing.slice(0, 4).join(', ')} and ${options.missing.length - 4} more` : options.missing.join(', ');
    super({
      name,
      code: 'OLFACTORY_DATA_NOT_FOUND',
      message: `Missing data file(s) in ${options.dataDir}: ${list}. ${options.fix}`,
      cause: options.cause,
    });
    this.missing = options.missing;
    this.dataDir = options.dataDir;
  }

  static override isInstance(error: unknown): error is DataNotFoundError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
