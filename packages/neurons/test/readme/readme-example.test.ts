import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as neurons from '../../src/index';
import { readmeBlock, runReadmeExample } from '../helpers/readme-example';

const readmeExample = () => readmeBlock(join(__dirname, '..', '..', 'README.md'), 'readme-example', 'ts');

describe('README example', () => {
  it('the README example compiles, runs 30 steps and prints a gradient that matches its finite difference', async () => {
    const lines = await runReadmeExample(ts, readmeExample(), { '@olfactory/neurons': neurons });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^loss \d+\.\d{4}; spike counts( \d+\.\d\d){5}$/);
    const m = /^dL\/d logStrengthNa = (-?\d+\.\d+) \(finite difference (-?\d+\.\d+)\)$/.exec(lines[1]!);
    expect(m).not.toBeNull();
    const analytic = Number(m![1]);
    const numeric = Number(m![2]);
    expect(Math.abs(analytic)).toBeGreaterThan(0.1);
    expect(Math.abs(analytic - numeric)).toBeLessThan(1e-3 * Math.abs(numeric) + 2e-4); // float32 forward, h = 1e-3
  });

  it('the README example is type-checked as part of the package sources', () => {
    // test/readme/readme-example.typecheck.ts must stay identical to the README block, so that
    // `tsc --noEmit -p tsconfig.json` type-checks exactly the documented code.
    const copy = readFileSync(join(__dirname, 'readme-example.typecheck.ts'), 'utf8');
    expect(copy.replaceAll("'../../src/index'", "'@olfactory/neurons'").trim()).toBe(readmeExample().trim());
  });
});
