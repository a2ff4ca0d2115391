import type { ValTypeCode, WasmFunction } from './wasm-encoder';
import { ValType, op } from './wasm-encoder';
import type { Code } from './wasm-builder';
import { Fn, cat, choose, chooseI32, laneLoop, f64c, fadd, fmul, fsub, i32c, iadd, ifElse, ilt, imul, ishl, ldf32, ldf64, ldi32, loop, select, stf32, stf64, when } from './wasm-builder';
import { SUMS, SYNAPSE_TILE } from './kernel-layout';

/**
 * Code generation of the synapse-step kernels run by `kernel-arena.ts` (see its documentation
 * for what they compute and why the results are bit-identical to the JavaScript loops).
 */

const I32 = ValType.i32;
const F64 = ValType.f64;
const V128 = ValType.v128;
const SPARSE_PARAMS = [
  ['rowPtr', I32],
  ['colIdx', I32],
  ['values', I32],
  ['rows', I32],
  ['nRows', I32],
  ['rowTile', I32],
  ['colTile', I32],
] as const;
const PAIRS = SYNAPSE_TILE / 2;

/** Shared head of both sparse loops: for each listed row j, its entry range [e, end). */
function sparseRows(f: Fn, perRow: (rowBody: Code) => Code, perEntry: Code, afterEntries: Code): Code {
  const range = cat(f.set('p', iadd(f.get('rowPtr'), ishl(f.get('j'), 2))), f.set('e', ldi32(f.get('p'))), f.set('end', cat(f.get('p'), op.i32Load(4))));
  const entries = loop(f, 'e', f.get('e'), f.get('end'), perEntry);
  return loop(f, 'a', i32c(0), f.get('nRows'), cat(f.set('j', ldi32(iadd(f.get('rows'), ishl(f.get('a'), 2)))), perRow(cat(range, entries)), afterEntries));
}
function sparseFn(): Fn {
  const f = new Fn(SPARSE_PARAMS);
  for (const n of ['a', 'j', 'e', 'end', 'p']) f.declare(n, I32);
  f.declare('w', V128);
  for (let g = 0; g < PAIRS; g++) f.declare(`v${g}`, V128);
  return f;
}
/** addr = tile + index·stride; w = splat(f64(values[e])). */
const entryAt = (f: Fn, stride: number) =>
  cat(
    f.set('p', iadd(f.get('colTile'), imul(ldi32(iadd(f.get('colIdx'), ishl(f.get('e'), 2))), i32c(stride)))),
    f.set('w', cat(f.get('values'), f.get('e'), i32c(2), op.i32Shl, op.i32Add, op.f32Load(), op.f64PromoteF32, op.f64x2Splat)),
  );

/** Row tile (float64 p, `row × 16`) → column tile (float32 Σ, `k × 16`): J[k, lane] = f32(f64(J) + p·w). */
export function scatterKernel(): WasmFunction {
  const f = sparseFn();
  const rowAddr = f.set('p', iadd(f.get('rowTile'), imul(f.get('a'), i32c(8 * SYNAPSE_TILE))));
  const loadP: number[] = [...rowAddr];
  for (let g = 0; g < PAIRS; g++) loadP.push(...f.set(`v${g}`, cat(f.get('p'), op.v128Load(16 * g))));
  const any: number[] = [...f.get('v0')];
  for (let g = 1; g < PAIRS; g++) any.push(...f.get(`v${g}`), ...op.v128Or);
  any.push(...op.v128AnyTrue);
  const update: number[] = [...entryAt(f, 4 * SYNAPSE_TILE)];
  for (let g = 0; g < PAIRS; g++) {
    update.push(
      ...f.get('p'),
      ...f.get('p'),
      ...op.v128Load64Zero(8 * g),
      ...op.f64x2PromoteLowF32x4,
      ...f.get(`v${g}`),
      ...f.get('w'),
      ...op.f64x2Mul,
      ...op.f64x2Add,
      ...op.f32x4DemoteF64x2Zero,
      ...op.v128Store64Lane(8 * g, 0),
    );
  }
  // rows whose 16 release values are all +0 add nothing (J ≥ +0 throughout): skip them
  return f.build(null, [sparseRows(f, (rowBody) => cat(loadP, when(any, rowBody)), update, [])]);
}

