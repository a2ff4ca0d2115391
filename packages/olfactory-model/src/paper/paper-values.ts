import raw from '../../paper-values.json';

/** One value the paper prints, with its unit, its seed-to-seed σ when given, and where it comes from. */
export interface PaperValue {
  readonly key: string;
  readonly value: number;
  /** Population std over seeds 42–46, when the paper gives one. */
  readonly std?: number;
  readonly unit: string;
  readonly source: string;
  readonly note?: string;
}

/**
 * Every value the paper (Watts & Webb 2026) and its reference repository print (spec §5.1–5.5),
 * keyed like `r1.ce-only.accuracy` or `r6.n56.kcAtUpperBoundPercent`; the same list ships as
 * `@olfactory/model/paper-values.json`.
 */
export const PAPER_VALUES: readonly PaperValue[] = Object.freeze((raw as { values: PaperValue[] }).values.map((v) => Object.freeze({ ...v })));

const byKey = new Map(PAPER_VALUES.map((v) => [v.key, v]));

/** The paper's value for a key, or undefined when the paper prints none. */
export function paperValue(key: string): PaperValue | undefined {
  return byKey.get(key);
}
