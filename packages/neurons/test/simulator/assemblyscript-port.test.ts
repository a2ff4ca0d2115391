import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { simulatorKernelBytes } from '../../src/index';

/** The part of the WebAssembly global this test uses (the project's lib settings carry no DOM types). */
interface Wasm {
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WebAssembly = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

// The AssemblyScript port of the two-channel LIF kernel (assembly/lif.ts), kept for the
// kernel-language measurement of `pnpm bench:simulator`, must compute what the generated kernel
// computes, bit for bit; otherwise the speed comparison would compare different work.
describe('AssemblyScript port of the LIF kernel', () => {
  it('gives the same bits and spikes as the generated kernel over 2,000 CUBA steps', () => {
    const asc = join(dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
    const tmp = mkdtempSync(join(tmpdir(), 'asc-test-'));
    execFileSync(process.execPath, [
      asc,
      join(__dirname, '..', '..', 'assembly', 'lif.ts'),
      '-O3',
      '--enable',
      'simd',
      '--importMemory',
      '--noAssert',
      '--runtime',
      'stub',
      '-o',
      join(tmp, 'lif.wasm'),
    ]);
    const asBytes = readFileSync(join(tmp, 'lif.wasm'));
    rmSync(tmp, { recursive: true, force: true });
    const n = 1000; // a multiple of 4
    const dt = 0.1;
    const am = Math.exp(-dt / 20);
    const P = [-49, am, -50, -60, (5 / (5 - 20)) * am * Math.expm1((dt * (5 - 20)) / 100), (10 / (10 - 20)) * am * Math.expm1((dt * (10 - 20)) / 200), Math.exp(-dt / 5), Math.exp(-dt / 10), 49];
    const [rest, m, th, reset, k0, k1, a0, a1, rs] = P as [number, number, number, number, number, number, number, number, number];
    const L = { v: 0, r: n * 8, g0: 2 * n * 8, g1: 3 * n * 8, spikes: 4 * n * 8 };
    const runWith = (bytes: Uint8Array, call: (e: Record<string, (...a: number[]) => number>) => number) => {
      const memory = new WebAssembly.Memory({ initial: 1 });
      const e = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
        env: {
          memory,
          abort: () => {
            throw new Error('abort');
          },
        },
      }).exports as Record<string, (...a: number[]) => number>;
      const v = new Float64Array(memory.buffer, L.v, n);
      const g0 = new Float64Array(memory.buffer, L.g0, n);
      const g1 = new Float64Array(memory.buffer, L.g1, n);
      for (let i = 0; i < n; i++) {
        v[i] = -60 + ((i * 7919) % 1000) / 100;
        g0[i] = (i % 13) / 13;
        g1[i] = -(i % 7) / 7;
      }
      let spikes = 0;
      for (let k = 0; k < 2000; k++) spikes += call(e);
      return { spikes, bytes: Buffer.from(memory.buffer.slice(0, L.spikes)) };
    };
    const gen = runWith(simulatorKernelBytes(), (e) => e.lif_c2_u!(n, L.v, L.r, L.spikes, L.g0, L.g1, rest, m, th, reset, rs, k0, k1, a0, a1));
    const simd = runWith(asBytes, (e) => e.lifSimd!(n, L.v, L.r, L.g0, L.g1, L.spikes, rest, m, th, reset, k0, k1, a0, a1, rs));
    const scalar = runWith(asBytes, (e) => e.lifScalar!(n, L.v, L.r, L.g0, L.g1, L.spikes, rest, m, th, reset, k0, k1, a0, a1, rs));
    expect(gen.spikes).toBeGreaterThan(1000);
    expect(simd.spikes).toBe(gen.spikes);
    expect(scalar.spikes).toBe(gen.spikes);
    expect(simd.bytes.equals(gen.bytes)).toBe(true);
    expect(scalar.bytes.equals(gen.bytes)).toBe(true);
  }, 60000);
});