/** Column tile (float64 h, `k × 16`) → row tile (float64 gp, `row × 16`), accumulating in entry order. */
export function gatherKernel(): WasmFunction {
  const f = sparseFn();
  const zero: number[] = [];
  for (let g = 0; g < PAIRS; g++) zero.push(...f.set(`v${g}`, op.v128Zero));
  const update: number[] = [...entryAt(f, 8 * SYNAPSE_TILE)];
  for (let g = 0; g < PAIRS; g++) update.push(...f.set(`v${g}`, cat(f.get(`v${g}`), f.get('w'), f.get('p'), op.v128Load(16 * g), op.f64x2Mul, op.f64x2Add)));
  const store: number[] = [...f.set('p', iadd(f.get('rowTile'), imul(f.get('a'), i32c(8 * SYNAPSE_TILE))))];
  for (let g = 0; g < PAIRS; g++) store.push(...f.get('p'), ...f.get(`v${g}`), ...op.v128Store(16 * g));
  return f.build(null, [sparseRows(f, (rowBody) => cat(zero, rowBody), update, store)]);
}

const STEP_PARAMS = [
  ['rowPtr', I32],
  ['colIdx', I32],
  ['values', I32],
  ['rows', I32],
  ['nRows', I32],
  ['cols', I32],
  ['nCols', I32],
  ['rowTile', I32],
  ['colTile', I32],
  ['nPre', I32],
  ['nPost', I32],
  ['b0', I32],
  ['lanes', I32],
] as const;

/** Element address `base + 4·(offset + list[i])` and friends. */
const listed = (f: Fn, list: string, i: string) => ldi32(iadd(f.get(list), ishl(f.get(i), 2)));
const el = (f: Fn, base: string) => iadd(f.get(base), f.get('idx4'));
const tileAt = (f: Fn, tile: string, index: string, bytes: number) => iadd(f.get(tile), ishl(iadd(ishl(f.get(index), 4), f.get('lane')), bytes === 8 ? 3 : 2));

/**
 * The per-element branches of a synapse kernel on its optional inputs (null pointers, the
 * depression switch), or none: a `full` kernel is generated for the calls the circuit engine
 * makes in training — a depressing synapse with release noise (forward); every optional array
 * given and only connected rows visited (backward) — and runs the same statements without
 * testing for them (the backward ≈ 15 % faster; the same operations on every element).
 */
function branches(f: Fn, full: boolean) {
  return {
    /** `name ? body : nothing`. */
    when: (name: string, body: Code) => (full ? body : when(f.get(name), body)),
    /** `name ? a : b` (float64). */
    choose: (name: string, a: Code, b: Code) => (full ? a : choose(f.get(name), a, b)),
    /** `name ? a : b` (statements). */
    ifElse: (name: string, a: Code, b: Code) => (full ? a : ifElse(f.get(name), a, b)),
  };
}

/**
 * One forward step on a tile of samples [b0, b0 + lanes): release and depletion per listed row
 * into the row tile, the scatter, then I' = α·I + S·Σ·(1 + ξ) and acc += I' per listed column.
 */
export function synapseForwardKernel(scatterIndex: number, full = false): WasmFunction {
  const f = new Fn([
    ...STEP_PARAMS,
    ['spikes', I32],
    ['x', I32],
    ['xOut', I32],
    ['I', I32],
    ['J', I32],
    ['xi', I32],
    ['acc', I32],
    ['depression', I32],
    ['U', F64],
    ['r', F64],
    ['alpha', F64],
    ['scale', F64],
  ]);
  for (const n of ['lane', 'a', 'c', 'k', 'j', 'base', 'idx4']) f.declare(n, I32);
  for (const n of ['s', 'x0', 'x1', 'cl', 'p', 'v']) f.declare(n, F64);
  const br = branches(f, full);
  const x1 = fsub(f64c(1), fmul(fsub(f64c(1), f.get('x0')), f.get('r')));
  const clip = select(f64c(0), select(f64c(1), f.get('s'), cat(f.get('s'), f64c(1), op.f64Gt)), cat(f.get('s'), f64c(0), op.f64Lt));
  const releaseRow = cat(
    f.set('j', listed(f, 'rows', 'a')),
    f.set('idx4', ishl(iadd(f.get('base'), f.get('j')), 2)),
    f.set('s', ldf32(el(f, 'spikes'))),
    br.ifElse(
      'depression',
      cat(
        f.set('x0', ldf32(el(f, 'x'))),
        f.set('x1', x1),
        f.set('cl', clip),
        stf32(el(f, 'xOut'), fmul(f.get('x1'), fsub(f64c(1), fmul(f.get('U'), f.get('cl'))))),
        f.set('p', fmul(fmul(f.get('s'), f.get('U')), f.get('x1'))),
      ),
      cat(el(f, 'xOut'), el(f, 'x'), op.f32Load(), op.f32Store(), f.set('p', f.get('s'))),
    ),
    stf64(tileAt(f, 'rowTile', 'a', 8), f.get('p')),
  );
  const releaseAll = laneLoop(
    f,
    SYNAPSE_TILE,
    cat(f.set('base', imul(iadd(f.get('b0'), f.get('lane')), f.get('nPre'))), loop(f, 'a', i32c(0), f.get('nRows'), releaseRow)),
    loop(f, 'a', i32c(0), f.get('nRows'), stf64(tileAt(f, 'rowTile', 'a', 8), f64c(0))),
  );
  const sum = ldf32(tileAt(f, 'colTile', 'k', 4));
  const noisy = fadd(fmul(f.get('alpha'), ldf32(el(f, 'I'))), fmul(fmul(f.get('scale'), sum), fadd(f64c(1), ldf32(el(f, 'xi')))));
  const clean = fadd(fmul(f.get('alpha'), ldf32(el(f, 'I'))), fmul(f.get('scale'), sum));
  const updateCol = cat(
    f.set('k', listed(f, 'cols', 'c')),
    f.set('idx4', ishl(iadd(f.get('base'), f.get('k')), 2)),
    stf32(el(f, 'J'), br.choose('xi', noisy, clean)),
    // (tested per column in every variant: the engine's KC pathways accumulate nowhere)
    when(f.get('acc'), stf32(el(f, 'acc'), fadd(ldf32(el(f, 'acc')), ldf32(el(f, 'J'))))),
  );
  const updateAll = loop(f, 'lane', i32c(0), f.get('lanes'), cat(f.set('base', imul(iadd(f.get('b0'), f.get('lane')), f.get('nPost'))), loop(f, 'c', i32c(0), f.get('nCols'), updateCol)));
  const zeroCols = cat(f.get('colTile'), i32c(0), imul(f.get('nPost'), i32c(4 * SYNAPSE_TILE)), op.memoryFill);
  const scatter = cat(f.get('rowPtr'), f.get('colIdx'), f.get('values'), f.get('rows'), f.get('nRows'), f.get('rowTile'), f.get('colTile'), op.call(scatterIndex));
  return f.build(full ? 'synapseForwardFull' : 'synapseForward', [releaseAll, zeroCols, scatter, updateAll]);
}

