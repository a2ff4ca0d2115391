import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDataDir } from '@olfactory/connectome-data/test';
import { assertBuilt, errorLines, runCli } from './helpers/run-cli';
import { writeTestCheckpoints } from './helpers/test-checkpoints';

jest.setTimeout(120_000);

describe('olfactory export (built binary)', () => {
  let dir: string;
  let cache: string;
  const env = () => ({ OLFACTORY_DATA_DIR: testDataDir(), OLFACTORY_CACHE_DIR: cache });
  beforeAll(async () => {
    assertBuilt();
    cache = mkdtempSync(join(tmpdir(), 'olf-export-cache-'));
    dir = mkdtempSync(join(tmpdir(), 'olf-export-'));
    await writeTestCheckpoints(join(dir, 'models'), [7]);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  it('olfactory export --help shows the flags and examples, exit 0', async () => {
    const r = await runCli(['export', '--help'], dir);
    expect(r.code).toBe(0);
    for (const flag of ['--checkpoints <path>', '--out-file <file>', '--data-dir <dir>', '--json', '--config <file>']) expect(r.stdout).toContain(flag);
    expect(r.stdout).not.toMatch(/--checkpoint <file>|--out <file>/); // the old names are hidden
    expect(r.stdout).toMatch(/Examples:\n\s+\$ olfactory export --checkpoints/);
  });

  it('olfactory export --checkpoints FILE --out-file model.onnx writes the ONNX model atomically and it passes onnx.checker (full_check)', async () => {
    const r = await runCli(['export', '--checkpoints', 'models/seed-7/checkpoint.json', '--out-file', 'onnx/model.onnx'], dir, env());
    expect(errorLines(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Wrote .*onnx\/model\.onnx \(\d+ KiB, ONNX IR 8, opset 15\) from seed 7\./);
    expect(readdirSync(join(dir, 'onnx'))).toEqual(['model.onnx']);
    const bytes = readFileSync(join(dir, 'onnx', 'model.onnx'));
    expect(bytes.length).toBeGreaterThan(300_000);
    // the folder stands for its checkpoint.json; the old flag names still work, with a warning
    const json = await runCli(['-q', 'export', '--checkpoint', 'models/seed-7', '--out', 'onnx/again.onnx', '--json'], dir, env());
    expect(json.stderr).toMatch(/olfactory: warning: --checkpoint is renamed --checkpoints/);
    expect(json.stderr).toMatch(/olfactory: warning: --out is renamed --out-file/);
    expect(json.code).toBe(0);
    const info = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(info).toMatchObject({
      seed: 7,
      irVersion: 8,
      opset: 15,
      noisePerSampleStep: 2766,
      inputs: ['receptors', 'noise', 'apl_inject', 'kc_inject', 'gap_enable', 'apl_enable', 'std_enable'],
      outputs: ['orn_counts', 'ln_counts', 'pn_counts', 'kc_counts', 'logits'],
    });
    expect(readFileSync(join(dir, 'onnx', 'again.onnx')).equals(bytes)).toBe(true); // deterministic
    const probe = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.warn('skipped onnx.checker: /usr/bin/python3 cannot import onnx; install Debian python3-onnx');
      return;
    }
    const check = spawnSync(
      '/usr/bin/python3',
      ['-c', 'import onnx, sys\nm = onnx.load(sys.argv[1])\nonnx.checker.check_model(m, full_check=True)\nprint(m.producer_name, m.ir_version)', join(dir, 'onnx', 'model.onnx')],
      { encoding: 'utf8' },
    );
    expect({ status: check.status, stderr: check.stderr, stdout: check.stdout.trim() }).toEqual({ status: 0, stderr: '', stdout: '@olfactory/model 8' });
  });

  it('olfactory export fails with one line for a missing or corrupt checkpoint (exit 1) and without --out-file (exit 2)', async () => {
    const missing = await runCli(['export', '--checkpoints', 'nope.json', '--out-file', 'x.onnx'], dir, env());
    expect(missing.code).toBe(1);
    expect(errorLines(missing.stderr)).toEqual([expect.stringMatching(/^olfactory: checkpoint nope\.json: cannot be read \(ENOENT\)/)]);
    const noOut = await runCli(['export', '--checkpoints', 'models/seed-7/checkpoint.json'], dir, env());
    expect(noOut.code).toBe(2);
    expect(errorLines(noOut.stderr)).toEqual([expect.stringMatching(/^olfactory: missing --out-file: the ONNX file to write/)]);
  });
});
