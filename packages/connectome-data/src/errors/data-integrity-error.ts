import { OlfactoryError } from '@olfactory/neurons';

const name = 'DataIntegrityError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A data file exists but is not the pinned file: wrong size (truncated download) or wrong
 * sha256 (corrupted or a different version).
 */
export class DataIntegrityError extends OlfactoryError {
  private readonly [symbol] = true;
  readonly file: string;
  readonly expectedSha256: string;
  readonly actualSha256: string | undefined;
  readonly expectedBytes: number;
  readonly actualBytes: number;

  constructor(options: { file: string; expectedSha256: string; actualSha256?: string; expectedBytes: number; actualBytes: number; fix: string }) {
    const what =
      options.actualBytes !== options.expectedBytes
        ? `has ${options.actualBytes} bytes; expected ${options.expectedBytes} bytes (truncated or a different file)`
        : `has sha256 ${options.actualSha256}; expected ${options.expectedSha256} (corrupted or a different version)`;
    super({
      name,
      code: 'OLFACTORY_DATA_INTEGRITY',
      message: `Data file ${options.file} ${what}. ${options.fix}`,
    });
    this.file = options.file;
    this.expectedSha256 = options.expectedSha256;
    this.actualSha256 = options.actualSha256;
    this.expectedBytes = options.expectedBytes;
    this.actualBytes = options.actualBytes;
  }

  static override isInstance(error: unknown): error is DataIntegrityError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
