import { OlfactoryError } from './olfactory-error';

const name = 'KernelFallbackError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A call on the arrays of a kernel arena created with `onFallback: 'throw'` could not take the
 * WebAssembly fast path (an input allocated outside the arena, connectivity not given when the
 * arena was created, or more neurons than the kernels' parameter slots).
 *
 * Message: `kernel fast path not taken: arenaLifForward: more than 1024 neurons, …. Allocate every input in the arena and pass the connectivity to createKernelArena, or create it with onFallback: 'count' to run such calls in JavaScript.`
 */
export class KernelFallbackError extends OlfactoryError {
  private readonly [symbol] = true;
  /** Why the fast path was not taken. */
  readonly reason: string;

  constructor(reason: string) {
    super({
      name,
      code: 'OLFACTORY_KERNEL_FALLBACK',
      message: `kernel fast path not taken: ${reason}. Allocate every input in the arena and pass the connectivity to createKernelArena, or create it with onFallback: 'count' to run such calls in JavaScript.`,
    });
    this.reason = reason;
  }

  static override isInstance(error: unknown): error is KernelFallbackError {
    return OlfactoryError.hasMarker(error, marker);
  }
}
