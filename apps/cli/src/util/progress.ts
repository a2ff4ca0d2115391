import { SingleBar } from 'cli-progress';

/** Options shared by long-running commands. */
export interface ProgressOptions {
  /** Show progress bars (stderr). Off with --quiet, with --json when stderr is not a TTY, or in CI logs. */
  readonly enabled: boolean;
  /** Write nothing to stdout (the command runs as a step of another, e.g. `olfactory reproduce --json`). */
  readonly silent?: boolean;
}

/**
 * A byte-progress bar on stderr for one labelled task, with ETA. Returns an updater and a
 * `stop`. When disabled, prints one line per task at start and end instead (useful in logs).
 */
export function byteProgress(label: string, options: ProgressOptions): { update(received: number, total: number): void; stop(): void } {
  if (!options.enabled) return { update: () => undefined, stop: () => undefined };
  if (!process.stderr.isTTY) {
    process.stderr.write(`${label}...\n`);
    return { update: () => undefined, stop: () => undefined };
  }
  const bar = new SingleBar({
    format: `${label.padEnd(34).slice(0, 34)} {bar} {percentage}% | {value_kb}/{total_kb} kB | ETA {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: false,
  });
  let started = false;
  return {
    update(received, total) {
      if (!started) {
        bar.start(Math.max(total, 1), 0, { value_kb: 0, total_kb: Math.round(total / 1024) });
        started = true;
      }
      bar.update(received, { value_kb: Math.round(received / 1024), total_kb: Math.round(total / 1024) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** A plain status line on stderr (never on stdout, which is reserved for results / --json). */
export function status(message: string, options: ProgressOptions): void {
  if (options.enabled) process.stderr.write(`${message}\n`);
}
