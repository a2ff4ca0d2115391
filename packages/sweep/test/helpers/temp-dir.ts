import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The test job program (see fixtures/job.mjs). */
export const JOB = resolve(__dirname, '..', 'fixtures', 'job.mjs');

/** A fresh temporary folder per test; removed in afterEach. */
export function useTempDir(prefix: string): () => string {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `sweep-${prefix}-`));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

/** A job running the test program with `extra` arguments; output `<id>.json`. */
export function testJob(id: string, extra: string[] = []): { id: string; argv: string[]; output: string } {
  return { id, argv: [process.execPath, JOB, '--out', '{output}', ...extra], output: `out/${id}.json` };
}
