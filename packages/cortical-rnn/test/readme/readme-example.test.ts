import { join } from 'node:path';
import ts from 'typescript';
import { readmeBlock, runReadmeExample } from '@olfactory/neurons/test';
import * as crnn from '../../src/index';

const README = join(__dirname, '..', '..', 'README.md');

describe('README example', () => {
  it('the README example runs and prints exactly the output shown in the README', async () => {
    const lines = await runReadmeExample(ts, readmeBlock(README, 'readme-example', 'ts'), { '@olfactory/cortical-rnn': crnn });
    expect(lines).toEqual(readmeBlock(README, 'readme-output', 'text').trim().split('\n'));
  });
});
