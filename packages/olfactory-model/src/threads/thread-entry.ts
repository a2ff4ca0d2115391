import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OlfactoryError } from '@olfactory/neurons';

const name = 'ThreadEntryMissingError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A worker-thread entry of `@olfactory/model` (a file the build emits beside `index.js`) is
 * missing: the package is incompletely built or installed. Nothing falls back silently to the
 * calling thread; rebuild or reinstall the package.
 */
export class ThreadEntryMissingError extends OlfactoryError {
  private readonly [symbol] = true;
  /** The file that was looked for. */
  readonly file: string;

  constructor(file: string, hint: string) {
    super({ name, code: 'OLFACTORY_THREAD_ENTRY_MISSING', message: `the worker-thread entry ${file} of @olfactory/model is missing; ${hint}` });
    this.file = file;
  }

  static override isInstance(error: unknown): error is ThreadEntryMissingError {
    return OlfactoryError.hasMarker(error, marker);
  }
}

declare const __dirname: string | undefined;

/** The folder of this module: `dist/` in the builds, `src/threads/` when run from the TypeScript sources. */
function moduleDir(): string {
  // the CommonJS build and the test runner define __dirname; the ES module build uses import.meta.url
  return typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

/**
 * The bundled CommonJS file of the worker-thread entry `entry` (its source is
 * `src/threads/<entry>.ts`). In the builds it is `dist/<entry>.cjs`, beside the module that starts
 * the thread (the ES module build uses it too: a worker is its own module graph). Run from the
 * TypeScript sources (the test suite), it is the bundle the test runner's global setup builds
 * from those sources into `node_modules/.cache/olfactory-threads/` of this package.
 *
 * @throws {ThreadEntryMissingError} when the file is not there.
 */
export function threadEntryFile(entry: 'noise-thread'): string {
  const dir = moduleDir();
  const fromSources = existsSync(join(dir, `${entry}.ts`));
  const file = fromSources ? join(dir, '..', '..', 'node_modules', '.cache', 'olfactory-threads', `${entry}.cjs`) : join(dir, `${entry}.cjs`);
  if (!existsSync(file)) {
    throw new ThreadEntryMissingError(
      file,
      fromSources ? 'run the tests through jest (its global setup bundles the thread entries from the sources)' : 'rebuild the package (pnpm build) or reinstall @olfactory/model',
    );
  }
  return file;
}
