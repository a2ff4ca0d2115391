import {
  averageClustering,
  binarizeTopFraction,
  clusteringCoefficients,
  degreeAssortativity,
  density,
  globalEfficiency,
  graphFromAdjacency,
  graphFromEdges,
  greedyModularityCommunities,
  kdeEntropy,
  modularity,
  quantileLinear,
  randomGraphNM,
  referenceThresholdGraph,
  smallWorldness,
} from '../../src/index';
import { ORACLE } from './oracle/graph-stats-oracle';
import { mulberry32 } from '../helpers/seeded';

type OracleGraph = { n: number; edges: readonly (readonly number[])[]; communities: readonly (readonly number[])[]; Q: number; r: number; C: number; E: number };
const NAMES = ['karate', 'gnp40', 'gnp60', 'ws30', 'top10'] as const;
const graphOf = (o: OracleGraph) =>
  graphFromEdges(
    o.n,
    o.edges.map((e) => [e[0], e[1]] as [number, number]),
  );

describe('graph metrics against networkx 2.8.8', () => {
  it('binarizeTopFraction(W, 12) has the expected defaults: numpy 0.9 quantile threshold and the union graph without self-loops', () => {
    const { graph, threshold } = binarizeTopFraction(ORACLE.top10W, 12);
    expect(threshold).toBe(ORACLE.top10thr);
    const edges: number[][] = [];
    for (let i = 0; i < 12; i++) for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) if (graph.neighbors[e] > i) edges.push([i, graph.neighbors[e]]);
    expect(edges).toEqual(ORACLE.top10.edges);
  });

  it.each(NAMES)('greedyModularityCommunities(%s) equals networkx greedy_modularity_communities and its modularity', (name) => {
    const o = ORACLE[name] as OracleGraph;
    const g = graphOf(o);
    const communities = greedyModularityCommunities(g);
    expect(communities).toEqual(o.communities);
    expect(modularity(g, communities)).toBeCloseTo(o.Q, 12);
  });

  it.each(NAMES)('degreeAssortativity / averageClustering / globalEfficiency(%s) equal networkx', (name) => {
    const o = ORACLE[name] as OracleGraph;
    const g = graphOf(o);
    expect(degreeAssortativity(g)).toBeCloseTo(o.r, 10);
    expect(averageClustering(g)).toBeCloseTo(o.C, 12);
    expect(globalEfficiency(g)).toBeCloseTo(o.E, 12);
  });

  it('kdeEntropy(x) equals scipy gaussian_kde on a 100-point grid and entropy(base=2)', () => {
    expect(kdeEntropy(ORACLE.kde.x)).toBeCloseTo(ORACLE.kde.H, 10);
  });

  it('graphFromAdjacency, clusteringCoefficients and modularity reject bad input with RangeError', () => {
    expect(() => graphFromAdjacency([0, 1, 0], 2)).toThrow(/^Argument 'adjacency' passed to 'graphFromAdjacency' has length 3; expected n·n = 4\./);
    const tri = graphFromEdges(3, [
      [0, 1],
      [1, 2],
      [0, 2],
    ]);
    expect(Array.from(clusteringCoefficients(tri))).toEqual([1, 1, 1]);
    expect(() =>
      modularity(tri, [
        [0, 1],
        [1, 2],
      ]),
    ).toThrow(/lists node 1 twice/);
    expect(() => kdeEntropy([1, 1, 1])).toThrow(/zero variance/);
    expect(() => quantileLinear([], 0.5)).toThrow(/is empty/);
  });
});

describe('smallWorldness', () => {
  it('randomGraphNM(n, m) has exactly m edges and the reference nulls have ≈ 18 % density, not the 10 % of the data', () => {
    const rng = mulberry32(1);
    const g = randomGraphNM(312, 4850, rng);
    expect(g.edgeCount).toBe(4850);
    const ref = referenceThresholdGraph(312, 0.7, rng);
    expect(density(ref)).toBeGreaterThan(0.17);
    expect(density(ref)).toBeLessThan(0.19); // P((U+V)/2 > 0.7) = 0.18
  });

  it('smallWorldness of a ring lattice with shortcuts is > 1 against matched-density nulls, and the nulls match its density', () => {
    const edges: [number, number][] = [];
    const n = 200;
    for (let i = 0; i < n; i++) for (let k = 1; k <= 5; k++) edges.push([i, (i + k) % n]);
    const rng = mulberry32(2);
    for (let s = 0; s < 20; s++) edges.push([Math.floor(rng() * n), Math.floor(rng() * n)]);
    const g = graphFromEdges(n, edges);
    const sw = smallWorldness(g, { rng, nulls: 50 });
    expect(sw.nullDensity).toBeCloseTo(density(g), 12);
    expect(sw.clustering).toBeGreaterThan(0.5);
    expect(sw.sigma).toBeGreaterThan(3);
    const ref = smallWorldness(g, { rng, nulls: 20, nullModel: 'reference-threshold' });
    expect(ref.nullDensity).toBeGreaterThan(0.17);
    expect(() => smallWorldness(g, { rng, nulls: 0 })).toThrow(/expected an integer ≥ 1/);
  });

  it('1,000 matched-density nulls of a 312-node 10 %-density graph take seconds, not minutes', () => {
    const rng = mulberry32(3);
    const g = randomGraphNM(312, 4850, rng);
    const t0 = performance.now();
    const sw = smallWorldness(g, { rng, nulls: 1000 });
    const seconds = (performance.now() - t0) / 1000;
    expect(sw.nulls).toBe(1000);
    expect(sw.sigma).toBeGreaterThan(0.9);
    expect(sw.sigma).toBeLessThan(1.1); // a random graph is not small-world against its own kind
    expect(seconds).toBeLessThan(30);
  });
});
