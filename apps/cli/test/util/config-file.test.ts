import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { CliUsageError } from '../../src/util/cli-error';
import { applyConfigFile } from '../../src/util/config-file';
import type { ConfigSpec } from '../../src/util/config-file';

const SPEC: ConfigSpec = {
  out: { schema: z.string().min(1), expected: 'a folder path', path: 'single' },
  inputs: { schema: z.array(z.string()), expected: 'a list of paths', path: 'list' },
  trials: { schema: z.number().int().min(1), expected: 'an integer >= 1' },
  dryRun: { schema: z.boolean(), expected: 'true or false' },
};

/** Parses argv with a throwaway command and applies the config; returns the resulting options. */
async function parse(argv: string[], spec: ConfigSpec = SPEC): Promise<Record<string, unknown>> {
  let result: Record<string, unknown> = {};
  const cmd = new Command('demo')
    .exitOverride()
    .option('--out <dir>')
    .option('--inputs <paths...>')
    .option('--trials <n>', 'trials', (v) => Number(v), 10)
    .option('--dry-run')
    .option('--config <file>')
    .action(async (_o, c: Command) => {
      await applyConfigFile(c, spec);
      result = c.opts();
    });
  await cmd.parseAsync(argv, { from: 'user' });
  return result;
}

describe('applyConfigFile', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'olf-config-'));
    file = join(dir, 'run.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('applyConfigFile(command, spec) without --config leaves the options as parsed', async () => {
    expect(await parse(['--trials', '3'])).toEqual({ trials: 3 });
  });

  it('sets camelCase keys, overrides defaults, resolves relative paths against the file, and lets flags win', async () => {
    writeFileSync(file, JSON.stringify({ out: 'figs', inputs: ['a', '/abs/b'], trials: 7, dryRun: true }));
    expect(await parse(['--config', file])).toEqual({ config: file, out: join(dir, 'figs'), inputs: [join(dir, 'a'), '/abs/b'], trials: 7, dryRun: true });
    expect(await parse(['--config', file, '--trials', '2', '--out', 'here'])).toMatchObject({ out: 'here', trials: 2, dryRun: true });
  });

  it.each([
    [{ outDir: 'x' }, /unknown key 'outDir'; expected only 'out', 'inputs', 'trials', 'dryRun'/],
    [{ trials: 0 }, /key 'trials' is number 0; expected an integer >= 1/],
    [{ dryRun: 'true' }, /key 'dryRun' is the string "true"; expected true or false/],
    [{ inputs: 'a' }, /key 'inputs' is the string "a"; expected a list of paths/],
    [null, /the top level is null; expected a JSON object/],
  ])('rejects %j with a CliUsageError (exit 2) naming the key', async (body, message) => {
    writeFileSync(file, JSON.stringify(body));
    const error = await parse(['--config', file]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliUsageError);
    expect((error as CliUsageError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
  });

  it('a number too large for a double (1e999) is named as out of range, not as null or Infinity alone (issue 13 §3.12)', async () => {
    writeFileSync(file, '{"trials": 1e999}');
    await expect(parse(['--config', file])).rejects.toThrow(/key 'trials' is a number out of range \(Infinity, e\.g\. 1e999\); expected an integer >= 1/);
  });

  it('throws a programming error when the spec names an option the command does not have', async () => {
    await expect(parse([], { ...SPEC, bogus: { schema: z.string(), expected: 'x' } })).rejects.toThrow(/config spec of 'demo' names 'bogus'/);
  });
});
