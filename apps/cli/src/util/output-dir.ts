import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, parse, resolve, sep } from 'node:path';
import { CliUsageError } from './cli-error';

/**
 * Makes sure the output folder given by `flag` exists and is writable, before any work starts:
 * an existing file in its place, a folder that cannot be created or a read-only folder is an
 * immediate {@link CliUsageError} (exit 2) naming the flag, not a failure after minutes of work.
 *
 * The folders are created one level at a time (never `mkdir -p`): Node 20's recursive mkdir
 * never returns for a path under `/proc`, where each level fails with ENOENT instead.
 *
 * @returns the absolute path of the folder
 */
export async function prepareOutputDir(dir: string, flag: string): Promise<string> {
  const target = resolve(dir);
  const root = parse(target).root;
  const parts = target
    .slice(root.length)
    .split(sep)
    .filter((p) => p.length > 0);
  let path = root;
  for (const part of parts) {
    path = join(path, part);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : error));
    if (info instanceof Error) throw new CliUsageError(`invalid ${flag} ${dir}: cannot use ${path} (${(info as NodeJS.ErrnoException).code ?? info.message}); choose another folder.`);
    if (info !== null) {
      if (!info.isDirectory()) throw new CliUsageError(`invalid ${flag} ${dir}: ${path} is a file, not a folder; choose another ${flag}.`);
      continue;
    }
    try {
      await mkdir(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (
        code === 'EEXIST' &&
        (await stat(path)
          .then((s) => s.isDirectory())
          .catch(() => false))
      )
        continue; // created meanwhile
      throw new CliUsageError(`invalid ${flag} ${dir}: cannot create the folder ${path} (${code ?? String(error)}); choose a writable folder.`);
    }
  }
  const probe = join(target, `.olfactory-write-check-${process.pid}`);
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (error) {
    throw new CliUsageError(`invalid ${flag} ${dir}: the folder is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)}); choose a writable folder.`);
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
  return target;
}

/**
 * Like {@link prepareOutputDir} for an output file (`--out report.html`): its folder is created
 * and checked, and the file itself must not be a folder.
 *
 * @returns the absolute path of the file
 */
export async function prepareOutputFile(file: string, flag: string): Promise<string> {
  const target = resolve(file);
  if (
    await stat(target)
      .then((s) => s.isDirectory())
      .catch(() => false)
  ) {
    throw new CliUsageError(`invalid ${flag} ${file}: it is a folder; expected a file path such as ${join(file, 'report.html')}.`);
  }
  await prepareOutputDir(dirname(target), flag);
  return target;
}
