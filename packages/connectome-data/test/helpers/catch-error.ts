/**
 * Run `f` and return the error it throws, checked with the error class's cross-copy
 * `isInstance`. Fails the test when `f` does not throw or throws something else.
 */
export function catchError<E>(isInstance: (e: unknown) => e is E, f: () => unknown): E {
  try {
    f();
  } catch (e) {
    if (isInstance(e)) return e;
    throw e;
  }
  throw new Error('expected the call to throw');
}
