import { parseHTML } from 'linkedom';

/**
 * A DOM `Document` for building SVG outside a browser (linkedom). Every plot accepts a
 * `document` option; pass your own (a browser's, jsdom's) or let the plot create one with this.
 */
export function createSvgDocument(): Document {
  return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

/** Serialize an `<svg>` element as a standalone SVG file (with the SVG namespace set). */
export function serializeSvg(svg: Element): string {
  if (!svg.getAttribute('xmlns')) svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML}\n`;
}