/**
 * The VJP on a tile: h = S·(g1 + g2)·(1 + ξ) per listed column (gI += α·gt), the gather, then
 * per listed row the spike, resource and parameter terms (sums read from and written back to
 * address 16, so tiles accumulate in sample order).
 */
export function synapseBackwardKernel(gatherIndex: number, full = false): WasmFunction {
  const f = new Fn([
    ...STEP_PARAMS,
    ['spikes', I32],
    ['x', I32],
    ['xi', I32],
    ['g1', I32],
    ['g2', I32],
    ['gXout', I32],
    ['gI', I32],
    ['gX', I32],
    ['gS', I32],
    ['depression', I32],
    ['U', F64],
    ['r', F64],
    ['alpha', F64],
    ['scale', F64],
  ]);
  for (const n of ['lane', 'a', 'c', 'k', 'j', 'base', 'idx4', 'inClip']) f.declare(n, I32);
  for (const n of ['gt', 's', 'x0', 'x1', 'cl', 'gp', 'gx2', 'gx1', 'gLogS', 'gU', 'gR']) f.declare(n, F64);
  const br = branches(f, full);
  // 1. h into the column tile
  const gt = br.choose('g2', fadd(ldf32(el(f, 'g1')), ldf32(el(f, 'g2'))), ldf32(el(f, 'g1')));
  const hCol = cat(
    f.set('k', listed(f, 'cols', 'c')),
    f.set('idx4', ishl(iadd(f.get('base'), f.get('k')), 2)),
    f.set('gt', gt),
    br.when('gI', stf32(el(f, 'gI'), fadd(ldf32(el(f, 'gI')), fmul(f.get('alpha'), f.get('gt'))))),
    stf64(tileAt(f, 'colTile', 'k', 8), br.choose('xi', fmul(fmul(f.get('scale'), f.get('gt')), fadd(f64c(1), ldf32(el(f, 'xi')))), fmul(f.get('scale'), f.get('gt')))),
  );
  const hAll = laneLoop(
    f,
    SYNAPSE_TILE,
    cat(f.set('base', imul(iadd(f.get('b0'), f.get('lane')), f.get('nPost'))), loop(f, 'c', i32c(0), f.get('nCols'), hCol)),
    loop(f, 'c', i32c(0), f.get('nCols'), cat(f.set('k', listed(f, 'cols', 'c')), stf64(tileAt(f, 'colTile', 'k', 8), f64c(0)))),
  );
  const gather = cat(f.get('rowPtr'), f.get('colIdx'), f.get('values'), f.get('rows'), f.get('nRows'), f.get('rowTile'), f.get('colTile'), op.call(gatherIndex));
  // 2. per listed row
  const emptyRow = cat(ldi32(iadd(f.get('rowPtr'), ishl(f.get('j'), 2))), ldi32(iadd(f.get('rowPtr'), ishl(iadd(f.get('j'), i32c(1)), 2))), op.i32Eq);
  const skip = chooseI32(cat(f.get('gx2'), f64c(0), op.f64Eq, f.get('gp'), f64c(0), op.f64Eq, op.i32And), emptyRow, i32c(0));
  const x1 = fsub(f64c(1), fmul(fsub(f64c(1), f.get('x0')), f.get('r')));
  const clip = select(f64c(0), select(f64c(1), f.get('s'), cat(f.get('s'), f64c(1), op.f64Gt)), cat(f.get('s'), f64c(0), op.f64Lt));
  const depressionTerms = cat(
    f.set('x0', ldf32(el(f, 'x'))),
    f.set('x1', x1),
    f.set('inClip', cat(f.get('s'), f64c(0), op.f64Ge, f.get('s'), f64c(1), op.f64Le, op.i32And)),
    f.set('cl', clip),
    // gLogS += gp·s·U·x1
    f.set('gLogS', fadd(f.get('gLogS'), fmul(fmul(fmul(f.get('gp'), f.get('s')), f.get('U')), f.get('x1')))),
    // gS += gp·U·x1 − (inClip ? gx'·x1·U : 0)
    br.when(
      'gS',
      stf32(el(f, 'gS'), fadd(ldf32(el(f, 'gS')), fsub(fmul(fmul(f.get('gp'), f.get('U')), f.get('x1')), select(fmul(fmul(f.get('gx2'), f.get('x1')), f.get('U')), f64c(0), f.get('inClip'))))),
    ),
    // gU += gp·s·x1 − gx'·x1·c
    f.set('gU', fadd(f.get('gU'), fsub(fmul(fmul(f.get('gp'), f.get('s')), f.get('x1')), fmul(fmul(f.get('gx2'), f.get('x1')), f.get('cl'))))),
    // gx1 = gp·s·U + gx'·(1 − U·c)
    f.set('gx1', fadd(fmul(fmul(f.get('gp'), f.get('s')), f.get('U')), fmul(f.get('gx2'), fsub(f64c(1), fmul(f.get('U'), f.get('cl')))))),
    br.when('gX', stf32(el(f, 'gX'), fadd(ldf32(el(f, 'gX')), fmul(f.get('r'), f.get('gx1'))))),
    // gR −= gx1·(1 − x0)
    f.set('gR', fsub(f.get('gR'), fmul(f.get('gx1'), fsub(f64c(1), f.get('x0'))))),
  );
  const plainTerms = cat(
    f.set('gLogS', fadd(f.get('gLogS'), fmul(f.get('gp'), f.get('s')))),
    when(f.get('gS'), stf32(el(f, 'gS'), fadd(ldf32(el(f, 'gS')), f.get('gp')))),
    when(f.get('gX'), stf32(el(f, 'gX'), fadd(ldf32(el(f, 'gX')), f.get('gx2')))),
  );
  const row = cat(
    f.set('j', listed(f, 'rows', 'a')),
    f.set('idx4', ishl(iadd(f.get('base'), f.get('j')), 2)),
    f.set('gx2', br.choose('gXout', ldf32(el(f, 'gXout')), f64c(0))),
    f.set('gp', br.choose('g1', ldf64(tileAt(f, 'rowTile', 'a', 8)), f64c(0))),
    // (the listed rows of a full kernel are the connected ones: never empty, never skipped)
    full ? [] : cat(skip, op.i32Eqz, op.if),
    f.set('s', ldf32(el(f, 'spikes'))),
    br.ifElse('depression', depressionTerms, plainTerms),
    full ? [] : op.end,
  );
  const rowsAll = loop(f, 'lane', i32c(0), f.get('lanes'), cat(f.set('base', imul(iadd(f.get('b0'), f.get('lane')), f.get('nPre'))), loop(f, 'a', i32c(0), f.get('nRows'), row)));
  const loadSums = cat(f.set('gLogS', ldf64(i32c(SUMS))), f.set('gU', ldf64(i32c(SUMS + 8))), f.set('gR', ldf64(i32c(SUMS + 16))));
  const storeSums = cat(stf64(i32c(SUMS), f.get('gLogS')), stf64(i32c(SUMS + 8), f.get('gU')), stf64(i32c(SUMS + 16), f.get('gR')));
  return f.build(full ? 'synapseBackwardFull' : 'synapseBackward', [br.when('g1', cat(hAll, gather)), loadSums, rowsAll, storeSums]);
}

