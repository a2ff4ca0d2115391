#!/usr/bin/env node
// Issue 11 asks whether new kernels should be written in AssemblyScript. This measures the hot
// LIF update (population-wide parameters, two channels: the CUBA case) four ways on the same
// arrays, one core, best of 5: the project's hand-written WebAssembly generator (`lif_c2_u`), an
// AssemblyScript port with SIMD intrinsics and a scalar AssemblyScript port (both compiled by
// `asc -O3 --enable simd`, from packages/neurons/assembly/lif.ts), and the JavaScript loop. It
// checks that all four give the same bits, then prints one JSON line.
// Usage: node bench/simulator/assemblyscript-lif.mjs [--neurons 4000] [--steps 20000]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const neurons = join(here, '..', '..', 'packages', 'neurons');
const arg = (name, fallback) => {
  const k = process.argv.indexOf(name);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
};
const n = arg('--neurons', 4000);
const steps = arg('--steps', 20000);
const require = createRequire(join(neurons, 'package.json'));
const asc = join(dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
const tmp = mkdtempSync(join(tmpdir(), 'asc-'));
const t0 = performance.now();
execFileSync(process.execPath, [asc, join(neurons, 'assembly', 'lif.ts'), '-O3', '--enable', 'simd', '--importMemory', '--noAssert', '--runtime', 'stub', '-o', join(tmp, 'lif.wasm')]);
const ascCompileS = (performance.now() - t0) / 1000;
const asBytes = readFileSync(join(tmp, 'lif.wasm'));
rmSync(tmp, { recursive: true, force: true });

// CUBA parameters (Brian2's example): v_rest −49 mV above threshold −50 mV, so neurons fire on their own
const dt = 0.1;
const P = { rest: -49, am: Math.exp(-dt / 20), th: -50, reset: -60, k0: 0, k1: 0, a0: Math.exp(-dt / 5), a1: Math.exp(-dt / 10), rs: 49 };
P.k0 = (5 / (5 - 20)) * P.am * Math.expm1((dt * (5 - 20)) / (20 * 5));
P.k1 = (10 / (10 - 20)) * P.am * Math.expm1((dt * (10 - 20)) / (20 * 10));
const n4 = Math.ceil(n / 4) * 4;
const bytes = n4 * 8 * 4 + n4 * 4;
const layout = { v: 0, r: n4 * 8, g0: 2 * n4 * 8, g1: 3 * n4 * 8, spikes: 4 * n4 * 8 };

function init(buf) {
  const v = new Float64Array(buf, layout.v, n4);
  for (let i = 0; i < n; i++) v[i] = -60 + ((i * 7919) % 1000) / 100;
  v.fill(-Infinity, n);
  new Float64Array(buf, layout.r, n4).fill(0);
  const g0 = new Float64Array(buf, layout.g0, n4);
  const g1 = new Float64Array(buf, layout.g1, n4);
  for (let i = 0; i < n; i++) {
    g0[i] = (i % 13) / 13;
    g1[i] = -(i % 7) / 7;
  }
}

function instantiate(wasmBytes) {
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) + 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes), {
    env: {
      memory,
      abort() {
        throw new Error('abort');
      },
    },
  });
  return { memory, exports: instance.exports };
}

function run(name, kernel, buf) {
  init(buf);
  let best = Infinity;
  let spikes = 0;
  for (let rep = 0; rep < 5; rep++) {
    init(buf);
    spikes = 0;
    const s = performance.now();
    for (let k = 0; k < steps; k++) spikes += kernel();
    best = Math.min(best, (performance.now() - s) / 1000);
  }
  const state = new Uint8Array(buf.slice(0, layout.spikes));
  return { name, seconds: best, nsPerNeuronStep: (best / (n * steps)) * 1e9, spikes, state };
}

const args = (L) => [n4, L.v, L.r, L.g0, L.g1, L.spikes, P.rest, P.am, P.th, P.reset, P.k0, P.k1, P.a0, P.a1, P.rs];
const results = [];
const { simulatorKernelBytes } = await import('@olfactory/neurons');
const generated = instantiate(simulatorKernelBytes());
// the generator's signature: (n4, v, r, spikes, g0, g1, rest, am, th, reset, rs, k0, k1, a0, a1)
const genArgs = [n4, layout.v, layout.r, layout.spikes, layout.g0, layout.g1, P.rest, P.am, P.th, P.reset, P.rs, P.k0, P.k1, P.a0, P.a1];
results.push(run('generator (lif_c2_u)', () => generated.exports.lif_c2_u(...genArgs), generated.memory.buffer));
const as = instantiate(asBytes);
results.push(run('AssemblyScript SIMD', () => as.exports.lifSimd(...args(layout)), as.memory.buffer));
results.push(run('AssemblyScript scalar', () => as.exports.lifScalar(...args(layout)), as.memory.buffer));
{
  const buf = new ArrayBuffer(bytes);
  const v = new Float64Array(buf, layout.v, n4),
    r = new Float64Array(buf, layout.r, n4),
    g0 = new Float64Array(buf, layout.g0, n4),
    g1 = new Float64Array(buf, layout.g1, n4),
    sp = new Int32Array(buf, layout.spikes, n4);
  results.push(
    run(
      'JavaScript',
      () => {
        let count = 0;
        for (let i = 0; i < n; i++) {
          const s0 = g0[i],
            s1 = g1[i];
          g0[i] = s0 * P.a0;
          g1[i] = s1 * P.a1;
          const ri = r[i];
          if (ri > 0) {
            r[i] = ri - 1;
            continue;
          }
          const x = P.rest + (v[i] - P.rest) * P.am + s0 * P.k0 + s1 * P.k1;
          if (x > P.th) {
            v[i] = P.reset;
            r[i] = P.rs;
            sp[count++] = i;
          } else v[i] = x;
        }
        return count;
      },
      buf,
    ),
  );
}
const ref = results[0].state;
const sameBits = results.map((x) => Buffer.compare(Buffer.from(x.state.subarray(0, n * 8)), Buffer.from(ref.subarray(0, n * 8))) === 0 && x.spikes === results[0].spikes);
console.log(
  JSON.stringify({
    neurons: n,
    steps,
    ascVersion: require('assemblyscript/package.json').version,
    ascCompileS,
    asWasmBytes: asBytes.length,
    results: results.map((x, k) => ({ name: x.name, seconds: x.seconds, nsPerNeuronStep: x.nsPerNeuronStep, spikes: x.spikes, sameBitsAsGenerator: sameBits[k] })),
  }),
);
