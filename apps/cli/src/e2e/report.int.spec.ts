import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readResultsCsv } from '@attention-hd/experiments';
import { PNG } from 'pngjs';
import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run-cli.js';

// The report is checked in a real browser: Debian's chromium (apt-get install chromium), or the
// one $CHROMIUM_PATH names. Without one the test is skipped with that hint, except under CI=true
// (.ci/run installs chromium), where a missing browser fails the suite.
const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const browserPath = candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path));
const inCi = process.env.CI === 'true';

describe('attention-hd report', () => {
  if (browserPath === undefined && !inCi) {
    it.skip('needs a headless browser: apt-get install chromium (or set CHROMIUM_PATH)', () => {});
    return;
  }

  it('writes a self-contained report.html that loads without console errors, draws the chart and shows a tooltip', async () => {
    expect(browserPath, 'CI=true needs a browser: apt-get install chromium (or set CHROMIUM_PATH)').toBeDefined();
    const out = mkdtempSync(join(tmpdir(), 'attention-hd-report-'));
    const run = await runCli(['run', 'learning-curve', '--quick', '--out', out, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const directory = JSON.parse(run.stdout).directory as string;
    const report = await runCli(['report', directory, '--json']);
    expect(report.code, report.stderr).toBe(0);
    const file = JSON.parse(report.stdout).file as string;
    const html = readFileSync(file, 'utf8');
    // self-contained: no script or stylesheet is fetched from anywhere
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);

    const browser = await puppeteer.launch({
      executablePath: browserPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1400, height: 1000 });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('request', (request) => {
        if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) requests.push(request.url());
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.evaluate(() => (globalThis as unknown as { attentionHdReady: Promise<unknown> }).attentionHdReady);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);

      // the chart area is drawn: a good share of its pixels are not background
      const chart = await page.$('#chart-0');
      expect(chart).not.toBeNull();
      const shot = PNG.sync.read(Buffer.from((await chart?.screenshot({ type: 'png' })) as Uint8Array));
      let inked = 0;
      for (let i = 0; i < shot.data.length; i += 4) {
        if (shot.data[i] < 235 || shot.data[i + 1] < 235 || shot.data[i + 2] < 235) inked++;
      }
      const share = inked / (shot.width * shot.height);
      expect(shot.width).toBeGreaterThan(300);
      expect(share, `share of drawn pixels ${share}`).toBeGreaterThan(0.02);

      // hovering an Adam point shows its values: the mean test error over the runs at that α
      const target = await page.evaluate(() => {
        type Rect = { left: number; top: number; width: number; height: number };
        // vega's SVG renderer keeps each item's element in _svg: its box is where the point is drawn
        type Item = { datum?: Record<string, unknown>; _svg?: { getBoundingClientRect(): Rect } };
        type Node = Item & { items?: Node[]; marktype?: string };
        // runs in the page (no DOM types in the test build: the globals are typed here)
        const page = globalThis as unknown as { attentionHdViews: { scenegraph(): { root: Node } }[] };
        const found: Item[] = [];
        const walk = (node: Node) => {
          if (node.marktype === 'symbol') {
            // the Adam points: the mean over the runs at each α (vega-lite names it mean_testError)
            for (const item of node.items ?? []) if (item.datum?.mean_testError !== undefined) found.push(item);
          }
          for (const child of node.items ?? []) walk(child);
        };
        walk(page.attentionHdViews[0].scenegraph().root);
        const item = found[0];
        const box = item._svg?.getBoundingClientRect() as Rect;
        return {
          x: box.left + box.width / 2,
          y: box.top + box.height / 2,
          alpha: Number(item.datum?.alphaShown),
          testError: Number(item.datum?.mean_testError),
        };
      });
      await page.mouse.move(target.x - 30, target.y - 30);
      await page.mouse.move(target.x, target.y, { steps: 5 });
      const tooltip = await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 5000 });
      const text = (await tooltip?.evaluate((element) => element.textContent)) ?? '';
      expect(text).toContain('mean_testError');
      const rows = readResultsCsv(join(directory, 'results.csv')).filter(
        (r) => r.method === 'simulation' && Number(r.alpha) === target.alpha,
      );
      const mean = rows.reduce((sum, r) => sum + Number(r.testError), 0) / rows.length;
      // the tooltip's value is the mean of the runs at that α, as results.csv gives them
      expect(Math.abs(target.testError - mean)).toBeLessThan(1e-9 * mean);
      expect(text).toContain(String(mean).slice(0, 5));
    } finally {
      await browser.close();
    }
  }, 120_000);
});
