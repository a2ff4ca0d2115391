import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { testDataDir } from '@olfactory/connectome-data/test';

const CLI = resolve(__dirname, '../dist/cli.js');
const DATA = testDataDir();

/** Run the built `olfactory` binary asynchronously (the mirror server must keep serving). */
function run(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: cwd, OLFACTORY_CACHE_DIR: join(cwd, 'parsed'), ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

jest.setTimeout(60_000); // a cold parse takes seconds on a loaded machine

describe('olfactory data (built binary)', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`Build the CLI first (pnpm build): ${CLI} is missing.`);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'olf-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('olfactory --help lists the commands and examples, exit 0', async () => {
    const r = await run(['--help'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/data/);
    expect(r.stdout).toMatch(/Examples:/);
    const sub = await run(['data', 'info', '--help'], dir);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/--or-mapping/);
    expect(sub.stdout).toMatch(/Examples:/);
  });

  it('olfactory data info --json reproduces every reference number of the circuit', async () => {
    const r = await run(['data', 'info', '--json', '--data-dir', DATA], dir);
    expect(r.stderr).not.toMatch(/olfactory:/);
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.neurons).toMatchObject({ orn: 42, ln: 108, pn: 72, kc: 144, apl: 2 });
    expect(info.synapses).toEqual({ contacts: 52058, edges: 11853 });
    expect(info.pathways.orn_to_pn.synapses).toBe(6361);
    expect(info.pathways.orn_to_ln.synapses).toBe(5982);
    expect(info.pathways.ln_to_pn.synapses).toBe(3354);
    expect(info.pathways.ln_to_ln.synapses).toBe(1716);
    expect(info.pathways.pn_to_ln.synapses).toBe(1397);
    expect(info.pathways.pn_to_kc.synapses).toBe(4019);
    expect(info.pathways.kc_to_apl.synapses).toBe(925);
    expect(info.pathways.apl_to_kc.synapses).toBe(681);
    expect(info.compartments.kc_to_kc_aa.synapses).toBe(13621);
    expect(info.gapJunctionPairs).toEqual({ lnLn: 354, pnPn: 929, elnPn: 103 });
    expect(info.lnSplit).toMatchObject({ excitatory: 9, inhibitory: 17, withoutPnTargets: 82 });
    expect(info.odors).toMatchObject({ conditions: 28, receptors: 21, pairsCosineAbove0_9: 60 });
    expect(info.odors.sfrRowSum).toBeCloseTo(3.63, 2);
    expect(info.odors.meanOdorRowSum).toBeCloseTo(5.36, 2);
    expect(info.checksums['winding2023/Supplementary-Data-S1.zip'].sha256).toBe('8c1f43809ed5d527ba61b154e377cc21da26383a75eda8aab85ce05607a72a4c');
    expect(Object.keys(info.checksums)).toHaveLength(21);
    // Second run reads the parsed cache.
    const again = JSON.parse((await run(['data', 'info', '--json', '--data-dir', DATA], dir)).stdout);
    expect(again.data.parsedCache.hit).toBe(true);
    expect(again.synapses).toEqual(info.synapses);
  });

  it('olfactory data variants --json: what each connectome preprocessing does to the circuit before training', async () => {
    const r = await run(['-q', 'data', 'variants', '--json', '--data-dir', DATA], dir);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      name: string;
      drivenOrns: number;
      lnSplit: { excitatory: number; inhibitory: number };
      referenceTotalsMatched: number;
      referenceTotals: number;
      pnDrivePairsAbove0_9: number;
      preprocessing: string;
    }[];
    const by = Object.fromEntries(rows.map((x) => [x.name, x]));
    expect(rows.map((x) => x.name)).toEqual([
      'one-to-one',
      'by-name',
      'annotation-order',
      'skeleton-id-order',
      'pn-partner-order',
      'side-major-order',
      'nonad-binary',
      'reference-masks',
      'global-max',
      'ln-q020',
      'ln-q050',
    ]);
    expect(by['reference-masks']).toMatchObject({ referenceTotalsMatched: 15, referenceTotals: 15, preprocessing: 'nonAdWeights=binary, kcDendroDendritic=binary' });
    expect(by['one-to-one']).toMatchObject({ drivenOrns: 42, referenceTotalsMatched: 9, preprocessing: 'default', lnSplit: { excitatory: 9, inhibitory: 17 } });
    expect(by['by-name']!.drivenOrns).toBe(36);
    expect(by['ln-q020']!.lnSplit).toEqual({ excitatory: 6, inhibitory: 20 });
    // reordering which receptor drives which ORN changes how alike the PNs' inputs are
    expect(new Set(['one-to-one', 'annotation-order', 'skeleton-id-order', 'pn-partner-order'].map((n) => by[n]!.pnDrivePairsAbove0_9)).size).toBe(4);
    const text = await run(['-q', 'data', 'variants', '--data-dir', DATA], dir);
    expect(text.stdout).toMatch(/^reference-masks\s+42\s+9:17\s+15\/15\s+\d+\s+0\.\d{3}\s+nonAdWeights=binary, kcDendroDendritic=binary$/m);
    const info = await run(['-q', 'data', 'info', '--variant', 'annotation-order', '--ln-quantile', '0.5', '--data-dir', DATA], dir);
    expect(info.stdout).toMatch(/^Preprocessing: orMapping=annotation-order, lnQuantile=0\.5$/m);
    expect(info.stdout).toMatch(/LN split \(q = 0\.5\): 13 excitatory : 13 inhibitory/);
    // the --help example
    const masks = await run(['-q', 'data', 'info', '--variant', 'reference-masks', '--data-dir', DATA], dir);
    expect(masks.code).toBe(0);
    expect(masks.stdout).toMatch(/^Preprocessing: nonAdWeights=binary, kcDendroDendritic=binary$/m);
    // bad input: one line, the right exit code, nothing written
    const missing = await run(['data', 'variants', '--data-dir', join(dir, 'nowhere')], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^olfactory: Missing data file\(s\) in .*nowhere/);
    expect(missing.stdout).toBe('');
    const badVariant = await run(['train', '--variant', 'best', '--seeds', '42', '--out', 'never'], dir);
    expect(badVariant.code).toBe(2);
    expect(badVariant.stderr.trim().split('\n')[0]).toMatch(/^olfactory: option '--variant <name>' argument 'best' is invalid\. Allowed choices are one-to-one, by-name/);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  }, 120_000);

  it('a flipped bit in the parsed cache is detected: same numbers, a warning, the cache rewritten (issue 13 §3.1)', async () => {
    const first = await run(['data', 'info', '--json', '--data-dir', DATA], dir);
    const info = JSON.parse(first.stdout);
    expect(info.data.parsedCache).toMatchObject({ hit: false, written: true });
    const cacheFile = info.data.parsedCache.path as string;
    const bytes = readFileSync(cacheFile);
    bytes[bytes.length - 5]! ^= 0x10; // a bit of the last synapse weight of the dd matrix
    writeFileSync(cacheFile, bytes);
    const r = await run(['data', 'info', '--data-dir', DATA], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/olfactory: warning: ignored the parsed cache .*checksum mismatch/);
    expect(r.stdout).toMatch(/parsed cache rewritten/);
    const again = JSON.parse((await run(['data', 'info', '--json', '--data-dir', DATA], dir)).stdout);
    expect(again.data.parsedCache.hit).toBe(true);
    expect(again.pathways).toEqual(info.pathways);
    expect(again.compartments).toEqual(info.compartments);
  }, 120_000);

  it('a parsed cache that cannot be written is not reported as written', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    const r = await run(['data', 'info', '--data-dir', DATA], dir, { OLFACTORY_CACHE_DIR: join(dir, 'file', 'parsed') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/parsed cache not written/);
    expect(r.stderr).toMatch(/olfactory: warning: could not write the parsed cache/);
  }, 60_000);

  it('an unknown flag exits 2 with a one-line usage error', async () => {
    const r = await run(['data', 'info', '--bogus'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
    expect(r.stdout).toBe('');
  });

  it('a bad --ln-quantile and a bad --or-mapping exit 2 and say what is expected', async () => {
    const q = await run(['data', 'info', '--ln-quantile', '1.5', '--data-dir', DATA], dir);
    expect(q.code).toBe(2);
    expect(q.stderr).toMatch(/expected a number in \[0, 1\]/);
    const m = await run(['data', 'info', '--or-mapping', 'random', '--data-dir', DATA], dir);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/Allowed choices are one-to-one, by-name, annotation-order/);
    const v = await run(['data', 'info', '--variant', 'best', '--data-dir', DATA], dir);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/--variant.*Allowed choices are one-to-one, by-name/);
  });

  it('missing data exits 1 with one line naming the files and the fix, no stack trace', async () => {
    const r = await run(['data', 'info', '--data-dir', join(dir, 'nowhere')], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^olfactory: Missing data file/);
    expect(r.stderr).toMatch(/Supplementary-Data-S1\.zip/);
    expect(r.stderr).toMatch(/olfactory data fetch/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a corrupted data file exits 1 naming the file and both checksums; --verbose adds the stack', async () => {
    const copy = join(dir, 'data');
    for (const sub of ['winding2023', 'door2']) {
      mkdirSync(join(copy, sub), { recursive: true });
      for (const f of readdirSync(join(DATA, sub))) if (/\.(zip|csv)$/.test(f)) copyFileSync(join(DATA, sub, f), join(copy, sub, f));
    }
    const target = join(copy, 'door2', 'Or42a.csv');
    const bytes = readFileSync(target);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(target, bytes);
    const r = await run(['data', 'info', '--data-dir', copy], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Or42a\.csv has sha256 [0-9a-f]{64}; expected [0-9a-f]{64}/);
    const v = await run(['--verbose', 'data', 'info', '--data-dir', copy], dir);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/\n\s+at /);
  });

  describe('olfactory data fetch from a mirror on 127.0.0.1', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        const rel = decodeURIComponent((req.url ?? '/').slice(1));
        const file = join(DATA, rel);
        if (!/^((winding2023|door2)|microns-corticalblueprint\/info\/\d_\d_\d)\/[\w.-]+$/.test(rel) || !existsSync(file)) {
          res.writeHead(404).end();
          return;
        }
        const body = readFileSync(file);
        res.writeHead(200, { 'content-length': body.length }).end(body);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('downloads every pinned file into an empty cache, verifies it, and a second fetch downloads nothing', async () => {
      const r = await run(['data', 'fetch', '--json'], dir, { OLFACTORY_DATA_MIRROR: base, XDG_CACHE_HOME: join(dir, 'cache') });
      expect(r.stderr).not.toMatch(/olfactory:/);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.source).toBe('cache');
      expect(out.files).toHaveLength(21);
      expect(out.files.every((f: { status: string }) => f.status === 'downloaded')).toBe(true);
      expect(existsSync(join(dir, 'cache', 'olfactory', 'winding2023', 'Supplementary-Data-S1.zip'))).toBe(true);
      const again = JSON.parse((await run(['data', 'fetch', '--json'], dir, { OLFACTORY_DATA_MIRROR: base, XDG_CACHE_HOME: join(dir, 'cache') })).stdout);
      expect(again.files.every((f: { status: string }) => f.status === 'verified')).toBe(true);
    });

    it('--dataset microns fetches the 26 MICrONS files of the three fields, and an unknown dataset exits 2 naming the flag', async () => {
      const r = await run(['data', 'fetch', '--dataset', 'microns', '--json'], dir, { OLFACTORY_DATA_MIRROR: base, XDG_CACHE_HOME: join(dir, 'cache-microns') });
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.files).toHaveLength(26);
      expect(out.files.every((f: { path: string; status: string }) => f.path.startsWith('microns-corticalblueprint/info/') && f.status === 'downloaded')).toBe(true);
      expect(existsSync(join(dir, 'cache-microns', 'olfactory', 'microns-corticalblueprint', 'info', '5_6_8', 'corr_matrix.npy'))).toBe(true);
      expect(existsSync(join(dir, 'cache-microns', 'olfactory', 'winding2023'))).toBe(false);
      const bad = await run(['data', 'fetch', '--dataset', 'olfactory,flywire'], dir, { OLFACTORY_DATA_MIRROR: base, XDG_CACHE_HOME: join(dir, 'cache-microns') });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--dataset .*unknown dataset "flywire"; expected "all" or a comma-separated list of olfactory, microns/);
    });

    it('a mirror without the files exits 1 and leaves no partial files', async () => {
      const r = await run(['data', 'fetch'], dir, { OLFACTORY_DATA_MIRROR: `${base}/missing`, XDG_CACHE_HOME: join(dir, 'cache') });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^olfactory: /);
      const left = existsSync(join(dir, 'cache', 'olfactory')) ? readdirSync(join(dir, 'cache', 'olfactory'), { recursive: true }).map(String) : [];
      expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(left.filter((f) => f.endsWith('.zip') || f.endsWith('.csv'))).toEqual([]);
    });
  });
});
