import { OlfactoryError } from './olfactory-error';

const name = 'InvalidParameterError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A parameter value is invalid (NaN, out of range, wrong type).
 *
 * @example
 *   throw new InvalidParameterError({ parameter: 'tauMemMs', value: -5,
 *     expected: 'a finite number > 0 (time constant in ms)' });
 *   // message: "invalid tauMemMs: -5; expected a finite number > 0 (time constant in ms)."
 */
export class InvalidParameterError extends OlfactoryError {
  private readonly [symbol] = true;
  readonly parameter: string;
  readonly value: unknown;
  readonly expected: string;

  constructor(options: { parameter: string; value: unknown; expected: string; fix?: string; cause?: unknown }) {
    const shown = formatValue(options.value);
    super({
      name,
      code: 'OLFACTORY_INVALID_PARAMETER',
      message: `invalid ${options.parameter}: ${shown}; expected ${options.expected}.${options.fix ? ` ${options.fix}` : ''}`,
      cause: options.cause,
    });
    this.parameter = options.parameter;
    this.value = options.value;
    this.expected = options.expected;
  }

  static override isInstance(error: unknown): error is InvalidParameterError {
    return OlfactoryError.hasMarker(error, marker);
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
