import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Size and sha256 of a file's contents. */
export interface FileDigest {
  /** sha256 of the contents, 64 lowercase hex digits. */
  readonly sha256: string;
  /** Size, bytes. */
  readonly bytes: number;
}

/**
 * Streams a file through sha256 (constant memory, any size).
 *
 * @example
 *   const { sha256, bytes } = await hashFile('/data/winding2023/Supplementary-Data-S1.zip');
 */
export async function hashFile(file: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += buffer.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
