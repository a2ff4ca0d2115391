import { join } from 'node:path';
import ts from 'typescript';
import { readmeBlock, runReadmeExample } from '@olfactory/neurons/test';
import * as lateralLine from '../../src/index';

const readmeExample = () => readmeBlock(join(__dirname, '..', '..', 'README.md'), 'readme-example', 'ts');

describe('README example', () => {
  it('the README example compiles, trains 6 trials (3 checkpoint lines) and prints σθ beside its references', async () => {
    const lines = await runReadmeExample(ts, readmeExample(), { '@olfactory/lateral-line': lateralLine });
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).map((l) => /^trial (\d+):/.exec(l)![1])).toEqual(['2', '4', '6']);
    const m = /^σθ trained (\d\.\d{3}), untrained (\d\.\d{3}), perfect (\d\.\d{3}), random (\d\.\d{3}) rad$/.exec(lines[3]!);
    expect(m).not.toBeNull();
    expect(Number(m![3])).toBeLessThan(Number(m![4])); // the floor is below the ceiling
  });
});
