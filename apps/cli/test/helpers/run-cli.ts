import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The built binary the end-to-end tests run (`pnpm build` first). `OLFACTORY_CLI_UNDER_TEST`
 * points the tests at another build (e.g. the previous release, to see a test fail before its fix).
 */
export const CLI = process.env.OLFACTORY_CLI_UNDER_TEST ? resolve(process.env.OLFACTORY_CLI_UNDER_TEST) : resolve(__dirname, '../../dist/cli.js');

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`Build the CLI first (pnpm build): ${CLI} is missing.`);
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the run was killed after `timeoutMs`. */
  readonly timedOut?: boolean;
}

/** Runs `node dist/cli.js ...args` in `cwd` with a minimal environment; killed (SIGKILL) after `timeoutMs` when given. */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}, timeoutMs?: number): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, HOME: cwd, ...env } });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr, ...(timedOut ? { timedOut } : {}) });
    });
  });
}

/** The `olfactory: ...` error lines of stderr (status lines excluded). */
export const errorLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('olfactory:'));
