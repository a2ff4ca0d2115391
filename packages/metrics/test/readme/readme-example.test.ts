import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { readmeBlock, runReadmeExample } from '@olfactory/neurons/test';
import * as metrics from '../../src/index';

const README = join(__dirname, '..', '..', 'README.md');

describe('README example', () => {
  it('the README example on PyTorch-exported arrays runs and prints exactly the output shown in the README', async () => {
    const lines = await runReadmeExample(ts, readmeBlock(README, 'readme-example', 'ts'), { '@olfactory/metrics': metrics });
    expect(lines).toEqual(readmeBlock(README, 'readme-output', 'text').trim().split('\n'));
  });

  it('the README example is type-checked as part of the package sources', () => {
    // test/readme/readme-example.typecheck.ts must stay identical to the README block, so that
    // `tsc --noEmit -p tsconfig.json` type-checks exactly the documented code.
    const copy = readFileSync(join(__dirname, 'readme-example.typecheck.ts'), 'utf8');
    expect(copy.replaceAll("'../../src/index'", "'@olfactory/metrics'").trim()).toBe(readmeBlock(README, 'readme-example', 'ts').trim());
  });
});
