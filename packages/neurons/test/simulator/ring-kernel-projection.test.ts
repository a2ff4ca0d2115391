import { InvalidParameterError, ringKernelProjection } from '../../src/index';

const ends = { name: 'lat', pre: 'ts', post: 'ts', synapse: 'inh' };

/** The kernel as a direct double loop over a dense size × size matrix (NaN = no synapse). */
function denseDirect(n: number, radius: number, peak: number, kernel: 'triangular' | 'box', self: boolean): number[][] {
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(NaN));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = Math.min(Math.abs(i - j), n - Math.abs(i - j));
      if ((i !== j || self) && d <= radius) m[i]![j] = kernel === 'box' ? peak : peak * (1 - d / radius);
    }
  }
  return m;
}

function dense(p: ReturnType<typeof ringKernelProjection>, n: number): number[][] {
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(NaN));
  for (let i = 0; i < n; i++) for (let s = p.rowPtr[i]!; s < p.rowPtr[i + 1]!; s++) m[i]![p.postIndex[s]!] = p.weightsMv[s]!;
  return m;
}

describe('ringKernelProjection', () => {
  it('ringKernelProjection has the expected defaults (triangular, no self-pairs, delay 0)', () => {
    const p = ringKernelProjection({ ...ends, size: 10, radius: 3, peakMv: 1.5 });
    expect(p.delaySteps).toBe(0);
    expect(dense(p, 10)).toEqual(denseDirect(10, 3, 1.5, 'triangular', false));
    expect(p.rowPtr[1]).toBe(6); // d = 1, 2, 3 on both sides
  });

  it('ringKernelProjection equals the direct loop on the ring, wrapping at the ends (300 cells, radius 18, the lateral-line TS ring)', () => {
    const p = ringKernelProjection({ ...ends, size: 300, radius: 18, peakMv: -1.5 });
    const m = dense(p, 300);
    expect(m).toEqual(denseDirect(300, 18, -1.5, 'triangular', false));
    expect(m[0]![299]).toBeCloseTo(-1.5 * (17 / 18), 12); // neighbours across the seam
    expect(m[0]![18]).toBe(-0);
    expect(Number.isNaN(m[0]![19]!)).toBe(true);
    expect(p.postIndex.length).toBe(300 * 36);
  });

  it('ringKernelProjection with a box kernel and self-pairs equals the direct loop', () => {
    const p = ringKernelProjection({ ...ends, size: 7, radius: 2, peakMv: 2, kernel: 'box', includeSelf: true });
    expect(dense(p, 7)).toEqual(denseDirect(7, 2, 2, 'box', true));
  });

  it('ringKernelProjection rejects a radius <= 0 and an unknown kernel', () => {
    let error: unknown;
    try {
      ringKernelProjection({ ...ends, size: 7, radius: 0, peakMv: 1 });
    } catch (e) {
      error = e;
    }
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/invalid radius: 0; expected a finite number > 0/);
    expect(() => ringKernelProjection({ ...ends, size: 7, radius: 2, peakMv: 1, kernel: 'gauss' as 'box' })).toThrow(/invalid kernel: "gauss"/);
  });
});
