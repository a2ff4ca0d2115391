import { OlfactoryError } from '@olfactory/neurons';

const name = 'SweepLockedError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/** Another live process runs the same sweep folder locally (its `run.lock` names a live pid). */
export class SweepLockedError extends OlfactoryError {
  private readonly [symbol] = true;
  /** The lock file. */
  readonly file: string;
  /** The pid that holds the lock. */
  readonly pid: number;

  constructor(options: { file: string; pid: number }) {
    super({
      name,
      code: 'OLFACTORY_SWEEP_LOCKED',
      message: `${options.file}: the sweep is being run by process ${options.pid}; wait for it to finish or stop it (kill ${options.pid}), then run again.`,
    });
    this.file = options.file;
    this.pid = options.pid;
  }

  static override isInstance(error: unknown): error is SweepLockedError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
