/**
 * Split one CSV line into fields: separator `sep`, fields optionally wrapped in double quotes
 * with `""` as an escaped quote (RFC 4180). Returns the fields and whether each was quoted
 * (R writes `NA` unquoted and strings quoted, so the distinction can matter).
 *
 * Returns `undefined` when a quoted field is not closed on this line.
 */
export function splitCsvLine(line: string, sep: string): { fields: string[]; quoted: boolean[] } | undefined {
  const fields: string[] = [];
  const quoted: boolean[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) return undefined;
        const ch = line[i]!;
        if (ch === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += ch;
        i++;
      }
      fields.push(value);
      quoted.push(true);
      // Anything between the closing quote and the separator is kept verbatim (lenient).
      let rest = '';
      while (i < n && line[i] !== sep) rest += line[i++];
      if (rest) fields[fields.length - 1] += rest;
    } else {
      let end = line.indexOf(sep, i);
      if (end < 0) end = n;
      fields.push(line.slice(i, end));
      quoted.push(false);
      i = end;
    }
    if (i >= n) break;
    i++; // separator
  }
  return { fields, quoted };
}

/** Split text into lines, accepting `\n` and `\r\n`, dropping one trailing empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
