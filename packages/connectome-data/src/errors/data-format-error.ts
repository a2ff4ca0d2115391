import { OlfactoryError } from '@olfactory/neurons';

const name = 'DataFormatError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A data file is readable but malformed: bad header, ragged row, non-numeric cell, duplicate
 * id. `line` and `column` are 1-based (line 1 = header); 0 when not applicable.
 *
 * Message: `Malformed ad_connectivity_matrix.csv at line 17, column 4: non-numeric cell "x";
 * expected a non-negative integer synapse count. Re-download the file (olfactory data fetch).`
 */
export class DataFormatError extends OlfactoryError {
  private readonly [symbol] = true;
  readonly file: string;
  readonly line: number;
  readonly column: number;

  constructor(options: { file: string; line: number; column: number; problem: string; expected: string; fix?: string }) {
    const where = options.line > 0 ? ` at line ${options.line}${options.column > 0 ? `, column ${options.column}` : ''}` : '';
    super({
      name,
      code: 'OLFACTORY_DATA_FORMAT',
      message: `Malformed ${options.file}${where}: ${options.problem}; expected ${options.expected}.${options.fix ? ` ${options.fix}` : ''}`,
    });
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
  }

  static override isInstance(error: unknown): error is DataFormatError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
