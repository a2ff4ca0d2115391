import { CliUsageError } from './cli-error';

/** Seeds are integers in [0, MAX_SEED]: 2³² − 1, the widest seed every generator of the toolkit takes exactly. */
export const MAX_SEED = 2 ** 32 - 1;
/** At most this many seeds per run (a typo such as `42-4200` must not queue thousands of runs). */
export const MAX_SEEDS = 1000;

/**
 * `42-46`, `42,44`, `42` → sorted unique seeds. Every seed must be an integer in [0, 2³²):
 * larger numbers are not exact in a double (9007199254740993 reads as …992) and a range of them
 * never ends, so they are refused with a {@link CliUsageError} (exit 2) instead.
 *
 * @param flag the flag named in error messages (default `--seeds`)
 */
export function parseSeeds(value: string, flag = '--seeds'): number[] {
  const out = new Set<number>();
  const seed = (text: string): number => {
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n > MAX_SEED) throw new CliUsageError(`invalid ${flag}: seed ${text} is out of range; seeds are integers from 0 to ${MAX_SEED} (2^32 − 1).`);
    return n;
  };
  for (const part of value.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new CliUsageError(`invalid ${flag}: ${value}; expected a list like 42-46 or 42,43,44 (integers from 0 to ${MAX_SEED}).`);
    const a = seed(m[1]!);
    const b = m[2] === undefined ? a : seed(m[2]);
    if (b < a) throw new CliUsageError(`invalid ${flag} range: ${part.trim()}; expected low-high with low ≤ high.`);
    if (b - a + 1 > MAX_SEEDS) throw new CliUsageError(`invalid ${flag} range: ${part.trim()} holds ${b - a + 1} seeds; at most ${MAX_SEEDS} seeds per run.`);
    for (let s = a; s <= b; s++) out.add(s);
    if (out.size > MAX_SEEDS) throw new CliUsageError(`invalid ${flag}: ${value} holds more than ${MAX_SEEDS} seeds; at most ${MAX_SEEDS} seeds per run.`);
  }
  return [...out].sort((x, y) => x - y);
}
