import type { Code, WasmFunction } from '@olfactory/neurons/extend';
import { Fn, ValType, cat, f64c, fadd, fmul, fsub, i32c, iadd, imul, ishl, ldf32, ldi32, loop, op, stf32, when } from '@olfactory/neurons/extend';

/**
 * Code generation of the graded APL step and its VJP (`aplForward` / `aplBackward` of
 * apl-step.ts), statement for statement: per sample, per APL unit, the sparse sums over the
 * KCs in entry order, float64 arithmetic, float32 stores. The three connectivity matrices
 * (W_KAᵀ, W_KA,daᵀ, W_AK; n_APL rows) are passed as (rowPtr, colIdx, values) byte offsets.
 */

const I32 = ValType.i32;
const F64 = ValType.f64;
const MATS = ['ka', 'kd', 'ak'] as const;
const matParams = MATS.flatMap(
  (m) =>
    [
      [`${m}Ptr`, I32],
      [`${m}Col`, I32],
      [`${m}Val`, I32],
    ] as const,
);

/** for e in row a of matrix m: body (with locals e, end, col = the KC index of the sample, w = the value). */
const entries = (f: Fn, m: string, body: Code) =>
  cat(
    f.set('e', ldi32(iadd(f.get(`${m}Ptr`), ishl(f.get('a'), 2)))),
    f.set('end', ldi32(iadd(f.get(`${m}Ptr`), ishl(iadd(f.get('a'), i32c(1)), 2)))),
    loop(
      f,
      'e',
      f.get('e'),
      f.get('end'),
      cat(f.set('col', ishl(iadd(f.get('ok'), ldi32(iadd(f.get(`${m}Col`), ishl(f.get('e'), 2)))), 2)), f.set('w', ldf32(iadd(f.get(`${m}Val`), ishl(f.get('e'), 2)))), body),
    ),
  );
/** qW = Σ C_k·W_KA and dW = Σ relu(V_d,k − V_reset)·W_KA,da (only x > 0 adds), then in. */
const drive = (f: Fn) =>
  cat(
    f.set('qW', f64c(0)),
    entries(f, 'ka', f.set('qW', fadd(f.get('qW'), fmul(ldf32(iadd(f.get('counts'), f.get('col'))), f.get('w'))))),
    f.set('dW', f64c(0)),
    entries(
      f,
      'kd',
      cat(f.set('x', fsub(ldf32(iadd(f.get('vd'), f.get('col'))), f.get('vReset'))), when(cat(f.get('x'), f64c(0), op.f64Gt), f.set('dW', fadd(f.get('dW'), fmul(f.get('x'), f.get('w')))))),
    ),
    // in = strength·qW·invDen + dendGain·dW;  A2 = β·A + (1 − β)·in + inject
    f.set('in', fadd(fmul(fmul(f.get('strength'), f.get('qW')), f.get('invDen')), fmul(f.get('dendGain'), f.get('dW')))),
    f.set('A0', ldf32(iadd(f.get('activity'), ishl(iadd(imul(f.get('b'), f.get('nApl')), f.get('a')), 2)))),
    f.set('A2', fadd(fadd(fmul(f.get('beta'), f.get('A0')), fmul(fsub(f64c(1), f.get('beta')), f.get('in'))), f.get('inject'))),
  );
const perSampleAndUnit = (f: Fn, perSample: Code, perUnit: Code) =>
  loop(f, 'b', i32c(0), f.get('batch'), cat(f.set('ok', imul(f.get('b'), f.get('nKc'))), perSample, loop(f, 'a', i32c(0), f.get('nApl'), perUnit)));
const common = [['batch', I32], ['nKc', I32], ['nApl', I32], ...matParams, ['activity', I32], ['counts', I32], ['vd', I32]] as const;
const scalars = ['strength', 'dendGain', 'aplGain', 'beta', 'invDen', 'inject', 'vReset'].map((p) => [p, F64] as const);
function aplFn(extra: readonly (readonly [string, typeof I32 | typeof F64])[]): Fn {
  const f = new Fn([...common, ...extra, ...scalars]);
  for (const n of ['b', 'a', 'ok', 'e', 'end', 'col']) f.declare(n, I32);
  for (const n of ['w', 'qW', 'dW', 'x', 'in', 'A0', 'A2']) f.declare(n, F64);
  return f;
}

