import { RNG_STREAMS, randomSource, weightGraphMetrics } from '../../src/index';

const rng = () => randomSource(0, RNG_STREAMS.nulls).uniform;

describe('weightGraphMetrics on a constant W_rec (a network that died)', () => {
  it('an all-zero matrix (an orthogonal start clipped by the non-negativity constraint) gets null metrics, no communities, and says why', () => {
    const m = weightGraphMetrics(new Float32Array(40 * 40), 40, { rng: rng(), nulls: 10 });
    expect(m.degenerate).toMatch(/W_rec is constant \(every entry 0\).*died/);
    expect(m.communities).toEqual([]);
    for (const k of ['modularity', 'assortativity', 'smallWorldness', 'clustering', 'efficiency', 'density', 'nullDensity', 'entropyBits'] as const) expect(m[k]).toBeNull();
  });

  it('a matrix that differs in one entry is not constant: every metric is a number and degenerate is absent', () => {
    const n = 40;
    const w = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && (i * 7 + j * 3) % 5 === 0) w[i * n + j] = 0.1 + ((i + j) % 4) * 0.05;
    const m = weightGraphMetrics(w, n, { rng: rng(), nulls: 10 });
    expect(m.degenerate).toBeUndefined();
    expect(m.entropyBits).toEqual(expect.any(Number));
    expect(m.modularity).toEqual(expect.any(Number));
    const one = new Float32Array(n * n).fill(0.25);
    one[5] = 0.3;
    expect(weightGraphMetrics(one, n, { rng: rng(), nulls: 10 }).degenerate).toBeUndefined();
  });
});
