import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { readmeBlock, runReadmeExample } from '@olfactory/neurons/test';
import * as sweep from '../../src/index';

const README = join(__dirname, '..', '..', 'README.md');
const readmeExample = () => readmeBlock(README, 'readme-example', 'ts');
const readmeOutput = () => readmeBlock(README, 'readme-output', 'text').trim().split('\n');

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
    const lines = await runReadmeExample(ts, readmeExample(), { '@olfactory/sweep': sweep });
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
