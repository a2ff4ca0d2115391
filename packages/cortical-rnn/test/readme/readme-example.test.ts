import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as crnn from '../../src/index';

const readme = (): string => readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

function block(name: string, lang: string): string {
  const match = new RegExp(`<!-- ${name}:start -->\\s*\`\`\`${lang}\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`).exec(readme());
  if (!match) throw new Error(`README.md has no ${name} block`);
  return match[1]!;
}

describe('README example', () => {
  it('the README example runs and prints exactly the output shown in the README', async () => {
    const { outputText, diagnostics } = ts.transpileModule(block('readme-example', 'ts'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      reportDiagnostics: true,
    });
    expect(diagnostics ?? []).toHaveLength(0);
    const importRe = /import\s*\{([^}]*)\}\s*from\s*'@olfactory\/cortical-rnn';/;
    expect(outputText).toMatch(importRe);
    const body = outputText.replace(importRe, 'const {$1} = crnn;');
    expect(body).not.toMatch(/\bimport\b/);
    const lines: string[] = [];
    const fakeConsole = { log: (...args: unknown[]) => lines.push(args.join(' ')) };
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    await new AsyncFunction('crnn', 'console', body)(crnn, fakeConsole);
    expect(lines).toEqual(block('readme-output', 'text').trim().split('\n'));
  });
});