/**
 * `body` for g4 = 0, 4, 8, … while g4 + 4 ≤ lanes (the four-samples-at-a-time part of a
 * JavaScript kernel whose sums run in that grouping); g4 is left at the first lane not covered.
 */
const groupsOfFour = (f: Fn, body: Code) =>
  cat(f.set('g4', i32c(0)), op.block, op.loop, iadd(f.get('g4'), i32c(4)), f.get('lanes'), op.i32GtS, op.brIf(1), body, f.set('g4', iadd(f.get('g4'), i32c(4))), op.br(0), op.end, op.end);

/**
 * The symmetric gap-junction operator of `applyCoupling` (gap-junction.ts) on a tile:
 * y_k = c·(Σ_j G_kj·x_j − deg_k·x_k) per sample, written or added into `out`, and (with `dot`)
 * the running sum Σ y·dot accumulated in the JavaScript loop's order (groups of four samples,
 * then single samples), returned.
 */
export function couplingKernel(gatherIndex: number): WasmFunction {
  const f = new Fn([
    ['rowPtr', I32],
    ['colIdx', I32],
    ['values', I32],
    ['rows', I32],
    ['n', I32],
    ['rowTile', I32],
    ['colTile', I32],
    ['deg', I32],
    ['b0', I32],
    ['lanes', I32],
    ['x', I32],
    ['out', I32],
    ['accumulate', I32],
    ['dot', I32],
    ['cg', F64],
    ['sum', F64],
  ]);
  for (const n of ['lane', 'k', 'g4', 'idx4']) f.declare(n, I32);
  for (const n of ['y0', 'y1', 'y2', 'y3', 'd']) f.declare(n, F64);
  const at = (lane: Code) => ishl(iadd(imul(iadd(f.get('b0'), lane), f.get('n')), f.get('k')), 2);
  // 1. x → column tile (float64, k × 16), zero beyond the batch
  const xTile = loop(
    f,
    'lane',
    i32c(0),
    i32c(SYNAPSE_TILE),
    loop(f, 'k', i32c(0), f.get('n'), stf64(tileAt(f, 'colTile', 'k', 8), choose(ilt(f.get('lane'), f.get('lanes')), ldf32(iadd(f.get('x'), at(f.get('lane')))), f64c(0)))),
  );
  const gather = cat(f.get('rowPtr'), f.get('colIdx'), f.get('values'), f.get('rows'), f.get('n'), f.get('rowTile'), f.get('colTile'), op.call(gatherIndex));
  // y of sample (b0 + lane) at k, and its output update
  const y = (lane: Code) => fmul(f.get('cg'), fsub(ldf64(iadd(f.get('rowTile'), ishl(iadd(ishl(f.get('k'), 4), lane), 3))), fmul(ldf32(iadd(f.get('x'), at(lane))), f.get('d'))));
  const write = (lane: Code, yl: string) => cat(f.set('idx4', at(lane)), ifElse(f.get('accumulate'), stf32(el(f, 'out'), fadd(ldf32(el(f, 'out')), f.get(yl))), stf32(el(f, 'out'), f.get(yl))));
  const dotAt = (lane: Code, yl: string) => fmul(f.get(yl), ldf32(iadd(f.get('dot'), at(lane))));
  const lanePlus = (q: number) => iadd(f.get('g4'), i32c(q));
  const group = cat(
    f.set('d', ldf64(iadd(f.get('deg'), ishl(f.get('k'), 3)))),
    f.set('y0', y(lanePlus(0))),
    f.set('y1', y(lanePlus(1))),
    f.set('y2', y(lanePlus(2))),
    f.set('y3', y(lanePlus(3))),
    write(lanePlus(0), 'y0'),
    write(lanePlus(1), 'y1'),
    write(lanePlus(2), 'y2'),
    write(lanePlus(3), 'y3'),
    when(f.get('dot'), f.set('sum', fadd(f.get('sum'), fadd(fadd(fadd(dotAt(lanePlus(0), 'y0'), dotAt(lanePlus(1), 'y1')), dotAt(lanePlus(2), 'y2')), dotAt(lanePlus(3), 'y3'))))),
  );
  const groups = groupsOfFour(f, loop(f, 'k', i32c(0), f.get('n'), group));
  const single = cat(
    f.set('d', ldf64(iadd(f.get('deg'), ishl(f.get('k'), 3)))),
    f.set('y0', y(f.get('lane'))),
    write(f.get('lane'), 'y0'),
    when(f.get('dot'), f.set('sum', fadd(f.get('sum'), dotAt(f.get('lane'), 'y0')))),
  );
  const singles = loop(f, 'lane', f.get('g4'), f.get('lanes'), loop(f, 'k', i32c(0), f.get('n'), single));
  return { ...f.build('coupling', [xTile, gather, groups, singles, f.get('sum')]), results: [F64] };
}

