import { unzipSync } from 'fflate';
import { DataFormatError } from '../errors/data-format-error';

/**
 * Decompress the named entries of a zip archive in memory (nothing is extracted to disk).
 *
 * Entries are matched by their base name (`ad_connectivity_matrix.csv` matches
 * `Supplementary-Data-S1/ad_connectivity_matrix.csv`); macOS resource forks (`__MACOSX/`,
 * `._*`) are ignored. Throws {@link DataFormatError} when the archive is unreadable or an
 * entry is missing.
 *
 * @param zipBytes the archive's bytes
 * @param names base names of the entries to read
 * @param fileLabel the archive's name, used in error messages
 */
export function readZipEntries(zipBytes: Uint8Array, names: readonly string[], fileLabel: string): Map<string, Uint8Array> {
  const wanted = new Set(names);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zipBytes, {
      filter: (f) => {
        if (f.name.startsWith('__MACOSX/')) return false;
        const base = f.name.slice(f.name.lastIndexOf('/') + 1);
        return wanted.has(base);
      },
    });
  } catch (cause) {
    throw new DataFormatError({
      file: fileLabel,
      line: 0,
      column: 0,
      problem: `not a readable zip archive (${(cause as Error).message})`,
      expected: 'the pinned Supplementary Data S1 zip',
      fix: 'Delete the file and run `olfactory data fetch` to download it again.',
    });
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, bytes] of Object.entries(files)) out.set(name.slice(name.lastIndexOf('/') + 1), bytes);
  const missing = names.filter((n) => !out.has(n));
  if (missing.length > 0) {
    throw new DataFormatError({
      file: fileLabel,
      line: 0,
      column: 0,
      problem: `missing entries ${missing.join(', ')}`,
      expected: `an archive containing ${names.join(', ')}`,
      fix: 'Delete the file and run `olfactory data fetch` to download it again.',
    });
  }
  return out;
}
