import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import * as sweep from '../../src/index';

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
  const cwd = process.cwd();
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sweep-readme-'));
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the README example runs real child processes and prints the output shown in the README', async () => {
    const { outputText, diagnostics } = ts.transpileModule(readmeExample(), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      reportDiagnostics: true,
    });
    expect(diagnostics ?? []).toHaveLength(0);
    const importRe = /import\s*\{([^}]*)\}\s*from\s*'@olfactory\/sweep';/;
    expect(outputText).toMatch(importRe);
    const body = outputText.replace(importRe, 'const {$1} = sweep;');
    expect(body).not.toMatch(/\bimport\b/);
    const lines: string[] = [];
    const fakeConsole = { log: (...args: unknown[]) => lines.push(args.join(' ')) };
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    await new AsyncFunction('sweep', 'console', 'process', body)(sweep, fakeConsole, process);
    const expected = readmeOutput();
    // the "finished" lines come in completion order; the rest in order
    expect(lines.filter((l) => l.startsWith('finished')).sort()).toEqual(expected.filter((l) => l.startsWith('finished')));
    expect(lines.filter((l) => !l.startsWith('finished'))).toEqual(expected.filter((l) => !l.startsWith('finished')));
    expect(JSON.parse(readFileSync(join(dir, 'sweeps', 'demo', 'results', 'seed-44.json'), 'utf8'))).toEqual({ seed: 44, score: 2 / 7 });
  });

  it('the README example is type-checked as part of the package sources', () => {
    const copy = readFileSync(join(__dirname, 'readme-example.typecheck.ts'), 'utf8');
    expect(copy.replaceAll("'../../src/index'", "'@olfactory/sweep'").trim()).toBe(readmeExample().trim());
  });
});
