import { OlfactoryError } from './olfactory-error';

const name = 'ShapeMismatchError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * An array argument has the wrong length or a matrix the wrong shape.
 *
 * Message: `Argument 'input' passed to 'lifStep' has length 120; expected 100 (state size).`
 */
export class ShapeMismatchError extends OlfactoryError {
  private readonly [symbol] = true;
  readonly argument: string;
  readonly functionName: string;
  readonly actual: string;
  readonly expected: string;

  constructor(options: { argument: string; functionName: string; actual: string; expected: string; fix?: string }) {
    super({
      name,
      code: 'OLFACTORY_SHAPE_MISMATCH',
      message: `Argument '${options.argument}' passed to '${options.functionName}' has ${options.actual}; expected ${options.expected}.${options.fix ? ` ${options.fix}` : ''}`,
    });
    this.argument = options.argument;
    this.functionName = options.functionName;
    this.actual = options.actual;
    this.expected = options.expected;
  }

  static override isInstance(error: unknown): error is ShapeMismatchError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
