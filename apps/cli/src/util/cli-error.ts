/**
 * A usage error of the command line itself (bad flag value, conflicting options). Exit code 2,
 * like commander's own usage errors; failures of the work exit with 1.
 */
export class CliUsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** One line for the terminal: `olfactory: <message>` (stack only with --verbose). */
export function formatError(error: unknown, verbose: boolean): string {
  if (verbose && error instanceof Error && error.stack) return `olfactory: ${error.stack}`;
  const message = error instanceof Error ? error.message : String(error);
  return `olfactory: ${message.replace(/\s*\n\s*/g, ' ')}${verbose ? '' : ' (run with --verbose for details)'}`;
}
