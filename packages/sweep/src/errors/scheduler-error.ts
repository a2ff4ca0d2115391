import { OlfactoryError } from '@olfactory/neurons';

const name = 'SchedulerError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A scheduler command (`sbatch`, `squeue`, `scontrol`) could not be run, failed, or printed
 * something that could not be read.
 */
export class SchedulerError extends OlfactoryError {
  private readonly [symbol] = true;
  /** The command line, e.g. `sbatch --parsable sweep/slurm/array-1.sh`. */
  readonly command: string;
  /** Its exit code, or null when it could not be started or was killed. */
  readonly exitCode: number | null;
  /** The last lines of its stderr. */
  readonly stderr: string;

  constructor(options: { command: string; exitCode: number | null; stderr: string; problem: string; fix?: string; cause?: unknown }) {
    const tail = options.stderr.trim().split('\n').slice(-3).join(' / ');
    super({
      name,
      code: 'OLFACTORY_SCHEDULER',
      message: `${options.command}: ${options.problem}${tail ? ` (stderr: ${tail})` : ''}.${options.fix ? ` ${options.fix}` : ''}`,
      cause: options.cause,
    });
    this.command = options.command;
    this.exitCode = options.exitCode;
    this.stderr = options.stderr;
  }

  static override isInstance(error: unknown): error is SchedulerError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
