// Jest global setup: bundle the worker-thread entries of @olfactory/model from their TypeScript
// sources (workspace imports resolved to the packages' sources, as the tests' module mapper does)
// into packages/olfactory-model/node_modules/.cache/olfactory-threads/, where the package looks
// for them when it runs from its sources (src/threads/thread-entry.ts). The builds emit the same
// entries into dist/ (tsup). esbuild is tsup's own, so the repository pins one copy.
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..');
const pkg = join(root, 'packages', 'olfactory-model');
const tsup = require.resolve('tsup/package.json', { paths: [pkg] });
const esbuild = require(require.resolve('esbuild', { paths: [dirname(tsup)] }));

const ENTRIES = { 'noise-thread': join(pkg, 'src', 'threads', 'noise-thread.ts') };

module.exports = async function bundleThreadEntries() {
  const outDir = join(pkg, 'node_modules', '.cache', 'olfactory-threads');
  mkdirSync(outDir, { recursive: true });
  for (const [name, entry] of Object.entries(ENTRIES)) {
    const r = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'error',
      alias: { '@olfactory/neurons': join(root, 'packages', 'neurons', 'src', 'index.ts') },
    });
    // atomically: a concurrent run never sees half a file
    const file = join(outDir, `${name}.cjs`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, r.outputFiles[0].contents);
    renameSync(tmp, file);
  }
};
