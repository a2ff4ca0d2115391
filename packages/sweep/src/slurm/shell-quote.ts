/**
 * Quote one word for bash: `'…'`, with each `'` written as `'\''`. Words made only of safe
 * characters are returned as they are.
 * @example shellQuote("it's") // 'it'\''s'
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
