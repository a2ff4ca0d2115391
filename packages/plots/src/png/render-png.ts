import { existsSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { serializeSvg } from '../svg/create-svg-document';

const MARKER = Symbol.for('olfactory.plots.FontNotFoundError');

/**
 * Thrown by {@link renderPng} when no usable font can be found: resvg would otherwise drop every
 * `<text>` silently. Detect with `FontNotFoundError.isInstance(err)` (works across package copies).
 */
export class FontNotFoundError extends Error {
  readonly [MARKER] = true;
  override readonly name = 'FontNotFoundError';
  /** The font family that was asked for. */
  readonly fontFamily: string;
  /** Font files that were tried (empty when only system fonts were searched). */
  readonly fontFiles: readonly string[];

  constructor(fontFamily: string, fontFiles: readonly string[], detail: string) {
    super(
      `no font found to render text in '${fontFamily}': ${detail}; expected a readable font file. ` +
        `Install DejaVu (e.g. 'apt-get install fonts-dejavu-core') or pass { fontFiles: ['/path/to/DejaVuSans.ttf'] }.`,
    );
    this.fontFamily = fontFamily;
    this.fontFiles = fontFiles;
  }

  static isInstance(err: unknown): err is FontNotFoundError {
    return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** Options of {@link renderPng} and {@link renderRgba}. */
export interface RenderPngOptions {
  /** Zoom factor (2 = twice the SVG's pixel size). Default 1. */
  readonly scale?: number;
  /** Font files to load (TTF/OTF). Default: the system DejaVu Sans files, found on the usual paths. */
  readonly fontFiles?: readonly string[];
  /** Family used for text without a matching font and for generic `sans-serif`. Default `DejaVu Sans`. */
  readonly fontFamily?: string;
  /** Also load every system font (slower: scans the font directories). Default true when `fontFiles` is not given. */
  readonly loadSystemFonts?: boolean;
  /** Background colour behind the SVG, e.g. `white`. Default: transparent (figures draw their own white background). */
  readonly background?: string;
}

/** Where DejaVu Sans lives on Debian/Ubuntu, Fedora, Arch, macOS (Homebrew/user) and Windows. */
const DEJAVU_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
  '/usr/local/share/fonts/DejaVuSans.ttf',
  '/Library/Fonts/DejaVuSans.ttf',
  'C:\\Windows\\Fonts\\DejaVuSans.ttf',
];

const probeCache = new Map<string, boolean>();

function fontOptions(options: RenderPngOptions): NonNullable<ResvgRenderOptions['font']> {
  const family = options.fontFamily ?? 'DejaVu Sans';
  let files: string[];
  if (options.fontFiles !== undefined) {
    files = [...options.fontFiles];
    const missing = files.filter((f) => !existsSync(f));
    if (files.length === 0 || missing.length > 0) {
      throw new FontNotFoundError(family, files, files.length === 0 ? 'fontFiles is empty' : `font file(s) not found: ${missing.join(', ')}`);
    }
  } else {
    files = DEJAVU_CANDIDATES.filter((f) => existsSync(f)).slice(0, 1);
  }
  const loadSystemFonts = options.loadSystemFonts ?? (options.fontFiles === undefined && files.length === 0);
  if (files.length === 0 && !loadSystemFonts) {
    throw new FontNotFoundError(family, [], `DejaVu Sans is not on any of ${DEJAVU_CANDIDATES.length} usual paths and loadSystemFonts is false`);
  }
  return { fontFiles: files, loadSystemFonts, defaultFontFamily: family, sansSerifFamily: family, serifFamily: family, monospaceFamily: family };
}

/** True when resvg draws visible glyphs with these font options (cached per configuration). */
function fontWorks(font: NonNullable<ResvgRenderOptions['font']>): boolean {
  const key = JSON.stringify(font);
  const cached = probeCache.get(key);
  if (cached !== undefined) return cached;
  const family = font.defaultFontFamily!;
  const probe = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="24"><text x="2" y="18" font-size="18" font-family="${escapeXml(family)}" fill="black">Hg</text></svg>`;
  const pixels = new Resvg(probe, { font, background: 'white' }).render().pixels;
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 128) dark++;
  const ok = dark > 0;
  probeCache.set(key, ok);
  return ok;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function prepare(svg: Element | string, options: RenderPngOptions): Resvg {
  if (typeof svg !== 'string' && !(svg && typeof (svg as Element).outerHTML === 'string')) {
    throw new TypeError(`Argument 'svg' passed to 'renderPng' is ${svg === null ? 'null' : typeof svg}; expected an <svg> element or an SVG string.`);
  }
  const text = typeof svg === 'string' ? svg : serializeSvg(svg);
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`Option 'scale' passed to 'renderPng' is ${scale}; expected a finite number > 0.`);
  }
  const font = fontOptions(options);
  if (/<text[\s>]/.test(text) && !fontWorks(font)) {
    throw new FontNotFoundError(font.defaultFontFamily!, font.fontFiles ?? [], 'a probe render drew no glyphs');
  }
  const opts: ResvgRenderOptions = { font, fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale } };
  if (options.background) opts.background = options.background;
  return new Resvg(text, opts);
}

/**
 * Renders an SVG (element or string) to PNG bytes with resvg, always with a font configured:
 * the given `fontFiles`, else system DejaVu Sans. Without a font resvg silently drops all text, so
 * before rendering text a one-off probe checks that glyphs really appear; if not, it throws
 * {@link FontNotFoundError}.
 *
 * @example
 *   writeFileSync('fig2.png', renderPng(similarityFigure(data), { scale: 2 }));
 */
export function renderPng(svg: Element | string, options: RenderPngOptions = {}): Uint8Array {
  return new Uint8Array(prepare(svg, options).render().asPng());
}

/** Renders like {@link renderPng} but returns raw RGBA pixels (row-major, 4 bytes per pixel). */
export function renderRgba(svg: Element | string, options: RenderPngOptions = {}): { width: number; height: number; pixels: Uint8Array } {
  const img = prepare(svg, options).render();
  return { width: img.width, height: img.height, pixels: new Uint8Array(img.pixels) };
}
