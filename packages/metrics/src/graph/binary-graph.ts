/**
 * Undirected binary graphs stored twice: as bit rows (for set operations: triangles, BFS
 * frontiers) and as CSR neighbour lists (for degree-ordered loops). Self-loops are never stored.
 */

// bound once: global lookups (Math.*) are slow inside vm contexts such as jest's
const clz32 = Math.clz32;

/** An undirected simple graph on nodes 0..n-1. Plain data. */
export interface BinaryGraph {
  /** Number of nodes. */
  readonly n: number;
  /** Number of undirected edges. */
  readonly edgeCount: number;
  /** 32-bit words per bit row: `ceil(n / 32)`. */
  readonly words: number;
  /** Bit rows, `n × words`: bit j of row i is set iff {i, j} is an edge. */
  readonly bits: Uint32Array;
  /** CSR row offsets, length n + 1. */
  readonly offsets: Int32Array;
  /** CSR neighbour indices (ascending within a row), length 2·edgeCount. */
  readonly neighbors: Int32Array;
}

/** Population count of a 32-bit word. */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  x += x >>> 8;
  x += x >>> 16;
  return x & 0x3f;
}

/** Builds the CSR lists of a graph from its bit rows. */
export function graphFromBits(n: number, bits: Uint32Array): BinaryGraph {
  const words = Math.ceil(n / 32);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let w = 0; w < words; w++) d += popcount32(bits[i * words + w]);
    offsets[i + 1] = offsets[i] + d;
  }
  const neighbors = new Int32Array(offsets[n]);
  for (let i = 0; i < n; i++) {
    let k = offsets[i];
    for (let w = 0; w < words; w++) {
      let word = bits[i * words + w];
      while (word !== 0) {
        const low = word & -word;
        neighbors[k++] = w * 32 + 31 - clz32(low);
        word ^= low;
      }
    }
  }
  return { n, edgeCount: offsets[n] / 2, words, bits, offsets, neighbors };
}

/**
 * The undirected simple graph of a square matrix: edge {i, j} (i ≠ j) iff `adjacency[i·n+j]` or
 * `adjacency[j·n+i]` is non-zero (networkx `from_numpy_array` on an asymmetric matrix, then
 * `remove_edges_from(selfloop_edges(G))`).
 *
 * @example
 *   const g = graphFromAdjacency(Uint8Array.from([0, 1, 0, 0]), 2);  // one edge {0, 1}
 */
export function graphFromAdjacency(adjacency: ArrayLike<number>, n: number): BinaryGraph {
  if (!Number.isInteger(n) || n < 1 || adjacency.length !== n * n) {
    throw new RangeError(`Argument 'adjacency' passed to 'graphFromAdjacency' has length ${adjacency.length}; expected n·n = ${n * n}.`);
  }
  const words = Math.ceil(n / 32);
  const bits = new Uint32Array(n * words);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== j && (adjacency[i * n + j] !== 0 || adjacency[j * n + i] !== 0)) bits[i * words + (j >>> 5)] |= 1 << (j & 31);
    }
  }
  return graphFromBits(n, bits);
}

/** The graph of an undirected edge list (duplicates and self-loops ignored). */
export function graphFromEdges(n: number, edges: readonly (readonly [number, number])[]): BinaryGraph {
  const words = Math.ceil(n / 32);
  const bits = new Uint32Array(n * words);
  for (const [i, j] of edges) {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= n || j >= n) {
      throw new RangeError(`Argument 'edges' passed to 'graphFromEdges' has edge [${i}, ${j}]; expected node indices in [0, ${n}).`);
    }
    if (i === j) continue;
    bits[i * words + (j >>> 5)] |= 1 << (j & 31);
    bits[j * words + (i >>> 5)] |= 1 << (i & 31);
  }
  return graphFromBits(n, bits);
}

/** Degrees of every node. */
export function degrees(g: BinaryGraph): Int32Array {
  const d = new Int32Array(g.n);
  for (let i = 0; i < g.n; i++) d[i] = g.offsets[i + 1] - g.offsets[i];
  return d;
}

/** Edge density 2m / (n(n−1)). */
export function density(g: BinaryGraph): number {
  return g.n < 2 ? 0 : (2 * g.edgeCount) / (g.n * (g.n - 1));
}
