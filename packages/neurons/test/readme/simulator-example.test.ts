import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as neurons from '../../src/index';
import { readmeBlock, runReadmeExample } from '../helpers/readme-example';

const simulatorExample = () => readmeBlock(join(__dirname, '..', '..', 'README.md'), 'simulator-example', 'ts');

describe('README simulator example', () => {
  it('builds, runs (in two resumed halves), monitors a small network with STDP and prints its rate, CV and weights', async () => {
    const lines = await runReadmeExample(ts, simulatorExample(), { '@olfactory/neurons': neurons });
    expect(lines).toHaveLength(3);
    // spikes 8 B × 20,000 + rate 4 bins × 8 B + weights 2 × (nSyn + 2) × 8 B
    const bytes = Number(/^monitors: (\d+) bytes, fixed before the run$/.exec(lines[0]!)?.[1]);
    const nSyn = Number(/over (\d+) synapses/.exec(lines[2]!)?.[1]);
    expect(bytes).toBe(160000 + 32 + 2 * (nSyn + 2) * 8);
    if (!/^rate \d/.test(lines[1]!) || /NaN/.test(lines[1]!)) throw new Error(lines.join('\n'));
    const m = /^rate (\d+\.\d\d) Hz, ISI CV (\d+\.\d\d); per 500 ms: ((?:\d+\.\d ?){4})$/.exec(lines[1]!);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(1);
    expect(Number(m![1])).toBeLessThan(100);
    expect(Number(m![2])).toBeGreaterThan(0.1);
    const w = /^mean weight (\d+\.\d{3}) mV → (\d+\.\d{3}) mV over (\d+) synapses$/.exec(lines[2]!);
    expect(w).not.toBeNull();
    expect(Number(w![1])).toBe(3.5);
    expect(Number(w![2])).not.toBe(3.5); // STDP changed the weights
    expect(Number(w![3])).toBeGreaterThan(1600);
    expect(Number(w![3])).toBeLessThan(2400);
  });

  it('the README simulator example is type-checked as part of the package sources', () => {
    const copy = readFileSync(join(__dirname, 'simulator-example.typecheck.ts'), 'utf8');
    expect(copy.replaceAll("'../../src/index'", "'@olfactory/neurons'").trim()).toBe(simulatorExample().trim());
  });
});
