import { FontNotFoundError, renderPng, renderRgba } from '../../src/png/render-png';
import { similarityFigure } from '../../src/similarity/similarity-figure';
import { createSvgDocument } from '../../src/svg/create-svg-document';

const withText = (text: string | null) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="white"/>` +
  (text === null ? '' : `<text x="6" y="28" font-family="DejaVu Sans" font-size="20" fill="black">${text}</text>`) +
  `</svg>`;

function darkPixels(pixels: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 100 && pixels[i + 1]! < 100 && pixels[i + 2]! < 100 && pixels[i + 3]! > 200) n++;
  return n;
}

describe('renderPng', () => {
  it('renderPng(svg) returns PNG bytes (signature, IHDR size scaled by options.scale)', () => {
    const png = renderPng(withText('Odor'), { scale: 2 });
    expect(png).toBeInstanceOf(Uint8Array);
    expect(Array.from(png.slice(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(view.getUint32(16)).toBe(240); // IHDR width
    expect(view.getUint32(20)).toBe(80); // IHDR height
  });

  it('draws text: a black label on white gives dark pixels, the same SVG without the label gives none', () => {
    const on = renderRgba(withText('Cosine Similarity'));
    const off = renderRgba(withText(null));
    expect(on.width).toBe(120);
    expect(darkPixels(on.pixels)).toBeGreaterThan(150);
    expect(darkPixels(off.pixels)).toBe(0);
  });

  it('draws figure text in DejaVu Sans even where d3-axis would ask for generic sans-serif', () => {
    const doc = createSvgDocument();
    const svg = similarityFigure({ panels: [{ title: 'KC Similarity', values: [1, 0, 0, 1] }] }, { document: doc, panelSizePx: 40 });
    // Keep only the tick labels: any dark pixel must then come from glyphs.
    for (const el of Array.from(svg.querySelectorAll('rect, path, line, text.panel-title, text.panel-letter, text.x-label, text.y-label, text.colorbar-label'))) el.remove();
    const { pixels } = renderRgba(svg, { background: 'white' });
    expect(darkPixels(pixels)).toBeGreaterThan(20);
  });

  it('accepts explicit fontFiles', () => {
    const { pixels } = renderRgba(withText('A'), { fontFiles: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'], loadSystemFonts: false });
    expect(darkPixels(pixels)).toBeGreaterThan(20);
  });

  it('throws FontNotFoundError naming the missing file and the fix', () => {
    let err: unknown;
    try {
      renderPng(withText('A'), { fontFiles: ['/nonexistent/Font.ttf'] });
    } catch (e) {
      err = e;
    }
    expect(FontNotFoundError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/no font found to render text in 'DejaVu Sans': font file\(s\) not found: \/nonexistent\/Font.ttf; expected a readable font file/);
    expect((err as FontNotFoundError).fontFiles).toEqual(['/nonexistent/Font.ttf']);
  });

  it('throws FontNotFoundError when the family has no glyph source (no files, no system fonts)', () => {
    expect(() => renderPng(withText('A'), { fontFiles: [], loadSystemFonts: false })).toThrow(/fontFiles is empty/);
  });

  it('rejects a bad scale and a non-SVG argument', () => {
    expect(() => renderPng(withText('A'), { scale: 0 })).toThrow(/Option 'scale' passed to 'renderPng' is 0; expected a finite number > 0/);
    // @ts-expect-error: wrong type on purpose
    expect(() => renderPng(42)).toThrow(TypeError);
  });
});
