import { OlfactoryError } from '@olfactory/neurons';

const name = 'SweepIncompleteError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/** The collect step was asked for while some jobs are not done. */
export class SweepIncompleteError extends OlfactoryError {
  private readonly [symbol] = true;
  /** The sweep folder. */
  readonly dir: string;
  /** Ids of the jobs that are not done. */
  readonly notDone: readonly string[];

  constructor(options: { dir: string; notDone: readonly string[] }) {
    const shown = options.notDone.slice(0, 10).join(', ') + (options.notDone.length > 10 ? `, … (${options.notDone.length} in all)` : '');
    super({
      name,
      code: 'OLFACTORY_SWEEP_INCOMPLETE',
      message: `sweep ${options.dir}: ${options.notDone.length} job(s) not done (${shown}); expected every job done before the collect step. Run or resubmit the sweep first (see \`sweep status\`).`,
    });
    this.dir = options.dir;
    this.notDone = options.notDone;
  }

  static override isInstance(error: unknown): error is SweepIncompleteError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
