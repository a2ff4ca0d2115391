import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
const eslint = join(root, 'node_modules', '.bin', 'eslint');

/** Lint `code` as if it were the file `path` of the repository; returns the messages. */
function lint(path: string, code: string): { ruleId: string | null; message: string }[] {
  const r = spawnSync(eslint, ['--format', 'json', '--stdin', '--stdin-filename', path], { cwd: root, input: code, encoding: 'utf8' });
  const out = JSON.parse(r.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return out[0]!.messages;
}

describe('eslint guardrails (pnpm lint)', () => {
  it('refuses an import upward: neurons may not import the model, which depends on it', () => {
    const m = lint('packages/neurons/src/upward.ts', "import { trainStudent } from '@olfactory/model';\nexport const x = trainStudent;\n");
    expect(m.map((x) => x.ruleId)).toEqual(['olfactory/layering']);
    expect(m[0]!.message).toMatch(/not a dependency of @olfactory\/neurons/);
  });

  it('accepts an import of a declared dependency', () => {
    expect(lint('packages/connectome-data/src/ok.ts', "import { createRng } from '@olfactory/neurons';\nexport const r = createRng(1);\n")).toEqual([]);
  });

  it('refuses a relative import that leaves its package', () => {
    const m = lint('packages/olfactory-model/src/sideways.ts', "import { circuit } from '../../connectome-data/src/index';\nexport const c = circuit;\n");
    expect(m.map((x) => x.ruleId)).toEqual(['olfactory/layering']);
    expect(m[0]!.message).toMatch(/leaves @olfactory\/model/);
  });

  it("refuses a test's relative import into another package's folders, and accepts its ./test subpath", () => {
    const m = lint('apps/cli/test/reach.test.ts', "import { testDataDir } from '../../../packages/connectome-data/test/helpers/data-dir';\nexport const d = testDataDir;\n");
    expect(m.map((x) => x.ruleId)).toEqual(['olfactory/layering']);
    expect(m[0]!.message).toMatch(/leaves @olfactory\/cli.*its \.\/test subpath/);
    expect(lint('apps/cli/test/ok.test.ts', "import { testDataDir } from '@olfactory/connectome-data/test';\nexport const d = testDataDir;\n")).toEqual([]);
  });

  it('caps function length at 150 lines', () => {
    const body = Array.from({ length: 151 }, (_, k) => `  const v${k} = ${k};`).join('\n');
    const m = lint('packages/metrics/src/long.ts', `export function long(): number {\n${body}\n  return v0;\n}\n`);
    expect(m.map((x) => x.ruleId)).toContain('max-lines-per-function');
  });
});
