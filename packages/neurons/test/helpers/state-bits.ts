/** Every typed array of a value (a simulator state), as raw bytes by path, so −0 and NaN payloads count too. */
export function stateBits(state: object): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const walk = (v: unknown, path: string): void => {
    if (ArrayBuffer.isView(v)) out[path] = Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(state, 'state');
  return out;
}

/** The typed arrays (by path) in which two states differ, [] when they hold the same bits. */
export function differingArrays(a: object, b: object): string[] {
  const x = stateBits(a);
  const y = stateBits(b);
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => x[k]?.length !== y[k]?.length || x[k]!.some((v, i) => v !== y[k]![i]));
}
