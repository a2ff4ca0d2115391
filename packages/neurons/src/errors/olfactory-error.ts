/**
 * Base class of every error thrown by the `@olfactory/*` packages.
 *
 * Errors are detected with `X.isInstance(err)`, which checks a `Symbol.for` marker instead of
 * `instanceof`, so detection works across duplicated copies of a package (two versions in one
 * `node_modules`, ESM and CJS builds loaded side by side).
 *
 * Messages follow one pattern: subject, offending value, expected value, fix.
 */
const baseMarker = 'olfactory.error';
const baseSymbol = Symbol.for(baseMarker);

export class OlfactoryError extends Error {
  private readonly [baseSymbol] = true;
  /** Stable machine-readable code, e.g. `OLFACTORY_INVALID_PARAMETER`. */
  readonly code: string;

  constructor(options: { name: string; code: string; message: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name;
    this.code = options.code;
  }

  /** True for any error thrown by an `@olfactory/*` package, from any copy of it. */
  static isInstance(error: unknown): error is OlfactoryError {
    return OlfactoryError.hasMarker(error, baseMarker);
  }

  /** @internal used by subclasses: true when `error` carries the marker `marker`. */
  protected static hasMarker(error: unknown, marker: string): boolean {
    const symbol = Symbol.for(marker);
    return error != null && typeof error === 'object' && symbol in error && typeof (error as Record<symbol, unknown>)[symbol] === 'boolean' && (error as Record<symbol, unknown>)[symbol] === true;
  }
}
