import { defineConfig } from 'tsup';

export default defineConfig({
  // the package and its test support (./test: the TF.js oracle), which imports the package by name
  entry: { index: 'src/index.ts', test: 'test/support/index.ts' },
  external: ['@olfactory/model'],
  format: ['esm', 'cjs'],
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
});
