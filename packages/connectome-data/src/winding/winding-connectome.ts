import type { AnnotationRow } from '../csv/parse-annotations';
import type { LabeledMatrix } from '../csv/labeled-matrix';

/** The five synapse-count matrices of Winding et al. 2023 Data S1, by compartment. */
export const WINDING_MATRIX_NAMES = ['all-all', 'aa', 'ad', 'da', 'dd'] as const;
/** `all-all` = every synapse; `aa` axon→axon, `ad` axon→dendrite, `da` dendrite→axon, `dd` dendrite→dendrite. */
export type WindingMatrixName = (typeof WINDING_MATRIX_NAMES)[number];

/** The whole-brain larval connectome as published (2952 neurons), keyed by skeleton id. */
export interface WindingConnectome {
  readonly matrices: Readonly<Record<WindingMatrixName, LabeledMatrix>>;
  readonly annotations: readonly AnnotationRow[];
  /** sha256 of the zip archive the matrices were read from. */
  readonly sourceSha256: string;
}

/** File name of each matrix inside the archive. */
export function windingMatrixFile(name: WindingMatrixName): string {
  return `${name}_connectivity_matrix.csv`;
}
