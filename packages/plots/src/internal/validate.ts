/**
 * Boundary validation shared by the figure functions. Every message names the function and the
 * argument, the offending value and what was expected (house style §15).
 */

/** Throws a TypeError unless `values` is array-like. Returns it as a plain array. */
export function toNumberArray(fn: string, name: string, values: unknown): number[] {
  if (values === null || values === undefined || typeof values === 'string' || typeof (values as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`Argument '${name}' passed to '${fn}' is ${describe(values)}; expected an array of numbers.`);
  }
  return Array.from(values as ArrayLike<number>, Number);
}

/**
 * Validates a numeric array: array-like, optionally of an exact length, and (unless `allowNaN`)
 * free of NaN/±Infinity. Returns a plain array.
 */
export function finiteArray(fn: string, name: string, values: unknown, opts: { length?: number; lengthOf?: string; allowNaN?: boolean; min?: number } = {}): number[] {
  const arr = toNumberArray(fn, name, values);
  if (opts.length !== undefined && arr.length !== opts.length) {
    throw new RangeError(`Argument '${name}' passed to '${fn}' has length ${arr.length}; expected ${opts.length}${opts.lengthOf ? ` (${opts.lengthOf})` : ''}.`);
  }
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i]!;
    if (!opts.allowNaN && !Number.isFinite(v)) {
      throw new RangeError(`Argument '${name}' passed to '${fn}' has ${v} at index ${i}; expected finite numbers.`);
    }
    if (opts.min !== undefined && v < opts.min) {
      throw new RangeError(`Argument '${name}' passed to '${fn}' has ${v} at index ${i}; expected values >= ${opts.min}.`);
    }
  }
  return arr;
}

/** Validates a `[lo, hi]` domain: two finite numbers with lo < hi. */
export function domainOf(fn: string, name: string, domain: unknown): [number, number] {
  if (!Array.isArray(domain) || domain.length !== 2) {
    throw new TypeError(`Option '${name}' passed to '${fn}' is ${describe(domain)}; expected a [min, max] pair of finite numbers.`);
  }
  const [lo, hi] = domain as [number, number];
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    throw new RangeError(`Option '${name}' passed to '${fn}' is [${lo}, ${hi}]; expected finite numbers with min < max.`);
  }
  return [lo, hi];
}

/** Validates a positive finite number option (sizes, scales). */
export function positiveNumber(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Option '${name}' passed to '${fn}' is ${describe(value)}; expected a finite number > 0.`);
  }
  return value;
}

/** Validates that a list is non-empty. */
export function nonEmpty<T>(fn: string, name: string, list: unknown): readonly T[] {
  if (!Array.isArray(list)) throw new TypeError(`Argument '${name}' passed to '${fn}' is ${describe(list)}; expected an array.`);
  if (list.length === 0) throw new RangeError(`Argument '${name}' passed to '${fn}' is empty; expected at least one entry.`);
  return list as readonly T[];
}

/** Side of a square row-major matrix of `length` entries, or a RangeError. */
export function squareSide(fn: string, name: string, length: number): number {
  const n = Math.round(Math.sqrt(length));
  if (n < 1 || n * n !== length) {
    throw new RangeError(`Argument '${name}' passed to '${fn}' has ${length} values; expected a square n × n matrix (row-major, n² values).`);
  }
  return n;
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string "${v}"`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'number') return String(v);
  return typeof v;
}

/** Small type guards with house-style messages. */
export const type = {
  /** A positive integer argument (sizes, counts). */
  positiveInteger(fn: string, name: string, value: unknown): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new RangeError(`Argument '${name}' passed to '${fn}' is ${describe(value)}; expected a positive integer.`);
    }
    return value;
  },
};
