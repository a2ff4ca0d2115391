import { inflateSync } from 'node:zlib';

/** Decoded 8-bit PNG pixels as RGBA, row-major. */
export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/**
 * A minimal PNG decoder for test assertions: 8-bit greyscale, RGB, grey+alpha or RGBA, not
 * interlaced (what resvg and Chromium write). Checks the signature and undoes the five row filters.
 */
export function decodePng(bytes: Uint8Array): DecodedPng {
  const buf = Buffer.from(bytes);
  if (buf.length < 8 || buf.readUInt32BE(0) !== 0x89504e47 || buf.readUInt32BE(4) !== 0x0d0a1a0a) throw new Error('not a PNG (bad signature)');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      colorType = data[9]!;
      if (depth !== 8 || data[12] !== 0) throw new Error(`unsupported PNG: bit depth ${depth}, interlace ${data[12]}`);
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = new Uint8Array(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      let add = 0;
      if (filter === 1) add = a;
      else if (filter === 2) add = b;
      else if (filter === 3) add = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = (line[i]! + add) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const s = x * channels;
      if (channels >= 3) out.set([line[s]!, line[s + 1]!, line[s + 2]!, channels === 4 ? line[s + 3]! : 255], o);
      else out.set([line[s]!, line[s]!, line[s]!, channels === 2 ? line[s + 1]! : 255], o);
    }
    prev = line;
  }
  return { width, height, rgba: out };
}

/** Number of opaque dark pixels (all channels < 100) in rows [y0, y1). */
export function darkPixels(png: DecodedPng, y0 = 0, y1 = png.height): number {
  let n = 0;
  for (let y = Math.max(0, y0); y < Math.min(y1, png.height); y++) {
    for (let x = 0; x < png.width; x++) {
      const o = (y * png.width + x) * 4;
      if (png.rgba[o + 3]! > 128 && png.rgba[o]! < 100 && png.rgba[o + 1]! < 100 && png.rgba[o + 2]! < 100) n++;
    }
  }
  return n;
}
