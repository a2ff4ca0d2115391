import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { darkPixels, decodePng } from './helpers/decode-png';
import { assertBuilt, runCli } from './helpers/run-cli';
import { writeSyntheticResults } from './helpers/synthetic-results';

/**
 * Opens the report in headless Chromium (Debian's `chromium`, driven by playwright-core). The
 * suite is skipped, with the reason printed, only when no Chromium executable exists; set
 * CHROMIUM_PATH to use another one.
 */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const executablePath = CANDIDATES.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));
if (!executablePath) {
  // eslint-disable-next-line no-console
  console.warn(
    `report-browser.test.ts SKIPPED: no Chromium executable found (tried ${CANDIDATES.filter(Boolean).join(', ')}). ` +
      "Install it with 'apt-get install -y chromium' (scripts/install-and-test.sh does this as root) or set CHROMIUM_PATH.",
  );
}
const describeWithChromium = executablePath ? describe : describe.skip;

jest.setTimeout(120_000);

describeWithChromium('olfactory report in headless Chromium', () => {
  let dir: string;
  let browser: Browser;
  beforeAll(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'olf-browser-'));
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders every figure and table with a size, logs no console errors, makes no network requests, and screenshots to a non-trivial PNG', async () => {
    writeSyntheticResults(join(dir, 'canonical'), { seed: 21 });
    writeSyntheticResults(join(dir, 'no-apl'), { seed: 22, ablation: 'no-apl', withConcentration: false });
    const r = await runCli(['-q', 'report', '--results', 'canonical', '--results', 'no-apl', '--out-file', 'report.html'], dir);
    expect(r.code).toBe(0);
    const reportUrl = pathToFileURL(join(dir, 'report.html')).href;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('request', (req) => {
      if (req.url() !== reportUrl) requests.push(req.url());
    });
    await page.goto(reportUrl, { waitUntil: 'load' });

    // Figures: one top-level <svg> per figure, each laid out with a real size.
    const figures = await page.$$eval('figure.report-figure > svg', (svgs) =>
      svgs.map((s) => {
        const b = s.getBoundingClientRect();
        return { id: s.parentElement!.id, width: b.width, height: b.height, texts: s.querySelectorAll('text').length };
      }),
    );
    expect(figures.map((f) => f.id)).toEqual(
      ['fig2-similarity', 'fig3-concentration', 'fig4-bars', 'figS1-kc-heatmap', 'figS2-confusion', 'figS3-within-odor', 'figS4-threshold-scaling', 'training-curves', 'learned-parameters'].map(
        (n) => `figure-${n}`,
      ),
    );
    for (const f of figures) {
      expect(f.width).toBeGreaterThan(200);
      expect(f.height).toBeGreaterThan(150);
      expect(f.texts).toBeGreaterThan(3);
    }

    // Tables: laid out, with the expected number of body rows.
    const tables = await page.$$eval('table', (ts) =>
      ts.map((t) => {
        const b = t.getBoundingClientRect();
        return { id: t.id, width: b.width, height: b.height, bodyRows: t.tBodies[0]?.rows.length ?? 0 };
      }),
    );
    const byId = Object.fromEntries(tables.map((t) => [t.id, t]));
    expect(byId['summary-table']).toMatchObject({ bodyRows: 11 });
    expect(byId['checkpoint-table']).toMatchObject({ bodyRows: 5 });
    expect(byId['conditions-table']).toMatchObject({ bodyRows: 2 });
    expect(byId['seeds-table']).toMatchObject({ bodyRows: 5 });
    expect(byId['versions-table']).toMatchObject({ bodyRows: 3 });
    for (const t of tables) {
      expect({ id: t.id, visible: t.width > 100 && t.height > 20 }).toEqual({ id: t.id, visible: true });
    }
    const summaryCells = await page.$$eval('#summary-table tbody tr', (rows) => rows.map((r) => r.querySelectorAll('td').length));
    expect(summaryCells).toEqual(new Array(11).fill(6));

    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);

    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    await context.close();
    const bytes = readFileSync(shot);
    expect(bytes.length).toBeGreaterThan(50_000);
    const png = decodePng(bytes);
    expect(png.width).toBe(1280);
    expect(png.height).toBeGreaterThan(3000);
    expect(darkPixels(png)).toBeGreaterThan(20_000); // text, axes and tables, not a blank page
  });
});