/** c·min(relu(x), cap), 0 for x ≤ 0 or NaN (`gradedDrive` of graded-coupling.ts). */
const gradedDrive = (x: Code, c: Code, cap: Code) => choose(cat(x, f64c(0), op.f64Gt), fmul(c, select(cap, x, cat(x, cap, op.f64Gt))), f64c(0));

const GRADED_PARAMS = [
  ['rowPtr', I32],
  ['colIdx', I32],
  ['values', I32],
  ['rows', I32],
  ['nPre', I32],
  ['nPost', I32],
  ['rowTile', I32],
  ['colTile', I32],
  ['b0', I32],
  ['lanes', I32],
  ['v', I32],
] as const;

/**
 * `gradedCouplingForward` on a tile: activities c·min(relu(V_d − V_reset), cap) into the row
 * tile, the scatter (rows in order, float32 sums as the JavaScript `+=`), the sums written to `out`.
 */
export function gradedForwardKernel(scatterIndex: number): WasmFunction {
  const f = new Fn([...GRADED_PARAMS, ['out', I32], ['c', F64], ['vReset', F64], ['cap', F64]]);
  for (const n of ['lane', 'a', 'k']) f.declare(n, I32);
  const at = (row: string, n: string) => ishl(iadd(imul(iadd(f.get('b0'), f.get('lane')), f.get(n)), f.get(row)), 2);
  const drives = laneLoop(
    f,
    SYNAPSE_TILE,
    loop(f, 'a', i32c(0), f.get('nPre'), stf64(tileAt(f, 'rowTile', 'a', 8), gradedDrive(fsub(ldf32(iadd(f.get('v'), at('a', 'nPre'))), f.get('vReset')), f.get('c'), f.get('cap')))),
    loop(f, 'a', i32c(0), f.get('nPre'), stf64(tileAt(f, 'rowTile', 'a', 8), f64c(0))),
  );
  const zeroCols = cat(f.get('colTile'), i32c(0), imul(f.get('nPost'), i32c(4 * SYNAPSE_TILE)), op.memoryFill);
  const scatter = cat(f.get('rowPtr'), f.get('colIdx'), f.get('values'), f.get('rows'), f.get('nPre'), f.get('rowTile'), f.get('colTile'), op.call(scatterIndex));
  const copyOut = loop(f, 'lane', i32c(0), f.get('lanes'), loop(f, 'k', i32c(0), f.get('nPost'), cat(iadd(f.get('out'), at('k', 'nPost')), ldi32F32(tileAt(f, 'colTile', 'k', 4)), op.f32Store())));
  return f.build('gradedForward', [drives, zeroCols, scatter, copyOut]);
}
/** A float32 loaded as is (no widening). */
const ldi32F32 = (addr: Code) => cat(addr, op.f32Load());

