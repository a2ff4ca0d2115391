import { defineConfig } from 'tsup';

export default defineConfig({
  // the package and its shared test helpers (./test), which other packages' tests import by name
  entry: { index: 'src/index.ts', test: 'test/helpers/index.ts' },
  external: ['@olfactory/sweep'],
  format: ['esm', 'cjs'],
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
});
