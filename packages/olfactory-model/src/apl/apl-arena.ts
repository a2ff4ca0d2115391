import type { CsrMatrix, KernelArena, KernelArenaOptions } from '@olfactory/neurons';
import { createKernelArena } from '@olfactory/neurons';
import { defineKernelExtension, extensionArena } from '@olfactory/neurons/extend';
import type { ExtensionArena } from '@olfactory/neurons/extend';
import { aplBackwardKernel, aplForwardKernel } from './apl-kernels';
import type { AplCircuit, AplStepOutput } from './apl-step';
import type { AplStepScalars } from './apl-coefficients';

/**
 * The APL step's WebAssembly kernels as a kernel-arena extension of `@olfactory/neurons`, and
 * their dispatch from `aplForward` / `aplBackward`: when every array of a call lives in one
 * arena that holds the circuit's connectivity, the step runs there, bit-identical to the
 * JavaScript loops (tested).
 */
export const aplKernelExtension = defineKernelExtension('apl', [aplForwardKernel(), aplBackwardKernel()]);

/** Options of {@link createCircuitKernelArena}: those of neurons' `createKernelArena`, plus APL circuits. */
export interface CircuitKernelArenaOptions extends KernelArenaOptions {
  /** APL circuits whose steps may run in the arena. Default none. */
  readonly apl?: readonly AplCircuit[];
}

/**
 * `createKernelArena` of `@olfactory/neurons` with the APL kernels: the circuits' three
 * matrices are uploaded and the APL extension instantiated on the arena's memory.
 *
 * @example
 *   const arena = createCircuitKernelArena({ apl: [circuit.apl], float32Elements: 4096 });
 */
export function createCircuitKernelArena(options: CircuitKernelArenaOptions): KernelArena | null {
  const { apl = [], ...rest } = options;
  return createKernelArena({
    ...rest,
    matrices: [...(rest.matrices ?? []), ...apl.flatMap((a) => [a.kcToAplT, a.kcDendriteToAplT, a.aplToKc])],
    extensions: [...(rest.extensions ?? []), ...(apl.length > 0 ? [aplKernelExtension] : [])],
  });
}

type Arr = Float32Array | Float64Array;

/** The (rowPtr, colIdx, values) offsets of the three APL matrices, if the arena holds them. */
function aplMatrices(x: ExtensionArena, circuit: AplCircuit): number[] | null {
  const out: number[] = [];
  for (const m of [circuit.kcToAplT, circuit.kcDendriteToAplT, circuit.aplToKc] as CsrMatrix[]) {
    const u = x.matrix(m);
    if (u === null) return null;
    out.push(u.rowPtr, u.colIdx, u.values);
  }
  return out;
}

/** `aplForward` in the arena of its arrays, if they all live in one that holds the circuit; false = nothing done. */
export function arenaAplForward(circuit: AplCircuit, c: AplStepScalars, activity: Arr, kcCounts: Arr, vDendriteMv: Arr, out: AplStepOutput): boolean {
  const x = extensionArena(aplKernelExtension, out.inhibition);
  if (x === null) return false;
  const mats = aplMatrices(x, circuit);
  if (mats === null || !x.holds(activity) || !x.holds(kcCounts) || !x.holds(vDendriteMv) || !x.holds(out.activity))
    return x.fallback(`arenaAplForward: an array outside this arena, or connectivity not uploaded to it`, false);
  x.countCall();
  x.kernels.aplForward!(
    activity.length / circuit.nApl,
    circuit.nKc,
    circuit.nApl,
    ...mats,
    x.ptr(activity),
    x.ptr(kcCounts),
    x.ptr(vDendriteMv),
    x.ptr(out.activity),
    x.ptr(out.inhibition),
    c.strength,
    c.dendGain,
    c.aplGain,
    c.beta,
    c.invDen,
    c.inject,
    circuit.vResetMv,
  );
  return true;
}

/**
 * `aplBackward` in the arena: on success returns the raw sums [g ln s, g dendritic, g APL gain,
 * g β] accumulated in the JavaScript order (the caller applies the chain rule), else `null`.
 */
export function arenaAplBackward(
  circuit: AplCircuit,
  c: AplStepScalars,
  activity: Arr,
  kcCounts: Arr,
  vDendriteMv: Arr,
  gAout: Arr | null,
  gD: Arr | null,
  gA: Arr | null,
  gC: Arr | null,
  gVd: Arr | null,
): [number, number, number, number] | null {
  const x = extensionArena(aplKernelExtension, activity);
  if (x === null) return null;
  const mats = aplMatrices(x, circuit);
  if (mats === null || !x.holds(kcCounts) || !x.holds(vDendriteMv) || !x.holds(gAout) || !x.holds(gD) || !x.holds(gA) || !x.holds(gC) || !x.holds(gVd))
    return x.fallback(`arenaAplBackward: an array outside this arena, or connectivity not uploaded to it`, null);
  const f64 = x.f64;
  const s0 = x.scratch >> 3;
  f64.fill(0, s0, s0 + 4);
  x.countCall();
  x.kernels.aplBackward!(
    activity.length / circuit.nApl,
    circuit.nKc,
    circuit.nApl,
    ...mats,
    x.ptr(activity),
    x.ptr(kcCounts),
    x.ptr(vDendriteMv),
    x.ptr(gAout),
    x.ptr(gD),
    x.ptr(gA),
    x.ptr(gC),
    x.ptr(gVd),
    x.scratch,
    c.strength,
    c.dendGain,
    c.aplGain,
    c.beta,
    c.invDen,
    c.inject,
    circuit.vResetMv,
  );
  return [f64[s0]!, f64[s0 + 1]!, f64[s0 + 2]!, f64[s0 + 3]!];
}
