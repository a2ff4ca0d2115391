import { defineConfig } from 'tsup';

export default defineConfig({
  // the package, the authoring entry for packages above it (./extend), and the shared test
  // helpers (./test, ./test/tf) — the helpers import the package by name, so it stays external
  entry: { index: 'src/index.ts', extend: 'src/extend.ts', test: 'test/helpers/index.ts', 'test-tf': 'test/helpers/tf.ts' },
  external: ['@olfactory/neurons', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'],
  format: ['esm', 'cjs'],
  // one shared chunk for the entries in both formats: one copy of the arena registry and error classes
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
});