/**
 * `gradedCouplingBackward` on a tile: h = Σ_j W_kj·gI_j by the gather, then per row the
 * `gradedLane` terms in the JavaScript loop's order (groups of four samples skipping rows with
 * no synapses or no active lane, then single samples skipping inactive ones); the running
 * gain sum is passed in and returned.
 */
export function gradedBackwardKernel(gatherIndex: number): WasmFunction {
  const f = new Fn([...GRADED_PARAMS, ['gCur', I32], ['gV', I32], ['c', F64], ['vReset', F64], ['cap', F64], ['sum', F64]]);
  for (const n of ['lane', 'a', 'k', 'g4', 'q', 'idx4']) f.declare(n, I32);
  for (const n of ['x0', 'x1', 'x2', 'x3', 'x', 'h']) f.declare(n, F64);
  const at = (row: Code, n: string, lane: Code) => ishl(iadd(imul(iadd(f.get('b0'), lane), f.get(n)), row), 2);
  const hTile = laneLoop(
    f,
    SYNAPSE_TILE,
    loop(f, 'k', i32c(0), f.get('nPost'), stf64(tileAt(f, 'colTile', 'k', 8), ldf32(iadd(f.get('gCur'), at(f.get('k'), 'nPost', f.get('lane')))))),
    loop(f, 'k', i32c(0), f.get('nPost'), stf64(tileAt(f, 'colTile', 'k', 8), f64c(0))),
  );
  const gather = cat(f.get('rowPtr'), f.get('colIdx'), f.get('values'), f.get('rows'), f.get('nPre'), f.get('rowTile'), f.get('colTile'), op.call(gatherIndex));
  const xAt = (lane: Code) => fsub(ldf32(iadd(f.get('v'), at(f.get('a'), 'nPre', lane))), f.get('vReset'));
  /** gradedLane(gV, idx, x, h): gV += c·h where 0 < x ≤ cap; sum += min(x, cap)·h where x > 0 (+0 otherwise). */
  const lane = (laneCode: Code, x: string) =>
    cat(
      f.set('h', ldf64(iadd(f.get('rowTile'), ishl(iadd(ishl(f.get('a'), 4), laneCode), 3)))),
      f.set('idx4', at(f.get('a'), 'nPre', laneCode)),
      f.set(
        'sum',
        fadd(
          f.get('sum'),
          choose(
            cat(f.get(x), f64c(0), op.f64Gt),
            cat(
              when(
                cat(f.get('gV'), i32c(0), op.i32Ne, f.get(x), f.get('cap'), op.f64Le, op.i32And),
                stf32(iadd(f.get('gV'), f.get('idx4')), fadd(ldf32(iadd(f.get('gV'), f.get('idx4'))), fmul(f.get('c'), f.get('h')))),
              ),
              fmul(select(f.get('cap'), f.get(x), cat(f.get(x), f.get('cap'), op.f64Gt)), f.get('h')),
            ),
            f64c(0),
          ),
        ),
      ),
    );
  const lanePlus = (q: number) => iadd(f.get('g4'), i32c(q));
  const empty = cat(ldi32(iadd(f.get('rowPtr'), ishl(f.get('a'), 2))), ldi32(iadd(f.get('rowPtr'), ishl(iadd(f.get('a'), i32c(1)), 2))), op.i32Eq);
  const active = (x: string) => cat(f.get(x), f64c(0), op.f64Gt);
  const groupRow = cat(
    empty,
    op.i32Eqz,
    op.if,
    f.set('x0', xAt(lanePlus(0))),
    f.set('x1', xAt(lanePlus(1))),
    f.set('x2', xAt(lanePlus(2))),
    f.set('x3', xAt(lanePlus(3))),
    when(
      cat(active('x0'), active('x1'), op.i32Or, active('x2'), op.i32Or, active('x3'), op.i32Or),
      cat(lane(lanePlus(0), 'x0'), lane(lanePlus(1), 'x1'), lane(lanePlus(2), 'x2'), lane(lanePlus(3), 'x3')),
    ),
    op.end,
  );
  const groups = groupsOfFour(f, loop(f, 'a', i32c(0), f.get('nPre'), groupRow));
  const singles = loop(f, 'q', f.get('g4'), f.get('lanes'), loop(f, 'a', i32c(0), f.get('nPre'), cat(f.set('x', xAt(f.get('q'))), when(active('x'), lane(f.get('q'), 'x')))));
  return { ...f.build('gradedBackward', [hTile, gather, groups, singles, f.get('sum')]), results: [F64] };
}

