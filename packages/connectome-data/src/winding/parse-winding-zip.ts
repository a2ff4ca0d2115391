import { parseAnnotations } from '../csv/parse-annotations';
import { parseConnectivityMatrix } from '../csv/parse-connectivity-matrix';
import type { LabeledMatrix } from '../csv/labeled-matrix';
import { readZipEntries } from '../zip/read-zip-entries';
import { WINDING_MATRIX_NAMES, windingMatrixFile } from './winding-connectome';
import type { WindingConnectome, WindingMatrixName } from './winding-connectome';

/**
 * Parse Winding et al. 2023 Supplementary Data S1 straight from the zip bytes: the five
 * connectivity matrices into sparse form keyed by skeleton id, and `annotations.csv`.
 *
 * @param zipBytes bytes of `Supplementary-Data-S1.zip`
 * @param sourceSha256 the archive's sha256 (recorded in the result)
 * @param onStage optional progress callback, called before each file is parsed
 */
export function parseWindingZip(zipBytes: Uint8Array, sourceSha256: string, onStage?: (stage: { file: string; index: number; total: number }) => void): WindingConnectome {
  const files = [...WINDING_MATRIX_NAMES.map(windingMatrixFile), 'annotations.csv'];
  const entries = readZipEntries(zipBytes, files, 'Supplementary-Data-S1.zip');
  const matrices = {} as Record<WindingMatrixName, LabeledMatrix>;
  WINDING_MATRIX_NAMES.forEach((name, index) => {
    const file = windingMatrixFile(name);
    onStage?.({ file, index, total: files.length });
    matrices[name] = parseConnectivityMatrix(entries.get(file)!, file);
    entries.delete(file);
  });
  onStage?.({ file: 'annotations.csv', index: files.length - 1, total: files.length });
  const annotations = parseAnnotations(Buffer.from(entries.get('annotations.csv')!).toString('utf8'));
  return { matrices, annotations, sourceSha256 };
}
