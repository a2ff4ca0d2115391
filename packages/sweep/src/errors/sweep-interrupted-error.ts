import { OlfactoryError } from '@olfactory/neurons';

const name = 'SweepInterruptedError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A local run was stopped (its AbortSignal fired, e.g. on Ctrl-C). Running jobs were killed and
 * left without a record, so the next run of the same sweep starts them again; finished jobs stay
 * finished.
 */
export class SweepInterruptedError extends OlfactoryError {
  private readonly [symbol] = true;
  /** The sweep folder. */
  readonly dir: string;
  /** Jobs that were running and were killed. */
  readonly killed: readonly string[];

  constructor(options: { dir: string; killed: readonly string[] }) {
    super({
      name,
      code: 'OLFACTORY_SWEEP_INTERRUPTED',
      message: `sweep ${options.dir} interrupted${options.killed.length ? `; killed ${options.killed.join(', ')}` : ''}. Run the same command again to resume: finished jobs are skipped.`,
    });
    this.dir = options.dir;
    this.killed = options.killed;
  }

  static override isInstance(error: unknown): error is SweepInterruptedError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
