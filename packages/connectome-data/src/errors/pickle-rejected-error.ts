import { OlfactoryError } from '@olfactory/neurons';

const name = 'PickleRejectedError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A pickle inside an `.npy` file asks for something the restricted unpickler does not allow: a
 * global other than numpy's array reconstructors, a call of anything else, an opcode outside the
 * small set numpy's own pickles use, or a non-numeric element dtype. A pickle is code; it is never
 * executed, and the file is refused.
 *
 * Message: `Refused the pickle in positions.npy at byte 57: global 'os system' is not allowed;
 * expected only numpy.core.multiarray._reconstruct, numpy.ndarray and numpy.dtype (int/float
 * arrays). Do not load this file; re-download it from its pinned source.`
 */
export class PickleRejectedError extends OlfactoryError {
  private readonly [symbol] = true;
  readonly file: string;
  /** Byte offset of the refused opcode inside the pickle stream. */
  readonly offset: number;
  /** What was refused, e.g. `global 'os system'` or `opcode INST (0x69)`. */
  readonly refused: string;

  constructor(options: { file: string; offset: number; refused: string }) {
    super({
      name,
      code: 'OLFACTORY_PICKLE_REJECTED',
      message:
        `Refused the pickle in ${options.file} at byte ${options.offset}: ${options.refused} is not allowed; expected only ` +
        'numpy.core.multiarray._reconstruct, numpy.ndarray and numpy.dtype building int/float arrays. ' +
        'Do not load this file; re-download it from its pinned source.',
    });
    this.file = options.file;
    this.offset = options.offset;
    this.refused = options.refused;
  }

  static override isInstance(error: unknown): error is PickleRejectedError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
