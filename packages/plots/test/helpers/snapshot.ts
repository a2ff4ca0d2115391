import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeSvg } from '../../src/svg/create-svg-document';

const DIR = join(__dirname, '..', '__snapshots__');

/**
 * Compares the serialized SVG byte-for-byte with `test/__snapshots__/<name>.svg`.
 * `UPDATE_SNAPSHOTS=1` (or a missing file) writes the snapshot instead.
 */
export function expectSvgSnapshot(svg: Element, name: string): void {
  const text = serializeSvg(svg);
  const file = join(DIR, `${name}.svg`);
  if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(file)) {
    if (process.env.CI && !existsSync(file)) throw new Error(`missing snapshot ${file}; run with UPDATE_SNAPSHOTS=1 locally and commit it.`);
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, text);
    return;
  }
  const expected = readFileSync(file, 'utf8');
  if (text !== expected) {
    // Show the first differing region instead of a megabyte diff.
    let i = 0;
    while (i < text.length && text[i] === expected[i]) i++;
    throw new Error(
      `SVG snapshot ${name}.svg differs at byte ${i}:\n  expected: …${expected.slice(Math.max(0, i - 60), i + 80)}…\n  received: …${text.slice(Math.max(0, i - 60), i + 80)}…\n` +
        `Re-run with UPDATE_SNAPSHOTS=1 if the change is intended.`,
    );
  }
}
