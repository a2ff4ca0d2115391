import { spawn } from 'node:child_process';
import { SchedulerError } from '../errors/scheduler-error';

/** Program names (or paths) of the SLURM client commands. */
export interface SlurmCommands {
  readonly sbatch: string;
  readonly squeue: string;
  readonly scontrol: string;
}

/** `sbatch`, `squeue`, `scontrol` from PATH. */
export const DEFAULT_SLURM_COMMANDS: SlurmCommands = Object.freeze({ sbatch: 'sbatch', squeue: 'squeue', scontrol: 'scontrol' });

/** What a scheduler command printed. */
export interface CommandResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run a scheduler client command (no shell) and capture its output.
 * @throws SchedulerError when the program cannot be started (not installed, not on PATH).
 */
export function runSchedulerCommand(argv: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CommandResult> {
  return new Promise((done, fail) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (cause) =>
      fail(
        new SchedulerError({
          command: argv.join(' '),
          exitCode: null,
          stderr,
          problem: `could not be started (${cause.message})`,
          fix: 'Is SLURM installed here and its client commands on PATH? Use the local backend otherwise.',
          cause,
        }),
      ),
    );
    child.on('close', (code) => done({ exitCode: code, stdout, stderr }));
  });
}
