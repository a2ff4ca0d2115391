import { readFileSync } from 'node:fs';

/** The parts of the `typescript` module the README harness uses (the caller passes its own copy). */
export interface TypeScriptTranspiler<Options = unknown> {
  transpileModule(source: string, options: Options): { outputText: string; diagnostics?: readonly unknown[] };
  readonly ModuleKind: { readonly ESNext: unknown };
  readonly ScriptTarget: { readonly ES2022: unknown };
}

/**
 * The fenced block between `<!-- name:start -->` and `<!-- name:end -->` of a README, e.g.
 * `readmeBlock(path, 'readme-example', 'ts')` or `readmeBlock(path, 'readme-output', 'text')`.
 *
 * @throws Error naming the README and the block when it is missing.
 */
export function readmeBlock(readmePath: string, name: string, lang: string): string {
  const readme = readFileSync(readmePath, 'utf8');
  const match = new RegExp(`<!-- ${name}:start -->\\s*\`\`\`${lang}\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`).exec(readme);
  if (!match) throw new Error(`${readmePath} has no ${name} block (\`\`\`${lang} between <!-- ${name}:start --> and <!-- ${name}:end -->)`);
  return match[1]!;
}

/**
 * Run a README example as a user who installed the packages would: transpile it (TypeScript,
 * no type errors in the transpile step), bind each `import { … } from '<package>'` to the
 * given module object (the package's sources in tests), and run it as an async function (top-level
 * `await` allowed) with `console.log` captured. Returns the printed lines.
 *
 * @throws Error when the example imports a package not in `modules`, or on transpile diagnostics.
 * @example
 *   const lines = await runReadmeExample(ts, readmeBlock(readme, 'readme-example', 'ts'), { '@olfactory/metrics': metrics });
 */
export async function runReadmeExample<Options>(ts: TypeScriptTranspiler<Options>, source: string, modules: Readonly<Record<string, unknown>>): Promise<string[]> {
  const options = { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }, reportDiagnostics: true } as unknown as Options;
  const { outputText, diagnostics } = ts.transpileModule(source, options);
  if ((diagnostics ?? []).length > 0) throw new Error(`the README example does not transpile: ${diagnostics!.length} diagnostics`);
  const names = Object.keys(modules);
  const body = outputText.replace(/import\s*\{([^}]*)\}\s*from\s*'([^']+)';/g, (_, bindings: string, from: string) => {
    const k = names.indexOf(from);
    if (k < 0) throw new Error(`the README example may only import ${names.join(', ')}, not ${from}`);
    return `const {${bindings.replace(/\s+as\s+/g, ': ')}} = __modules[${k}];`;
  });
  if (/^\s*import\b/m.test(body)) throw new Error('the README example has an import form the harness does not bind (use import { … } from)');
  const lines: string[] = [];
  const console = { log: (...args: unknown[]) => lines.push(args.join(' ')) };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
  await new AsyncFunction('__modules', 'console', body)(
    names.map((n) => modules[n]),
    console,
  );
  return lines;
}
