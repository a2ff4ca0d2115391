/**
 * Types of the pinned dataset registry: which files the toolkit reads, where a user's machine
 * downloads them from, and the exact bytes (size and sha256) it accepts.
 */

/** The public datasets the toolkit reads. */
export type DatasetId = 'winding2023' | 'door2' | 'microns-corticalblueprint';

/**
 * One pinned data file. Plain, JSON-serialisable data.
 *
 * @example
 *   const spec = getDataFileSpec('door2/Or42a.csv');
 *   spec.bytes;  // 67696
 *   spec.url;    // 'https://raw.githubusercontent.com/ropensci/DoOR.data/<commit>/data/Or42a.csv'
 */
export interface DataFileSpec {
  /**
   * Path relative to the data directory, always with `/` separators and the dataset id as the
   * first segment, e.g. `'door2/Or42a.csv'`.
   */
  readonly path: string;
  /** The dataset the file belongs to. */
  readonly dataset: DatasetId;
  /** Public download URL, pinned to an immutable commit. */
  readonly url: string;
  /** Exact size of the pinned file, bytes. */
  readonly bytes: number;
  /** sha256 of the pinned file, 64 lowercase hex digits. */
  readonly sha256: string;
  /** SPDX-style licence of the file, e.g. `'CC-BY-4.0'`. */
  readonly licence: string;
  /** How to cite the dataset (authors, year, title, journal, DOI). */
  readonly citation: string;
}

/** Provenance of one dataset: where it comes from, at which commit, under which licence. */
export interface DatasetInfo {
  /** Dataset id; also the first path segment of its files. */
  readonly id: DatasetId;
  /** Human-readable title. */
  readonly title: string;
  /** Source repository, `owner/name` on GitHub. */
  readonly repository: string;
  /** The pinned commit of `repository` the files are taken from. */
  readonly commit: string;
  /** SPDX-style licence, e.g. `'CC-BY-4.0'`. */
  readonly licence: string;
  /** How to cite the dataset. */
  readonly citation: string;
  /** DOI of the paper describing the dataset. */
  readonly doi: string;
}
