import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository checkout (its scripts/slurm/ start and stop the cluster): the nearest one above the working directory. */
function repositoryRoot(): string {
  for (let dir = resolve(process.cwd()); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'scripts', 'slurm', 'start-slurm.sh'))) return dir;
    if (dirname(dir) === dir) throw new Error('scripts/slurm/start-slurm.sh not found above the working directory: run the SLURM tests from the repository checkout.');
  }
}

/** The test cluster of scripts/slurm/start-slurm.sh. */
export interface SlurmCluster {
  /** Environment for SLURM clients (SLURM_CONF set). */
  readonly env: NodeJS.ProcessEnv;
  /** Its folder ($SLURM_CI_BASE, default <tmpdir>/olfactory-slurm). */
  readonly base: string;
}

const baseDir = () => process.env.SLURM_CI_BASE ?? join(tmpdir(), 'olfactory-slurm');
const clusterEnv = (base: string): NodeJS.ProcessEnv => ({ ...process.env, SLURM_CI_BASE: base, SLURM_CONF: join(base, 'etc', 'slurm.conf'), PATH: `${process.env.PATH}:/usr/sbin:/sbin` });
const onPath = (program: string, env: NodeJS.ProcessEnv) => spawnSync('bash', ['-c', `command -v ${program}`], { env }).status === 0;
const ping = (env: NodeJS.ProcessEnv) => {
  if (!existsSync(env.SLURM_CONF!)) return false;
  const r = spawnSync('scontrol', ['ping'], { env, encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && /is UP/.test(r.stdout);
};

/**
 * Why the SLURM tests cannot run here, or undefined when they can: a cheap, synchronous check
 * (no daemon is started) so that a test file can `describe.skip` with the reason. SLURM can run
 * when the test cluster is already up, or when this is Linux, we are root, and SLURM is installed
 * or apt-get can install it (start-slurm.sh's own conditions).
 */
export function slurmSkipReason(): string | undefined {
  if (process.env.OLFACTORY_SKIP_SLURM === '1') return 'OLFACTORY_SKIP_SLURM=1';
  if (process.platform !== 'linux') return `the SLURM test cluster needs Linux, this is ${process.platform}`;
  const env = clusterEnv(baseDir());
  if (ping(env)) return undefined;
  if (process.getuid?.() !== 0) return 'cannot start SLURM here: not root (SlurmUser=root; munged and apt-get need root)';
  if (!onPath('slurmctld', env) && !onPath('apt-get', env)) return 'cannot start SLURM here: SLURM is not installed and there is no apt-get to install it';
  return undefined;
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

/**
 * Start the test cluster (for beforeAll), or join it when it is up (CI starts it in
 * scripts/install-and-test.sh). Starting is synchronous: ≈13 s with the Debian install, else
 * ≈3.5 s. Registers this test process as a user, so that another test file does not stop it
 * under us. Call {@link stopSlurm} in afterAll.
 * @throws Error with the tail of start-slurm.sh's log when it fails.
 */
export function startSlurm(): SlurmCluster {
  const base = baseDir();
  const env = clusterEnv(base);
  if (!ping(env)) {
    const r = spawnSync('bash', [join(repositoryRoot(), 'scripts', 'slurm', 'start-slurm.sh')], { env, encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`scripts/slurm/start-slurm.sh failed with exit code ${r.status}:\n${`${r.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n')}`);
    writeFileSync(join(base, 'run', 'started-by-tests'), '');
  }
  mkdirSync(usersDir(base), { recursive: true });
  writeFileSync(join(usersDir(base), String(process.pid)), '');
  return { env, base };
}

/**
 * Leave the cluster. The last test process to leave stops the daemons if a test started them
 * (not CI's scripts/install-and-test.sh, nor a developer), by their recorded pids
 * (scripts/slurm/stop-slurm.sh).
 */
export function stopSlurm(cluster: SlurmCluster | undefined): void {
  if (!cluster) return;
  const users = usersDir(cluster.base);
  rmSync(join(users, String(process.pid)), { force: true });
  const others = (existsSync(users) ? readdirSync(users) : []).map(Number).filter((pid) => pid !== process.pid && alive(pid));
  const marker = join(cluster.base, 'run', 'started-by-tests');
  if (others.length > 0 || !existsSync(marker)) return;
  rmSync(marker, { force: true });
  spawnSync('bash', [join(repositoryRoot(), 'scripts', 'slurm', 'stop-slurm.sh')], { env: cluster.env, encoding: 'utf8', timeout: 120_000 });
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
