import { philox4x32 } from '../../src/index';

const hex = (out: Uint32Array) => Array.from(out, (w) => w.toString(16).padStart(8, '0')).join(' ');

describe('philox4x32', () => {
  // Known-answer vectors of Random123 (tests/kat_vectors, "philox4x32 10" lines):
  // counter (4 words), key (2 words) → output (4 words).
  it.each([
    [[0, 0, 0, 0], [0, 0], '6627e8d5 e169c58d bc57ac4c 9b00dbd8'],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], '408f276d 41c83b0e a20bc7c6 6d5451fd'],
    [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], 'd16cfe09 94fdcceb 5001e420 24126ea1'],
  ])('philox4x32(counter %j, key %j) matches the Random123 known answer', (c, k, expected) => {
    const out = new Uint32Array(4);
    philox4x32(c[0]!, c[1]!, c[2]!, c[3]!, k[0]!, k[1]!, out);
    expect(hex(out)).toBe(expected);
  });

  it('philox4x32 changes every output word when one counter bit flips (avalanche)', () => {
    const a = new Uint32Array(4);
    const b = new Uint32Array(4);
    philox4x32(1, 2, 3, 4, 5, 6, a);
    philox4x32(1, 2, 3, 5, 5, 6, b);
    let bits = 0;
    for (let i = 0; i < 4; i++) {
      expect(a[i]).not.toBe(b[i]);
      let x = (a[i]! ^ b[i]!) >>> 0;
      while (x) {
        bits += x & 1;
        x >>>= 1;
      }
    }
    expect(bits).toBeGreaterThan(40); // ≈ 64 of 128 expected
    expect(bits).toBeLessThan(88);
  });
});
