import { counterNormalKernel, createRng, normalSamplerModule } from '../../src/index';

describe('counterNormalKernel', () => {
  it('counterNormalKernel().fillRuns(...) reproduces createRng(seed).openInto(...).fillNormal(...) bit for bit (float32 and float64, slow path included)', () => {
    const k = counterNormalKernel();
    const runs = [0, 7, 0.1, 7, 4000, 1, 4007, 993, 0.25]; // 5,000 draws per block: ≈ 60 slow-path draws
    for (const [seed, stream] of [
      [42, 0],
      [7, 0x2000_0001],
      [2 ** 40 + 3, 5],
    ] as const) {
      for (let sample = 0; sample < 4; sample++) {
        for (const Ctor of [Float32Array, Float64Array]) {
          const want = new Ctor(5000);
          const g = createRng(seed).block(sample * 97, sample, 4, stream);
          for (let r = 0; r < runs.length; r += 3) g.fillNormal(want, runs[r]!, runs[r + 1]!, 0, runs[r + 2]!);
          const got = new Ctor(5000);
          k.fillRuns(seed, stream, sample * 97, sample, 4, got, runs);
          expect(Array.from(got)).toEqual(Array.from(want));
        }
      }
    }
  });

  it('counterNormalKernel is self-contained: its source text evaluated on its own gives the same numbers', () => {
    const rebuilt = new Function(`return (${counterNormalKernel.toString()})();`)() as ReturnType<typeof counterNormalKernel>;
    const a = new Float64Array(3000);
    const b = new Float64Array(3000);
    rebuilt.fillRuns(3, 1, 2, 3, 4, a, [0, 3000, 1]);
    counterNormalKernel().fillRuns(3, 1, 2, 3, 4, b, [0, 3000, 1]);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it.each([16, 17, 3])('fillStep with the WebAssembly sampler (batch %i) equals per-sample fillRuns and the JavaScript fillStep, bit for bit, from its source text too', (batch) => {
    const segments = [0, 42, 0.1, 42, 108, 1, 150, 7, 0.015, 157, 300, 0.25];
    const n = (42 + 108 + 7 + 300) * batch;
    const samples = Array.from({ length: batch }, (_, b) => 1000 + 3 * b);
    const want = new Float32Array(n);
    const k = counterNormalKernel();
    for (let b = 0; b < batch; b++) {
      const runs: number[] = [];
      for (let r = 0; r < segments.length; r += 3) runs.push(segments[r]! * batch + b * segments[r + 1]!, segments[r + 1]!, segments[r + 2]!);
      k.fillRuns(77, 5, samples[b]!, 9, 4, want, runs);
    }
    const js = new Float32Array(n);
    k.fillStep(77, 5, samples, 9, 4, js, segments);
    expect(Array.from(js)).toEqual(Array.from(want));
    const sampler = normalSamplerModule();
    expect(sampler).not.toBeNull();
    const fast = new Float32Array(n);
    counterNormalKernel(sampler).fillStep(77, 5, samples, 9, 4, fast, segments);
    expect(Array.from(fast)).toEqual(Array.from(want));
    const rebuilt = new Function('sampler', `return (${counterNormalKernel.toString()})(sampler);`)(sampler) as ReturnType<typeof counterNormalKernel>;
    const again = new Float32Array(n);
    rebuilt.fillStep(77, 5, samples, 9, 4, again, segments);
    expect(Array.from(again)).toEqual(Array.from(want));
    expect(want.some((x) => Math.abs(x) > 0.25 * 3.4426)).toBe(true); // slow-path draws included
  });
});
