/**
 * One jest run over every package. Workspace imports (`@olfactory/*`) resolve to the
 * packages' TypeScript sources, so unit tests need no build; the CLI's end-to-end tests and
 * the pack test use the built `dist/` (the README's test command builds first).
 */
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }];
const mapper = {
  '^@olfactory/connectome-data$': '<rootDir>/../../packages/connectome-data/src/index.ts',
  '^@olfactory/connectome-data/test$': '<rootDir>/../../packages/connectome-data/test/helpers/index.ts',
  '^@olfactory/neurons$': '<rootDir>/../../packages/neurons/src/index.ts',
  '^@olfactory/neurons/extend$': '<rootDir>/../../packages/neurons/src/extend.ts',
  '^@olfactory/neurons/test$': '<rootDir>/../../packages/neurons/test/helpers/index.ts',
  '^@olfactory/neurons/test/tf$': '<rootDir>/../../packages/neurons/test/helpers/tf.ts',
  '^@olfactory/model$': '<rootDir>/../../packages/olfactory-model/src/index.ts',
  '^@olfactory/model/test$': '<rootDir>/../../packages/olfactory-model/test/support/index.ts',
  '^@olfactory/metrics$': '<rootDir>/../../packages/metrics/src/index.ts',
  '^@olfactory/plots$': '<rootDir>/../../packages/plots/src/index.ts',
  '^@olfactory/sweep$': '<rootDir>/../../packages/sweep/src/index.ts',
  '^@olfactory/sweep/test$': '<rootDir>/../../packages/sweep/test/helpers/index.ts',
  '^@olfactory/models$': '<rootDir>/../../packages/models/src/index.ts',
  '^@olfactory/cortical-rnn$': '<rootDir>/../../packages/cortical-rnn/src/index.ts',
  '^@olfactory/lateral-line$': '<rootDir>/../../packages/lateral-line/src/index.ts',
};
const project = (dir, displayName) => ({
  displayName,
  rootDir: `<rootDir>/${dir}`,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/)?(d3|d3-[^/]+|internmap|delaunator|robust-predicates)[@/])'],
  moduleNameMapper: mapper,
});
module.exports = {
  rootDir: __dirname,
  // bundles @olfactory/model's worker-thread entries from the sources (see the script)
  globalSetup: '<rootDir>/scripts/jest-global-setup.cjs',
  projects: [
    project('packages/connectome-data', 'connectome-data'),
    project('packages/neurons', 'neurons'),
    project('packages/olfactory-model', 'model'),
    project('packages/metrics', 'metrics'),
    project('packages/plots', 'plots'),
    project('packages/sweep', 'sweep'),
    project('packages/lateral-line', 'lateral-line'),
    // a 60 s default per test: the end-to-end tests spawn the built binary several times each
    { ...project('apps/cli', 'cli'), setupFilesAfterEnv: ['<rootDir>/test/helpers/jest-timeout.ts'] },
    project('packages/models', 'models'),
    project('.', 'repo'),
    project('packages/cortical-rnn', 'cortical-rnn'),
  ].map((p) => ({ ...p, rootDir: p.rootDir.replace('<rootDir>', __dirname) })),
};