const BIPARTITE_PARAMS = [
  ['rowPtr', I32],
  ['colIdx', I32],
  ['values', I32],
  ['nA', I32],
  ['nB', I32],
  ['batch', I32],
  ['rowSums', I32],
  ['colSums', I32],
  ['vA', I32],
  ['vB', I32],
] as const;
function bipartiteFn(extra: readonly (readonly [string, ValTypeCode])[]): Fn {
  const f = new Fn([...BIPARTITE_PARAMS, ...extra, ['cg', F64]]);
  for (const n of ['b', 'l', 'p', 'e', 'end', 'oA', 'oB', 'at']) f.declare(n, I32);
  for (const n of ['va', 'acc', 'w', 'gAl', 'gvb', 'gva', 'gLog']) f.declare(n, F64);
  return f;
}
/** Element k of a float32 array at byte `base + 4·(offset + k)`. */
const at4 = (f: Fn, base: string, offset: string, k: Code) => iadd(f.get(base), ishl(iadd(f.get(offset), k), 2));
/** for e in row l: body (w = values[e], p = colIdx[e]). */
const rowEntries = (f: Fn, body: Code) =>
  cat(
    f.set('e', ldi32(iadd(f.get('rowPtr'), ishl(f.get('l'), 2)))),
    f.set('end', ldi32(iadd(f.get('rowPtr'), ishl(iadd(f.get('l'), i32c(1)), 2)))),
    loop(f, 'e', f.get('e'), f.get('end'), cat(f.set('p', ldi32(iadd(f.get('colIdx'), ishl(f.get('e'), 2)))), f.set('w', ldf32(iadd(f.get('values'), ishl(f.get('e'), 2)))), body)),
  );
const perSample = (f: Fn, body: Code) => loop(f, 'b', i32c(0), f.get('batch'), cat(f.set('oA', imul(f.get('b'), f.get('nA'))), f.set('oB', imul(f.get('b'), f.get('nB'))), body));

/**
 * `bipartiteGapJunctionForward` (gap-junction.ts), sample by sample: I_B = −V_B·colsum, then
 * += G·V_A per entry in row order (float32 stores), I_A = c·(Σ G·V_B − V_A·rowsum), and finally
 * I_B ×= c — the JavaScript statements in their order.
 */
