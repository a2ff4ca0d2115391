/**
 * Clauset–Newman–Moore greedy modularity communities and Newman modularity Q, replicating
 * networkx 2.8.8 (`greedy_modularity_communities` with resolution 1, `modularity`):
 *
 *   Q = Σ_c [ L_c / m − (d_c / 2m)² ]
 *
 * Start from singletons with ΔQ_uv = 1/m − 2·a_u·a_v (a_u = k_u / 2m) for every edge; repeatedly
 * merge the pair with the largest ΔQ (ties: the lexicographically smallest (u, v), as networkx's
 * heap orders equal priorities by element), community u into v, updating ΔQ with the CNM rules
 * (common neighbour: ΔQ_vw + ΔQ_uw; neighbour of v only: ΔQ_vw − 2·a_u·a_w; of u only:
 * ΔQ_uw − 2·a_v·a_w); stop when the best ΔQ is negative. The arithmetic follows networkx's
 * order, so ties resolve identically.
 */
import type { BinaryGraph } from './binary-graph';

/**
 * Greedy CNM communities, largest first (networkx sorts by size; equal sizes keep its order).
 *
 * @example
 *   const communities = greedyModularityCommunities(graph);  // [[0, 1, 2], [3, 4]]
 */
export function greedyModularityCommunities(g: BinaryGraph): number[][] {
  const n = g.n;
  const m = g.edgeCount;
  if (m === 0) return Array.from({ length: n }, (_, i) => [i]);
  const q0 = 1 / m;
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = (g.offsets[i + 1] - g.offsets[i]) * q0 * 0.5;
  const dq: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (let u = 0; u < n; u++) {
    for (let k = g.offsets[u]; k < g.offsets[u + 1]; k++) {
      const v = g.neighbors[k];
      dq[u].set(v, q0 * 1 - 1 * (a[u] * a[v] + a[u] * a[v]));
    }
  }
  const members: (number[] | null)[] = Array.from({ length: n }, (_, i) => [i]);
  // insertion order of networkx's `communities` dict: a merged community takes v's slot
  let alive = n;
  while (alive > 1) {
    let bestU = -1;
    let bestV = -1;
    let best = -Infinity;
    for (let u = 0; u < n; u++) {
      for (const [v, val] of dq[u]) {
        if (val > best || (val === best && (u < bestU || (u === bestU && v < bestV)))) {
          best = val;
          bestU = u;
          bestV = v;
        }
      }
    }
    if (bestU < 0 || best < 0) break;
    const u = bestU;
    const v = bestV;
    members[v] = [...(members[v] as number[]), ...(members[u] as number[])];
    members[u] = null;
    alive--;
    const uN = dq[u];
    const vN = dq[v];
    const all = new Set<number>([...uN.keys(), ...vN.keys()]);
    all.delete(u);
    all.delete(v);
    for (const w of all) {
      const inU = uN.has(w);
      const inV = vN.has(w);
      let dqvw: number;
      if (inU && inV) dqvw = (vN.get(w) as number) + (uN.get(w) as number);
      else if (inV) dqvw = (vN.get(w) as number) - 1 * (a[u] * a[w] + a[w] * a[u]);
      else dqvw = (uN.get(w) as number) - 1 * (a[v] * a[w] + a[w] * a[v]);
      vN.set(w, dqvw);
      dq[w].set(v, dqvw);
    }
    for (const w of uN.keys()) dq[w].delete(u);
    dq[u] = new Map();
    a[v] += a[u];
    a[u] = 0;
  }
  const out = members.filter((c): c is number[] => c !== null).map((c) => c.slice().sort((x, y) => x - y));
  return out.sort((x, y) => y.length - x.length);
}

/**
 * Newman modularity of a partition (networkx `modularity`, resolution 1).
 *
 * @example
 *   modularity(graph, greedyModularityCommunities(graph));
 */
export function modularity(g: BinaryGraph, communities: readonly (readonly number[])[]): number {
  const degSum = 2 * g.edgeCount;
  if (degSum === 0) return 0;
  const m = degSum / 2;
  const norm = 1 / (degSum * degSum);
  const label = new Int32Array(g.n).fill(-1);
  communities.forEach((c, k) => {
    for (const i of c) {
      if (label[i] !== -1) throw new RangeError(`Argument 'communities' passed to 'modularity' lists node ${i} twice; expected a partition.`);
      label[i] = k;
    }
  });
  let q = 0;
  for (let k = 0; k < communities.length; k++) {
    let lc = 0;
    let dsum = 0;
    for (const i of communities[k]) {
      dsum += g.offsets[i + 1] - g.offsets[i];
      for (let e = g.offsets[i]; e < g.offsets[i + 1]; e++) if (label[g.neighbors[e]] === k) lc++;
    }
    lc /= 2;
    q += lc / m - dsum * dsum * norm;
  }
  return q;
}
