import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

/** A single-node SLURM for the tests, or why there is none. */
export type SlurmCluster =
  | { readonly ready: true; readonly env: NodeJS.ProcessEnv; readonly startedHere: boolean; readonly base: string }
  | { readonly ready: false; readonly reason: string; readonly startLog?: string };

const ping = (env: NodeJS.ProcessEnv) => {
  const r = spawnSync('scontrol', ['ping'], { env, encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && /is UP/.test(r.stdout);
};

/**
 * The test cluster of scripts/slurm/start-slurm.sh (folder $SLURM_CI_BASE, default
 * <tmpdir>/olfactory-slurm). Reuses one that is up (CI starts it in scripts/install-and-test.sh);
 * else starts it (synchronously: it installs the Debian packages if needed, ≈13 s, else ≈3.5 s;
 * `startedHere` is then true). Call {@link stopSlurm} in afterAll: the last test process to
 * leave stops a cluster that a test started.
 * Not ready, with the reason, where SLURM cannot start (not Linux, not root, no apt-get) or
 * OLFACTORY_SKIP_SLURM=1.
 */
export function ensureSlurm(): SlurmCluster {
  if (process.env.OLFACTORY_SKIP_SLURM === '1') return { ready: false, reason: 'OLFACTORY_SKIP_SLURM=1' };
  if (process.platform !== 'linux') return { ready: false, reason: `SLURM test cluster needs Linux, this is ${process.platform}` };
  const base = process.env.SLURM_CI_BASE ?? join(tmpdir(), 'olfactory-slurm');
  const env = { ...process.env, SLURM_CI_BASE: base, SLURM_CONF: join(base, 'etc', 'slurm.conf'), PATH: `${process.env.PATH}:/usr/sbin:/sbin` };
  if (existsSync(env.SLURM_CONF) && ping(env)) return register({ ready: true, env, startedHere: false, base });
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'slurm', 'start-slurm.sh')], { env, encoding: 'utf8', timeout: 300_000 });
  if (r.status === 0) {
    writeFileSync(join(base, 'run', 'started-by-tests'), '');
    return register({ ready: true, env, startedHere: true, base });
  }
  const lines = `${r.stderr ?? ''}`.trim().split('\n');
  if (r.status === 3) return { ready: false, reason: lines.filter((l) => /cannot start SLURM here/.test(l)).pop()?.replace(/^\[start-slurm [^\]]*\] /, '') ?? 'start-slurm.sh exited 3' };
  return { ready: false, reason: `scripts/slurm/start-slurm.sh failed with exit code ${r.status}`, startLog: lines.slice(-25).join('\n') };
}

const usersDir = (base: string) => join(base, 'run', 'test-users');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Note this test process as a user of the cluster, so that another test file does not stop it under us. */
function register(cluster: SlurmCluster & { ready: true }): SlurmCluster {
  mkdirSync(usersDir(cluster.base), { recursive: true });
  writeFileSync(join(usersDir(cluster.base), String(process.pid)), '');
  return cluster;
}

/**
 * Leave the cluster. The last test process to leave stops the daemons, if a test (not CI's
 * scripts/install-and-test.sh, nor a developer) started them; they are stopped by their
 * recorded pids (scripts/slurm/stop-slurm.sh).
 */
export function stopSlurm(cluster: SlurmCluster): void {
  if (!cluster.ready) return;
  const users = usersDir(cluster.base);
  rmSync(join(users, String(process.pid)), { force: true });
  const others = (existsSync(users) ? readdirSync(users) : []).map(Number).filter((pid) => pid !== process.pid && alive(pid));
  const marker = join(cluster.base, 'run', 'started-by-tests');
  if (others.length > 0 || !existsSync(marker)) return;
  rmSync(marker, { force: true });
  spawnSync('bash', [join(ROOT, 'scripts', 'slurm', 'stop-slurm.sh')], { env: cluster.env, encoding: 'utf8', timeout: 120_000 });
}

/** Poll `check` every 200 ms until it returns a value, or fail after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
