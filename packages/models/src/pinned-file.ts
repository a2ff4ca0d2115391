import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ModelFileIntegrityError } from './model-file-integrity-error';

/** A file the package ships, pinned by size and sha256 in its manifest. */
export interface PinnedFile {
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Reads `file` and checks it against its pin.
 *
 * @throws {ModelFileIntegrityError} naming the file when it cannot be read or differs in size or sha256.
 */
export async function verifyPinnedFile(file: string, pin: PinnedFile, kind: ConstructorParameters<typeof ModelFileIntegrityError>[0]['kind']): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new ModelFileIntegrityError({ file, kind, problem: `cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`, cause });
  }
  if (bytes.length !== pin.bytes) throw new ModelFileIntegrityError({ file, kind, problem: `has ${bytes.length} bytes, expected ${pin.bytes}` });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== pin.sha256) throw new ModelFileIntegrityError({ file, kind, problem: `sha256 is ${sha256}, expected ${pin.sha256}` });
}
