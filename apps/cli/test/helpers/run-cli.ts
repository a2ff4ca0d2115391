import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built binary the end-to-end tests run (`pnpm build` first). */
export const CLI = resolve(__dirname, '../../dist/cli.js');

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`Build the CLI first (pnpm build): ${CLI} is missing.`);
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli.js ...args` in `cwd` with a minimal environment. */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, HOME: cwd, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** The `olfactory: ...` error lines of stderr (status lines excluded). */
export const errorLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('olfactory:'));
