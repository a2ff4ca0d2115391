import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { z } from 'zod';
import { CliUsageError } from './cli-error';

/** The `--config <file>` option every command takes (read with {@link applyConfigFile}). */
export function configOption(): Option {
  return new Option('--config <file>', 'JSON file of option values (keys = long options in camelCase); flags override it');
}

/** How one config key is validated and interpreted. */
export interface ConfigKeySpec {
  /** Validates the JSON value and turns it into the option's value (as its flag parser would). */
  readonly schema: z.ZodType;
  /** What the value must be, in words, for the error message (`a number in [0.25, 8]`). */
  readonly expected: string;
  /**
   * Relative paths are resolved against the config file's folder: `single` for a string, `list`
   * for an array of strings. Default: not a path.
   */
  readonly path?: 'single' | 'list';
}

/** The keys a command accepts in `--config`: its long options in camelCase (commander's attribute names). */
export type ConfigSpec = Readonly<Record<string, ConfigKeySpec>>;

/**
 * `--config FILE` for any command: reads a JSON object whose keys are the command's long options
 * in camelCase (`--png-scale` → `pngScale`), validates every key against `spec`, and sets each
 * value on the command unless the same option was given on the command line (flags override the
 * config file; values from the file override the options' defaults). Relative paths in path keys
 * are resolved against the config file's folder.
 *
 * Any problem (unreadable file, invalid JSON, not an object, an unknown key, a value of the wrong
 * type) throws a {@link CliUsageError} (exit 2) naming the file and the key.
 *
 * Call it first thing in the action, then read `command.opts()`.
 *
 * @example
 *   .option('--config <file>', 'JSON file of option values')
 *   .action(async (_opts, cmd: Command) => {
 *     await applyConfigFile(cmd, { out: { schema: z.string().min(1), expected: 'a folder path', path: 'single' } });
 *     const { out } = cmd.opts<{ out?: string }>();
 *   });
 */
export async function applyConfigFile(command: Command, spec: ConfigSpec, configOption = 'config'): Promise<void> {
  const attributeNames = new Set(command.options.map((o) => o.attributeName()));
  for (const key of Object.keys(spec)) {
    // A programming error, not a user error: the spec must only name this command's options.
    if (!attributeNames.has(key)) throw new Error(`config spec of '${command.name()}' names '${key}', which is not one of its options.`);
  }
  const file = command.opts<Record<string, unknown>>()[configOption];
  if (file === undefined) return;
  const config = await readConfigObject(String(file));
  const allowed = Object.keys(spec);
  for (const [key, raw] of Object.entries(config)) {
    const keySpec = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (!keySpec) {
      const hint = key === configOption ? ' (a config file cannot name another config file)' : '';
      throw new CliUsageError(
        `invalid config file ${file}: unknown key '${key}'${hint}; expected only ${allowed.map((k) => `'${k}'`).join(', ')} (the long options of 'olfactory ${command.name()}' in camelCase).`,
      );
    }
    const parsed = keySpec.schema.safeParse(raw);
    if (!parsed.success) {
      throw new CliUsageError(`invalid config file ${file}: key '${key}' is ${describeJson(raw)}; expected ${keySpec.expected}.`);
    }
    let value = parsed.data;
    if (keySpec.path === 'single' && typeof value === 'string') value = resolveFrom(String(file), value);
    if (keySpec.path === 'list' && Array.isArray(value)) value = value.map((v) => resolveFrom(String(file), String(v)));
    if (command.getOptionValueSource(key) !== 'cli') command.setOptionValueWithSource(key, value, 'config');
  }
}

async function readConfigObject(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliUsageError(`cannot read config file ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}; expected a JSON file of option values.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`invalid config file ${file}: not valid JSON (${(error as Error).message}); expected a JSON object of option values.`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new CliUsageError(`invalid config file ${file}: the top level is ${describeJson(data)}; expected a JSON object of option values, e.g. {"out": "figures"}.`);
  }
  return data as Record<string, unknown>;
}

function resolveFrom(configFile: string, path: string): string {
  return isAbsolute(path) ? path : join(dirname(configFile), path);
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 40)})`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return `a number out of range (${value}, e.g. 1e999)`;
  return `${typeof value} ${String(value)}`;
}

/** The help paragraph every command with `--config` shows (keep the wording in one place). */
export function configHelpText(command: string, example: Record<string, unknown>): string {
  return `
Config file: --config FILE reads a JSON object whose keys are this command's long options in
camelCase; flags given on the command line override it, relative paths are resolved against
the file's folder, and an unknown key or a value of the wrong type exits 2. Example:
  ${JSON.stringify(example)}
  $ olfactory ${command} --config run.json`;
}
