import { defineConfig } from 'tsup';

export default defineConfig({
  // the package, its test support (./test: the TF.js oracle), which imports the package by name,
  // and the worker-thread entry (dist/noise-thread.cjs, found by src/threads/thread-entry.ts)
  entry: { index: 'src/index.ts', test: 'test/support/index.ts', 'noise-thread': 'src/threads/noise-thread.ts' },
  external: ['@olfactory/model'],
  format: ['esm', 'cjs'],
  splitting: true,
  // import.meta.url in the CommonJS build and __dirname in the ES module build (src/threads/thread-entry.ts)
  shims: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
});
