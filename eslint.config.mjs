// ESLint (flat config) for the whole monorepo, run by `pnpm lint` inside `pnpm test`.
// Two guardrails for a growing codebase:
//  - layering: a package imports only the @olfactory packages it declares as dependencies (so
//    nothing imports "upward"), and no relative import leaves its package — in its sources,
//    and in its tests and benchmarks too (shared test helpers come through a ./test subpath);
//  - a cap on function length, which the olfactory engine's one-closure design would break.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = dirname(fileURLToPath(import.meta.url));
const packageDirs = ['packages', 'apps'].flatMap((group) =>
  existsSync(join(root, group))
    ? readdirSync(join(root, group))
        .map((d) => join(group, d))
        .filter((d) => existsSync(join(root, d, 'package.json')))
    : [],
);
const manifests = packageDirs.map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) }));

/** The package folder a file belongs to, or null. */
function packageOf(file) {
  const rel = relative(root, file).split(sep).join('/');
  return manifests.find((m) => rel === m.dir || rel.startsWith(`${m.dir}/`)) ?? null;
}

const layering = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      undeclared:
        "'{{source}}' is not a dependency of {{pkg}}: a package may import only the @olfactory packages in its package.json (layering: no imports upward or sideways). Add it to dependencies if the layering allows it, or move the code.",
      outside: "relative import '{{source}}' leaves {{pkg}} ({{dir}}): import the other package by its name (for test helpers, its ./test subpath).",
    },
  },
  create(context) {
    const file = context.filename;
    const pkg = packageOf(file);
    if (!pkg) return {};
    const m = pkg.manifest;
    const allowed = new Set([m.name, ...Object.keys({ ...m.dependencies, ...m.peerDependencies, ...m.optionalDependencies, ...m.devDependencies })]);
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (source.startsWith('@olfactory/')) {
        const name = source.split('/').slice(0, 2).join('/');
        if (!allowed.has(name)) context.report({ node, messageId: 'undeclared', data: { source, pkg: m.name } });
      } else if (source.startsWith('.')) {
        const target = resolve(dirname(file), source);
        const inside = relative(join(root, pkg.dir), target);
        if (inside.startsWith('..')) context.report({ node, messageId: 'outside', data: { source, pkg: m.name, dir: pkg.dir } });
      }
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    };
  },
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.d.ts', '**/*.generated.ts', 'results/**', 'models/**', '.turbo/**'] },
  {
    files: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { olfactory: { rules: { layering } }, '@typescript-eslint': tseslint.plugin },
    rules: {
      'olfactory/layering': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    // tests and benchmarks keep the same layering: another package's helpers come through its
    // ./test subpath (e.g. @olfactory/neurons/test), never a relative path into its folders
    files: ['packages/*/test/**/*.ts', 'apps/*/test/**/*.ts', 'packages/*/bench/**/*.ts'],
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { olfactory: { rules: { layering } } },
    rules: { 'olfactory/layering': 'error' },
  },
);
