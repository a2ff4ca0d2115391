import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SweepIncompleteError } from '../errors/sweep-incomplete-error';
import { expandArgv } from '../job/expand-argv';
import { readSweepManifest } from '../manifest/read-write-manifest';
import { sweepPaths } from '../manifest/sweep-paths';
import { readJobRecords } from '../records/read-job-records';

/**
 * Run the sweep's collect step here and now (the on-demand form of the SLURM `afterok` job):
 * its output goes to `logs/collect.log`. Returns its exit code (null when the sweep has no
 * collect step).
 * @throws SweepIncompleteError when some job is not done.
 */
export async function runCollect(dir: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ exitCode: number | null; log: string }> {
  const paths = sweepPaths(dir);
  const manifest = readSweepManifest(dir);
  const log = join(paths.dir, 'logs', 'collect.log');
  if (!manifest.collect) return { exitCode: null, log };
  const notDone = manifest.jobs.filter((j) => !readJobRecords(paths, j).done).map((j) => j.id);
  if (notDone.length > 0) throw new SweepIncompleteError({ dir: paths.dir, notDone });
  mkdirSync(join(paths.dir, 'logs'), { recursive: true });
  const argv = expandArgv(manifest.collect.argv, { sweep: paths.dir });
  const fd = openSync(log, 'w');
  writeSync(fd, `# sweep collect step (local), started ${new Date().toISOString()}: ${argv.join(' ')}\n`);
  const child = spawn(argv[0]!, argv.slice(1), { cwd: manifest.cwd, env: { ...(options.env ?? process.env), SWEEP_DIR: paths.dir }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exitCode = await new Promise<number>((done) => {
    child.on('error', () => done(127));
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
  return { exitCode, log };
}
