import { spawn } from 'node:child_process';
import type { OlfactoryData } from '@olfactory/connectome-data';
import type { Evaluation } from './experiment-plan';
import type { EvaluateOptions, RecomputeTask } from './experiment-evaluation';
import { conditionCheckpoints, conditionMixtures, loadData, recomputeTask } from './experiment-evaluation';
import { resolveOlfactoryArgv } from '../commands/sweep';

/** How the collect step runs its recomputes side by side. */
export interface ParallelRecomputeOptions {
  /** The CLI entry script (`olfactory`), run by this Node.js for each recompute. */
  readonly cliScript: string;
  /** Recomputes at once (≥ 2; one core each). */
  readonly workers: number;
}

/**
 * The collect step's evaluations ahead of its tables: the recomputes side by side as processes
 * ({@link recomputeInParallel}) while this process computes each condition's mixture metrics
 * (cached in `eval/<condition>-mixtures/`, marked in `o.freshMixtures` so that the first table
 * to use them reports them as computed, not reused). The tables are then built from the folders.
 *
 * Returns the data it loaded and each evaluation's share of the wall time (keys: a recompute's
 * evaluation id, `mixtures:<condition>`): its own duration, scaled so that together they make
 * the wall time, for the first table that uses it to count (as one after the other would).
 */
export async function evaluateAhead(evaluations: readonly Evaluation[], o: EvaluateOptions, run: ParallelRecomputeOptions): Promise<{ share: Map<string, number>; data: OlfactoryData | undefined }> {
  const t0 = performance.now();
  const recomputes = recomputeInParallel(evaluations, o, run).then(
    (own) => ({ own }),
    (error: unknown) => ({ error }),
  );
  const own = new Map<string, number>();
  let data: OlfactoryData | undefined;
  let mixturesError: unknown;
  try {
    for (const e of evaluations) {
      if (e.kind !== 'mixtures' || own.has(`mixtures:${e.condition}`)) continue;
      const found = await conditionCheckpoints(o.out, e.condition, o.seeds);
      if (found.length === 0) continue;
      data ??= await loadData(o.dataDir);
      const t = performance.now();
      if ((await conditionMixtures(e.condition, found, o, data)).reusedSeconds === undefined) {
        own.set(`mixtures:${e.condition}`, (performance.now() - t) / 1000);
        o.freshMixtures?.add(e.condition);
      }
    }
  } catch (error) {
    mixturesError = error;
  }
  // the recompute processes are always waited for, so none outlives a failure here
  const done = await recomputes;
  if ('error' in done) throw done.error;
  if (mixturesError !== undefined) throw mixturesError;
  for (const [id, seconds] of done.own) own.set(id, seconds);
  const wall = (performance.now() - t0) / 1000;
  const sum = [...own.values()].reduce((a, b) => a + b, 0);
  return { share: new Map([...own].map(([k, seconds]) => [k, sum > 0 ? (seconds * wall) / sum : 0])), data };
}

/**
 * The collect step's recomputes, several at once. Each distinct recompute evaluation whose folder
 * is not current runs as its own `olfactory recompute` process (one recompute keeps about one core
 * busy: onnxruntime on its small batches and the noise generation), `workers` at a time, those with
 * the concentration sweep (the longest) first. The evaluation loop then finds every folder current.
 * The results are those of running them one after the other: each recompute is deterministic and
 * reads nothing another one writes. Returns each recompute's own duration in seconds, by evaluation id.
 *
 * @throws {Error} naming the evaluation, the exit code and the recompute's error lines when one fails
 *   (the others still finish, so a re-run redoes only the failed one).
 */
export async function recomputeInParallel(evaluations: readonly Evaluation[], o: EvaluateOptions, run: ParallelRecomputeOptions): Promise<Map<string, number>> {
  const seen = new Set<string>();
  const tasks: RecomputeTask[] = [];
  for (const e of evaluations) {
    if (e.kind !== 'recompute' || seen.has(e.id)) continue;
    seen.add(e.id);
    const t = await recomputeTask(e, o);
    if (t !== null && !t.current) tasks.push(t);
  }
  const seconds = new Map<string, number>();
  if (tasks.length === 0) return seconds;
  tasks.sort((a, b) => Number(b.withConcentration) - Number(a.withConcentration));
  o.status(`experiment: ${tasks.length} recompute(s), ${Math.min(run.workers, tasks.length)} at a time`);
  const failures: string[] = [];
  const queue = [...tasks];
  const worker = async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      o.status(`experiment: recompute ${t.id} (${t.files.length} checkpoint(s)${t.ablate === 'none' ? '' : `, post hoc ${t.ablate}`}${t.withConcentration ? ', with the concentration sweep' : ''})`);
      const t0 = performance.now();
      const failure = await recomputeProcess(t, o, run.cliScript);
      if (failure !== null) failures.push(failure);
      else seconds.set(t.id, (performance.now() - t0) / 1000);
    }
  };
  await Promise.all(Array.from({ length: Math.min(run.workers, tasks.length) }, worker));
  if (failures.length > 0) throw new Error(`${failures.length} recompute(s) of the collect step failed — ${failures.join('; ')}`);
  return seconds;
}

/** One `olfactory recompute` process for a task; null when it succeeded, else what went wrong. */
function recomputeProcess(t: RecomputeTask, o: EvaluateOptions, cliScript: string): Promise<string | null> {
  // the same resolution as every olfactory job of a sweep: this Node.js, the CLI script
  const argv = resolveOlfactoryArgv(
    [
      'olfactory',
      '--quiet',
      'recompute',
      ...t.files.flatMap((f) => ['--checkpoints', f]),
      ...(t.withConcentration ? ['--concentration'] : []),
      ...(t.ablate === 'none' ? [] : ['--ablate', t.ablate]),
      '--device',
      'cpu',
      '--engine',
      o.engine,
      '--out',
      t.dir,
      ...(o.dataDir !== undefined ? ['--data-dir', o.dataDir] : []),
    ],
    cliScript,
  );
  return new Promise((resolveRun) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    child.on('error', (e) => resolveRun(`recompute ${t.id}: ${e.message}`));
    child.on('close', (code, signal) => {
      if (code === 0) resolveRun(null);
      else {
        const lines = stderr.trim().split('\n').slice(-3).join(' / ');
        resolveRun(`recompute ${t.id} (${t.dir}) exited ${code ?? signal}: ${lines || 'no error output'}`);
      }
    });
  });
}
