import { InvalidParameterError } from '../errors/invalid-parameter-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import type { Vec, VecConstructor } from './vec';

/** @internal A finite number, or throw InvalidParameterError naming `parameter`. */
export function finiteNumber(parameter: string, value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidParameterError({ parameter, value, expected: `a finite number (${what})` });
  }
  return value;
}

/** @internal A finite number > 0 (time constants, resistances, conductances). */
export function positiveNumber(parameter: string, value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidParameterError({ parameter, value, expected: `a finite number > 0 (${what})` });
  }
  return value;
}

/** @internal A finite number ≥ 0. */
export function nonNegativeNumber(parameter: string, value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidParameterError({ parameter, value, expected: `a finite number >= 0 (${what})` });
  }
  return value;
}

/** @internal A positive integer (population sizes). */
export function positiveInteger(parameter: string, value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new InvalidParameterError({ parameter, value, expected: `an integer > 0 (${what})` });
  }
  return value;
}

/**
 * @internal A per-neuron array of length `n` from a scalar (broadcast) or an array; every entry
 * finite. Returns a fresh copy of type `ctor`.
 */
export function perNeuronArray(functionName: string, parameter: string, value: number | ArrayLike<number>, n: number, what: string, ctor: VecConstructor): Vec {
  if (typeof value === 'number') {
    finiteNumber(parameter, value, what);
    return new ctor(n).fill(value);
  }
  if (value == null || typeof (value as ArrayLike<number>).length !== 'number') {
    throw new InvalidParameterError({ parameter, value, expected: `a number or an array of ${n} numbers (${what})` });
  }
  if (value.length !== n) {
    throw new ShapeMismatchError({ argument: parameter, functionName, actual: `length ${value.length}`, expected: `${n} (one entry per neuron)` });
  }
  const out = new ctor(n);
  for (let i = 0; i < n; i++) {
    const x = value[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new InvalidParameterError({ parameter: `${parameter}[${i}]`, value: x, expected: `a finite number (${what})` });
    }
    out[i] = x;
  }
  return out;
}
