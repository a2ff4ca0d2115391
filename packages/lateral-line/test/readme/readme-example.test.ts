import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as lateralLine from '../../src/index';

function readmeExample(): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const match = /<!-- readme-example:start -->\s*```ts\n([\s\S]*?)```\s*<!-- readme-example:end -->/.exec(readme);
  if (!match) throw new Error('README.md has no readme-example block');
  return match[1]!;
}

describe('README example', () => {
  it('the README example compiles, trains 6 trials (3 checkpoint lines) and prints σθ beside its references', () => {
    const { outputText, diagnostics } = ts.transpileModule(readmeExample(), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 }, reportDiagnostics: true });
    expect(diagnostics ?? []).toHaveLength(0);
    const lines: string[] = [];
    const fakeRequire = (id: string) => {
      if (id === '@olfactory/lateral-line') return lateralLine;
      throw new Error(`the README example may only import @olfactory/lateral-line, not ${id}`);
    };
    new Function('require', 'console', 'exports', 'module', outputText)(fakeRequire, { log: (...a: unknown[]) => lines.push(a.join(' ')) }, {}, { exports: {} });
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).map((l) => /^trial (\d+):/.exec(l)![1])).toEqual(['2', '4', '6']);
    const m = /^σθ trained (\d\.\d{3}), untrained (\d\.\d{3}), perfect (\d\.\d{3}), random (\d\.\d{3}) rad$/.exec(lines[3]!);
    expect(m).not.toBeNull();
    expect(Number(m![3])).toBeLessThan(Number(m![4])); // the floor is below the ceiling
  });
});
