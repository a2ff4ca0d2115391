/**
 * The iteration order of CPython's `list(set(ints))`, reproduced exactly.
 *
 * The MICrONS EM connectome CSVs were written with rows and columns in the order of
 * `list(set(root_ids))` (spec §2.1), which is neither sorted nor the functional matrices' order:
 * it is the slot order of CPython's open-addressing set table. This module replays the table:
 *   - hash(x) = x mod (2^61 − 1) for x ≥ 0 (−(|x| mod (2^61 − 1)) for x < 0, and −1 ↦ −2);
 *   - a fresh set has 8 slots; a key goes to slot `hash & mask`, then up to 9 linear probes, then
 *     `i = (5·i + 1 + perturb) & mask` with `perturb >>= 5` (Objects/setobject.c, LINEAR_PROBES 9,
 *     PERTURB_SHIFT 5);
 *   - after an insertion with `fill·5 ≥ mask·3` the table is rebuilt at the smallest power of two
 *     above `used·4` (`used·2` beyond 50,000 keys), re-inserting in old slot order.
 * Checked against `/usr/bin/python3` (3.11) on the three fields' root ids in the tests.
 */

const P61 = (1n << 61n) - 1n;
const U64 = (x: bigint) => BigInt.asUintN(64, x);

/** CPython's `hash(int)` as an unsigned 64-bit value (the `size_t` the set table uses). */
export function cpythonIntHash(x: bigint): bigint {
  let h: bigint;
  if (x >= 0n) h = x % P61;
  else {
    h = -(-x % P61);
    if (h === -1n) h = -2n;
  }
  return U64(h);
}

function insertClean(table: (bigint | undefined)[], hashes: bigint[], mask: bigint, key: bigint, hash: bigint): void {
  let perturb = hash;
  let i = hash & mask;
  for (;;) {
    let idx = Number(i);
    if (table[idx] === undefined) {
      table[idx] = key;
      hashes[idx] = hash;
      return;
    }
    if (i + 9n <= mask) {
      for (let j = 0; j < 9; j++) {
        idx++;
        if (table[idx] === undefined) {
          table[idx] = key;
          hashes[idx] = hash;
          return;
        }
      }
    }
    perturb >>= 5n;
    i = U64(i * 5n + 1n + perturb) & mask;
  }
}

/**
 * The order of `list(set(values))` in CPython 3.6–3.13 for integer values inserted in the given
 * order (duplicates dropped, as the set does).
 *
 * @example
 *   cpythonSetOrder([864691135275203557n, 864691136010611630n]);  // the order Python lists them in
 */
export function cpythonSetOrder(values: Iterable<bigint>): bigint[] {
  let size = 8;
  let mask = 7n;
  let table: (bigint | undefined)[] = new Array(size);
  let hashes: bigint[] = new Array(size);
  let used = 0;
  for (const key of values) {
    const hash = cpythonIntHash(key);
    // set_add_entry: probe for the key or the first free slot (no deletions, so no dummies)
    let perturb = hash;
    let i = hash & mask;
    let placed = false;
    let present = false;
    while (!placed && !present) {
      let idx = Number(i);
      const probes = i + 9n <= mask ? 9 : 0;
      for (let j = 0; j <= probes; j++, idx++) {
        if (table[idx] === undefined) {
          table[idx] = key;
          hashes[idx] = hash;
          placed = true;
          break;
        }
        if (table[idx] === key) {
          present = true;
          break;
        }
      }
      if (!placed && !present) {
        perturb >>= 5n;
        i = U64(i * 5n + 1n + perturb) & mask;
      }
    }
    if (present) continue;
    used++;
    if (BigInt(used) * 5n < mask * 3n) continue;
    const minUsed = used > 50000 ? used * 2 : used * 4;
    let newSize = 8;
    while (newSize <= minUsed) newSize *= 2;
    const oldTable = table;
    const oldHashes = hashes;
    size = newSize;
    mask = BigInt(size - 1);
    table = new Array(size);
    hashes = new Array(size);
    for (let k = 0; k < oldTable.length; k++) {
      const old = oldTable[k];
      if (old !== undefined) insertClean(table, hashes, mask, old, oldHashes[k]);
    }
  }
  return table.filter((k): k is bigint => k !== undefined);
}
