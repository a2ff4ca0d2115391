/**
 * Degree assortativity, clustering and global efficiency of an undirected binary graph.
 *
 *   r = Pearson correlation of (k_u, k_v) over both orientations of every edge (networkx
 *       `degree_assortativity_coefficient`);
 *   C_i = 2 t_i / (k_i (k_i − 1)) (0 when k_i < 2), C = mean_i C_i (bctpy `clustering_coef_bu`,
 *       networkx `average_clustering`);
 *   E = Σ_{i≠j} 1/d_ij / (n(n−1)), 1/∞ = 0 (bctpy `efficiency_bin`, networkx `global_efficiency`).
 *
 * Triangles and BFS use the bit rows (32 neighbours per word), so one 312-node graph takes well
 * under a millisecond per quantity.
 */
import type { BinaryGraph } from './binary-graph';
import { popcount32 as importedPopcount } from './binary-graph';

// bound once: a CommonJS build reaches imports through getters, which hot loops must not call
const popcount32 = importedPopcount;
const clz32 = Math.clz32;

/** Degree assortativity coefficient; NaN when every edge joins equal degrees (zero variance). */
export function degreeAssortativity(g: BinaryGraph): number {
  let s1 = 0;
  let s2 = 0;
  let s12 = 0;
  let count = 0;
  for (let u = 0; u < g.n; u++) {
    const ku = g.offsets[u + 1] - g.offsets[u];
    for (let e = g.offsets[u]; e < g.offsets[u + 1]; e++) {
      const v = g.neighbors[e];
      const kv = g.offsets[v + 1] - g.offsets[v];
      s1 += ku;
      s2 += ku * ku;
      s12 += ku * kv;
      count++;
    }
  }
  if (count === 0) return Number.NaN;
  const mean = s1 / count;
  const variance = s2 / count - mean * mean;
  return (s12 / count - mean * mean) / variance;
}

/** Local clustering coefficient of every node. */
export function clusteringCoefficients(g: BinaryGraph): Float64Array {
  const out = new Float64Array(g.n);
  const W = g.words;
  for (let i = 0; i < g.n; i++) {
    const k = g.offsets[i + 1] - g.offsets[i];
    if (k < 2) continue;
    let t2 = 0;
    const ri = i * W;
    for (let e = g.offsets[i]; e < g.offsets[i + 1]; e++) {
      const rj = g.neighbors[e] * W;
      for (let w = 0; w < W; w++) t2 += popcount32(g.bits[ri + w] & g.bits[rj + w]);
    }
    out[i] = t2 / (k * (k - 1));
  }
  return out;
}

/** Mean clustering coefficient (zeros included). */
export function averageClustering(g: BinaryGraph): number {
  const c = clusteringCoefficients(g);
  let s = 0;
  for (let i = 0; i < c.length; i++) s += c[i];
  return s / g.n;
}

/**
 * Global efficiency by one bit-parallel, direction-optimising BFS per source: a level expands
 * top-down (OR of the frontier's rows) while the frontier is small, and bottom-up (each
 * unvisited node tests its row against the frontier) once the frontier outnumbers the unvisited
 * nodes; it stops as soon as every node is reached.
 */
export function globalEfficiency(g: BinaryGraph): number {
  const n = g.n;
  if (n < 2) return 0;
  const W = g.words;
  const bits = g.bits;
  const visited = new Uint32Array(W);
  let frontier = new Uint32Array(W);
  let next = new Uint32Array(W);
  let total = 0;
  for (let s = 0; s < n; s++) {
    visited.fill(0);
    frontier.fill(0);
    visited[s >>> 5] |= 1 << (s & 31);
    frontier[s >>> 5] |= 1 << (s & 31);
    let seen = 1;
    let frontierSize = 1;
    let dist = 0;
    while (frontierSize > 0 && seen < n) {
      dist++;
      next.fill(0);
      if (frontierSize <= n - seen) {
        for (let w = 0; w < W; w++) {
          let word = frontier[w];
          while (word !== 0) {
            const low = word & -word;
            const rv = (w * 32 + 31 - clz32(low)) * W;
            word ^= low;
            for (let x = 0; x < W; x++) next[x] |= bits[rv + x];
          }
        }
        for (let w = 0; w < W; w++) next[w] &= ~visited[w];
      } else {
        for (let w = 0; w < W; w++) {
          let word = ~visited[w];
          if (w === W - 1 && (n & 31) !== 0) word &= (1 << (n & 31)) - 1;
          while (word !== 0) {
            const low = word & -word;
            const u = w * 32 + 31 - clz32(low);
            word ^= low;
            const ru = u * W;
            for (let x = 0; x < W; x++) {
              if ((bits[ru + x] & frontier[x]) !== 0) {
                next[w] |= low;
                break;
              }
            }
          }
        }
      }
      let reached = 0;
      for (let w = 0; w < W; w++) {
        visited[w] |= next[w];
        reached += popcount32(next[w]);
      }
      total += reached / dist;
      seen += reached;
      frontierSize = reached;
      const tmp = frontier;
      frontier = next;
      next = tmp;
    }
  }
  return total / (n * (n - 1));
}
