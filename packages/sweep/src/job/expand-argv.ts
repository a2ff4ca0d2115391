/** Values substituted into a job's argv at launch. */
export interface ArgvPlaceholders {
  /** Absolute output path (`{output}`). */
  readonly output?: string;
  /** The job id (`{id}`). */
  readonly id?: string;
  /** Absolute sweep folder (`{sweep}`). */
  readonly sweep: string;
}

/**
 * Replace `{output}`, `{id}` and `{sweep}` in each argument. Other braces are left alone, so
 * JSON or shell text in an argument passes through unchanged.
 *
 * @example
 *   expandArgv(['fit', '--out', '{output}'], { output: '/s/a.json', id: 'a', sweep: '/s' }); // ['fit', '--out', '/s/a.json']
 */
export function expandArgv(argv: readonly string[], values: ArgvPlaceholders): string[] {
  return argv.map((arg) => arg.replace(/\{(output|id|sweep)\}/g, (whole, key: 'output' | 'id' | 'sweep') => values[key] ?? whole));
}
