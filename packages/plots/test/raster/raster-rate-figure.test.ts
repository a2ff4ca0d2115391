import { rasterRateFigure } from '../../src/index';
import { mulberry32 } from '../helpers/seeded';
import { expectSvgSnapshot } from '../helpers/snapshot';

/** Seeded Poisson-like spikes of 40 neurons over 500 ms (rate rising in the second half) and their 50 ms rates. */
function data() {
  const rng = mulberry32(11);
  const spikeTimesMs: number[] = [];
  const spikeNeurons: number[] = [];
  for (let t = 0; t < 500; t += 1) {
    for (let i = 0; i < 40; i++) {
      if (rng() < (t < 250 ? 0.01 : 0.03)) {
        spikeTimesMs.push(t);
        spikeNeurons.push(i);
      }
    }
  }
  const ratesHz = Array.from({ length: 10 }, (_, b) => spikeTimesMs.filter((t) => t >= b * 50 && t < (b + 1) * 50).length / (40 * 0.05));
  return { spikeTimesMs, spikeNeurons, nNeurons: 40, ratesHz, binMs: 50 };
}

describe('rasterRateFigure', () => {
  it('rasterRateFigure(data) has the expected defaults: panel A one dot per spike, panel B a step line of the rates', () => {
    const d = data();
    const svg = rasterRateFigure(d);
    expect(Array.from(svg.querySelectorAll('text.panel-letter'), (t) => t.textContent)).toEqual(['A', 'B']);
    expect(svg.querySelectorAll('g.raster circle')).toHaveLength(d.spikeTimesMs.length);
    const path = svg.querySelector('path.rate-line')!.getAttribute('d')!;
    expect(path.split('L')).toHaveLength(20); // two points per bin
    expect(svg.querySelector('g.rate text.panel-title')!.textContent).toBe('Population rate (50 ms bins)');
    expect(svg.getAttribute('font-family')).toBe('DejaVu Sans');
  });

  it('places a spike at its time and neuron, and the rate line at each bin value', () => {
    const svg = rasterRateFigure({ spikeTimesMs: [0, 250], spikeNeurons: [0, 9], nNeurons: 10, ratesHz: [10, 30], binMs: 250 }, { widthPx: 500, rasterHeightPx: 100 });
    const [a, b] = Array.from(svg.querySelectorAll('g.raster circle'));
    expect([a!.getAttribute('cx'), a!.getAttribute('cy')]).toEqual(['0', '95']);
    expect([b!.getAttribute('cx'), b!.getAttribute('cy')]).toEqual(['250', '5']);
    // y of the rate panel: domain [0, 33].nice() = [0, 35] → 110 px; 10 Hz at 110 − 10/35·110
    const d = svg.querySelector('path.rate-line')!.getAttribute('d')!;
    expect(d).toBe('M0,78.57L250,78.57L250,15.71L500,15.71');
  });

  it('matches the committed SVG snapshot (seeded data)', () => {
    expectSvgSnapshot(rasterRateFigure(data(), { title: 'Raster and rate' }), 'raster-rate');
  });

  it('rejects spikes of neurons outside the population, mismatched arrays and a bad bin width', () => {
    expect(() => rasterRateFigure({ ...data(), spikeNeurons: [40], spikeTimesMs: [1] })).toThrow(
      /'data.spikeNeurons' passed to 'rasterRateFigure' has 40 at index 0; expected an integer in \[0, 40\)/,
    );
    expect(() => rasterRateFigure({ ...data(), spikeNeurons: [1, 2] })).toThrow(/'data.spikeNeurons' passed to 'rasterRateFigure' has length 2; expected \d+ \(one per spike\)/);
    expect(() => rasterRateFigure({ ...data(), binMs: 0 })).toThrow(/'data.binMs' passed to 'rasterRateFigure' is 0; expected a bin width in ms > 0/);
  });
});
