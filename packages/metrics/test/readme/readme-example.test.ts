import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as metrics from '../../src/index';

const readme = (): string => readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The TypeScript block between the readme-example markers of README.md. */
function readmeExample(): string {
  const match = /<!-- readme-example:start -->\s*```ts\n([\s\S]*?)```\s*<!-- readme-example:end -->/.exec(readme());
  if (!match) throw new Error('README.md has no readme-example block');
  return match[1]!;
}

/** The output block the README shows for the example. */
function readmeOutput(): string[] {
  const match = /<!-- readme-output:start -->\s*```text\n([\s\S]*?)```\s*<!-- readme-output:end -->/.exec(readme());
  if (!match) throw new Error('README.md has no readme-output block');
  return match[1]!.trim().split('\n');
}

describe('README example', () => {
  it('the README example on PyTorch-exported arrays runs and prints exactly the output shown in the README', async () => {
    const { outputText, diagnostics } = ts.transpileModule(readmeExample(), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      reportDiagnostics: true,
    });
    expect(diagnostics ?? []).toHaveLength(0);
    // The only import is `import { … } from '@olfactory/metrics'`; bind it to the sources and run
    // the body as an async function (the example uses top-level await).
    const importRe = /import\s*\{([^}]*)\}\s*from\s*'@olfactory\/metrics';/;
    expect(outputText).toMatch(importRe);
    const body = outputText.replace(importRe, 'const {$1} = metrics;');
    expect(body).not.toMatch(/\bimport\b/);
    const lines: string[] = [];
    const fakeConsole = { log: (...args: unknown[]) => lines.push(args.join(' ')) };
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    await new AsyncFunction('metrics', 'console', body)(metrics, fakeConsole);
    expect(lines).toEqual(readmeOutput());
  });

  it('the README example is type-checked as part of the package sources', () => {
    // test/readme/readme-example.typecheck.ts must stay identical to the README block, so that
    // `tsc --noEmit -p tsconfig.json` type-checks exactly the documented code.
    const copy = readFileSync(join(__dirname, 'readme-example.typecheck.ts'), 'utf8');
    expect(copy.replaceAll("'../../src/index'", "'@olfactory/metrics'").trim()).toBe(readmeExample().trim());
  });
});
