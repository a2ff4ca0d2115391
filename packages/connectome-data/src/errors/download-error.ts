import { OlfactoryError } from '@olfactory/neurons';

const name = 'DownloadError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/** A download failed (network error, HTTP status other than 200, connection dropped). */
export class DownloadError extends OlfactoryError {
  private readonly [symbol] = true;
  readonly url: string;
  readonly status: number | undefined;

  constructor(options: { url: string; status?: number; reason: string; fix: string; cause?: unknown }) {
    super({
      name,
      code: 'OLFACTORY_DOWNLOAD',
      message: `Download of ${options.url} failed: ${options.reason}. ${options.fix}`,
      cause: options.cause,
    });
    this.url = options.url;
    this.status = options.status;
  }

  static override isInstance(error: unknown): error is DownloadError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