/** `aplForward` over the whole batch. */
export function aplForwardKernel(): WasmFunction {
  const f = aplFn([
    ['outA', I32],
    ['outD', I32],
  ]);
  const zeroD = cat(iadd(f.get('outD'), ishl(f.get('ok'), 2)), i32c(0), ishl(f.get('nKc'), 2), op.memoryFill);
  const unit = cat(
    drive(f),
    stf32(iadd(f.get('outA'), ishl(iadd(imul(f.get('b'), f.get('nApl')), f.get('a')), 2)), f.get('A2')),
    // D_k += relu(A2)·aplGain·W_AK (o = A2·aplGain)
    when(
      cat(f.get('A2'), f64c(0), op.f64Gt),
      cat(f.set('x', fmul(f.get('A2'), f.get('aplGain'))), entries(f, 'ak', stf32(iadd(f.get('outD'), f.get('col')), fadd(ldf32(iadd(f.get('outD'), f.get('col'))), fmul(f.get('x'), f.get('w')))))),
    ),
  );
  return f.build('aplForward', [perSampleAndUnit(f, zeroD, unit)]);
}

/**
 * `aplBackward` over the whole batch; the four raw parameter sums (g ln s, g dend, g apl, g β)
 * are read from and written back to the float64 slots at `sums`.
 */
export function aplBackwardKernel(): WasmFunction {
  const f = aplFn([
    ['gAout', I32],
    ['gD', I32],
    ['gA', I32],
    ['gC', I32],
    ['gVd', I32],
    ['sums', I32],
  ]);
  for (const n of ['go', 'gA2', 'gin', 'c', 'gLogS', 'gDend', 'gApl', 'gBeta']) f.declare(n, F64);
  const sumSlots = ['gLogS', 'gDend', 'gApl', 'gBeta'];
  const load = cat(...sumSlots.map((n, i) => f.set(n, cat(f.get('sums'), op.f64Load(8 * i)))));
  const store = cat(...sumSlots.map((n, i) => cat(f.get('sums'), f.get(n), op.f64Store(8 * i))));
  const ia4 = ishl(iadd(imul(f.get('b'), f.get('nApl')), f.get('a')), 2);
  const unitBody = cat(
    drive(f),
    f.set('gA2', cat(f.get('gAout'), op.ifF64, ldf32(iadd(f.get('gAout'), ia4)), op.else, f64c(0), op.end)),
    when(
      f.get('gD'),
      cat(
        f.set('go', f64c(0)),
        entries(f, 'ak', f.set('go', fadd(f.get('go'), fmul(f.get('w'), ldf32(iadd(f.get('gD'), f.get('col'))))))),
        when(cat(f.get('A2'), f64c(0), op.f64Gt), cat(f.set('gA2', fadd(f.get('gA2'), fmul(f.get('go'), f.get('aplGain')))), f.set('gApl', fadd(f.get('gApl'), fmul(f.get('go'), f.get('A2')))))),
      ),
    ),
    when(
      cat(f.get('gA2'), f64c(0), op.f64Ne),
      cat(
        when(f.get('gA'), stf32(iadd(f.get('gA'), ia4), fadd(ldf32(iadd(f.get('gA'), ia4)), fmul(f.get('beta'), f.get('gA2'))))),
        f.set('gin', fmul(fsub(f64c(1), f.get('beta')), f.get('gA2'))),
        f.set('gBeta', fadd(f.get('gBeta'), fmul(f.get('gA2'), fsub(f.get('A0'), f.get('in'))))),
        f.set('gLogS', fadd(f.get('gLogS'), fmul(fmul(fmul(f.get('gin'), f.get('strength')), f.get('qW')), f.get('invDen')))),
        f.set('gDend', fadd(f.get('gDend'), fmul(fmul(f.get('gin'), f64c(1e-3)), f.get('dW')))),
        when(
          f.get('gC'),
          cat(
            f.set('c', fmul(fmul(f.get('gin'), f.get('strength')), f.get('invDen'))),
            entries(f, 'ka', stf32(iadd(f.get('gC'), f.get('col')), fadd(ldf32(iadd(f.get('gC'), f.get('col'))), fmul(f.get('c'), f.get('w'))))),
          ),
        ),
        when(
          f.get('gVd'),
          cat(
            f.set('c', fmul(f.get('gin'), f.get('dendGain'))),
            entries(
              f,
              'kd',
              when(
                cat(fsub(ldf32(iadd(f.get('vd'), f.get('col'))), f.get('vReset')), f64c(0), op.f64Gt),
                stf32(iadd(f.get('gVd'), f.get('col')), fadd(ldf32(iadd(f.get('gVd'), f.get('col'))), fmul(f.get('c'), f.get('w')))),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  return f.build('aplBackward', [load, perSampleAndUnit(f, [], unitBody), store]);
}
