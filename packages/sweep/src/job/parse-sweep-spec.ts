import { SweepFormatError } from '../errors/sweep-format-error';
import { JOB_ID_PATTERN } from './sweep-job';
import type { SweepCollect, SweepJob, SweepSpec } from './sweep-job';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseArgv(value: unknown, where: string, file: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((a) => typeof a === 'string')) {
    throw new SweepFormatError({
      file,
      problem: `${where} is ${JSON.stringify(value) ?? 'missing'}; expected a non-empty array of strings (program, then arguments)`,
      fix: 'Write the command as ["program", "arg", ...].',
    });
  }
  if ((value[0] as string).trim() === '') throw new SweepFormatError({ file, problem: `${where}[0] is empty; expected the program to run` });
  return [...(value as string[])];
}

/**
 * Read a jobs file's content into a validated {@link SweepSpec}.
 *
 * Accepted forms: an array of jobs, or `{ "command"?: [...], "jobs": [...], "collect"?: { "argv": [...] } }`
 * where `command` (optional) is prepended to every job's `argv`. Each job is
 * `{ "id": "seed-42", "argv": [...], "output": "seed-42/result.json" }`. Ids must be unique.
 *
 * @param value the parsed JSON.
 * @param file the file name used in error messages.
 * @throws SweepFormatError naming the file and the offending entry.
 * @example
 *   parseSweepSpec({ command: ['node', 'fit.mjs'], jobs: [{ id: 'a', argv: ['--out', '{output}'], output: 'a.json' }] }, 'jobs.json');
 */
export function parseSweepSpec(value: unknown, file: string): SweepSpec {
  const root: Record<string, unknown> = Array.isArray(value) ? { jobs: value } : isObject(value) ? value : {};
  if (!Array.isArray(root.jobs)) {
    throw new SweepFormatError({ file, problem: 'has no "jobs" array', fix: 'Write {"jobs": [{"id": "...", "argv": ["..."], "output": "..."}]} or a plain array of such jobs.' });
  }
  const known = new Set(['formatVersion', 'command', 'jobs', 'collect']);
  if (!Array.isArray(value)) {
    for (const key of Object.keys(root)) {
      if (!known.has(key)) throw new SweepFormatError({ file, problem: `unknown key "${key}"`, fix: `Expected only ${[...known].map((k) => `"${k}"`).join(', ')}.` });
    }
  }
  const command = root.command === undefined ? [] : parseArgv(root.command, 'command', file);
  if (root.jobs.length === 0) throw new SweepFormatError({ file, problem: '"jobs" is empty', fix: 'List at least one job.' });
  const seen = new Set<string>();
  const jobs: SweepJob[] = root.jobs.map((raw: unknown, i: number) => {
    const where = `jobs[${i}]`;
    if (!isObject(raw)) throw new SweepFormatError({ file, problem: `${where} is ${JSON.stringify(raw)}; expected an object {id, argv, output}` });
    for (const key of Object.keys(raw)) {
      if (key !== 'id' && key !== 'argv' && key !== 'output') throw new SweepFormatError({ file, problem: `${where} has an unknown key "${key}"`, fix: 'A job has only "id", "argv" and "output".' });
    }
    const { id, output } = raw;
    if (typeof id !== 'string' || !JOB_ID_PATTERN.test(id)) {
      throw new SweepFormatError({
        file,
        problem: `${where}.id ${JSON.stringify(id) ?? 'is missing'} is invalid; expected letters, digits, '.', '_' or '-' (1–128 characters, not starting with '.')`,
        fix: 'Rename the job.',
      });
    }
    if (seen.has(id)) throw new SweepFormatError({ file, problem: `${where}.id "${id}" is used twice; expected unique ids`, fix: 'Give every job its own id.' });
    seen.add(id);
    if (typeof output !== 'string' || output.trim() === '') {
      throw new SweepFormatError({ file, problem: `${where}.output is ${JSON.stringify(output) ?? 'missing'}; expected the path of the file or folder the job writes` });
    }
    const argv = [...command, ...(raw.argv === undefined && command.length > 0 ? [] : parseArgv(raw.argv, `${where}.argv`, file))];
    return { id, argv, output };
  });
  let collect: SweepCollect | undefined;
  if (root.collect !== undefined) {
    if (!isObject(root.collect)) throw new SweepFormatError({ file, problem: `"collect" is ${JSON.stringify(root.collect)}; expected {"argv": [...]}` });
    collect = { argv: parseArgv(root.collect.argv, 'collect.argv', file) };
  }
  return collect ? { jobs, collect } : { jobs };
}