export function bipartiteForwardKernel(): WasmFunction {
  const f = bipartiteFn([
    ['outA', I32],
    ['outB', I32],
  ]);
  const initB = loop(
    f,
    'p',
    i32c(0),
    f.get('nB'),
    stf32(at4(f, 'outB', 'oB', f.get('p')), fmul(cat(ldf32(at4(f, 'vB', 'oB', f.get('p'))), op.f64Neg), ldf64(iadd(f.get('colSums'), ishl(f.get('p'), 3))))),
  );
  const row = cat(
    f.set('va', ldf32(at4(f, 'vA', 'oA', f.get('l')))),
    f.set('acc', f64c(0)),
    rowEntries(
      f,
      cat(
        f.set('acc', fadd(f.get('acc'), fmul(f.get('w'), ldf32(at4(f, 'vB', 'oB', f.get('p')))))),
        f.set('at', at4(f, 'outB', 'oB', f.get('p'))),
        stf32(f.get('at'), fadd(ldf32(f.get('at')), fmul(f.get('w'), f.get('va')))),
      ),
    ),
    stf32(at4(f, 'outA', 'oA', f.get('l')), fmul(f.get('cg'), fsub(f.get('acc'), fmul(f.get('va'), ldf64(iadd(f.get('rowSums'), ishl(f.get('l'), 3))))))),
  );
  const scale = loop(f, 'p', i32c(0), imul(f.get('batch'), f.get('nB')), cat(f.set('at', iadd(f.get('outB'), ishl(f.get('p'), 2))), stf32(f.get('at'), fmul(ldf32(f.get('at')), f.get('cg')))));
  return f.build('bipartiteForward', [perSample(f, cat(initB, loop(f, 'l', i32c(0), f.get('nA'), row))), scale]);
}

/** `bipartiteGapJunctionBackward`, sample by sample in the JavaScript order; returns Σ (the ln g gradient). */
export function bipartiteBackwardKernel(): WasmFunction {
  const f = bipartiteFn([
    ['gA', I32],
    ['gB', I32],
    ['gvA', I32],
    ['gvB', I32],
  ]);
  const row = cat(
    f.set('gAl', choose(f.get('gA'), ldf32(at4(f, 'gA', 'oA', f.get('l'))), f64c(0))),
    f.set('acc', f64c(0)),
    rowEntries(
      f,
      cat(
        when(f.get('gB'), f.set('acc', fadd(f.get('acc'), fmul(f.get('w'), ldf32(at4(f, 'gB', 'oB', f.get('p'))))))),
        f.set('gvb', fmul(fmul(f.get('cg'), f.get('w')), f.get('gAl'))),
        when(f.get('gvB'), cat(f.set('at', at4(f, 'gvB', 'oB', f.get('p'))), stf32(f.get('at'), fadd(ldf32(f.get('at')), f.get('gvb'))))),
        f.set('gLog', fadd(f.get('gLog'), fmul(f.get('gvb'), ldf32(at4(f, 'vB', 'oB', f.get('p')))))),
      ),
    ),
    f.set('gva', fmul(f.get('cg'), fsub(f.get('acc'), fmul(ldf64(iadd(f.get('rowSums'), ishl(f.get('l'), 3))), f.get('gAl'))))),
    when(f.get('gvA'), cat(f.set('at', at4(f, 'gvA', 'oA', f.get('l'))), stf32(f.get('at'), fadd(ldf32(f.get('at')), f.get('gva'))))),
    f.set('gLog', fadd(f.get('gLog'), fmul(f.get('gva'), ldf32(at4(f, 'vA', 'oA', f.get('l')))))),
  );
  const colTerm = cat(
    f.set('gvb', fmul(fmul(cat(f.get('cg'), op.f64Neg), ldf64(iadd(f.get('colSums'), ishl(f.get('p'), 3)))), ldf32(at4(f, 'gB', 'oB', f.get('p'))))),
    when(f.get('gvB'), cat(f.set('at', at4(f, 'gvB', 'oB', f.get('p'))), stf32(f.get('at'), fadd(ldf32(f.get('at')), f.get('gvb'))))),
    f.set('gLog', fadd(f.get('gLog'), fmul(f.get('gvb'), ldf32(at4(f, 'vB', 'oB', f.get('p')))))),
  );
  const body = perSample(f, cat(loop(f, 'l', i32c(0), f.get('nA'), row), when(f.get('gB'), loop(f, 'p', i32c(0), f.get('nB'), colTerm))));
  return { ...f.build('bipartiteBackward', [f.set('gLog', f64c(0)), body, f.get('gLog')]), results: [F64] };
}
