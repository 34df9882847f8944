// The dashboard in a real headless browser (Debian's chromium driven by playwright-core): interup's page
// lists a submitted batch's jobs, and bull-board, under /board, shows the same jobs in the queue.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnProcess } from '../../src/process/index.js';
import { BIN } from '../helpers/cli.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';
import { renderDashboardPage } from '../../src/queue/dashboard-page.js';
import { queueCli, writeBatch } from './harness.js';
import { startRedis, type TestRedis } from './redis.js';

const CHROMIUM = '/usr/bin/chromium';

describe('queue dashboard', () => {
  let redis: TestRedis;
  let s3: TestS3;
  let browser: Browser;
  const tmp = makeTempDir('interup-queue-dashboard-');

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/setup.sh does with INTERUP_WITH_TEST_DEPS=1)`);
    [redis, s3] = await Promise.all([startRedis(), startS3(['videos'])]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-extensions', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([redis?.stop(), s3?.stop()]);
    tmp.cleanup();
  });

  it('shows a submitted batch\'s jobs, on its own page and in bull-board', async () => {
    const queue = `test-${randomUUID()}`;
    const common = ['--redis', redis.url, '--queue', queue];
    const batch = writeBatch(tmp.dir, s3, [
      { id: 'first-video', input: 'https://example.com/a.mp4', output: 's3://videos/a.mp4', segmentSeconds: 10 },
      { id: 'second-video', input: 's3://raw/b.mp4', output: 's3://videos/b.mp4' },
    ]);
    const submitted = await queueCli(['submit', batch, ...common], {});
    expect(submitted.code, submitted.stderr).toBe(0);
    const batchId = submitted.stdout.trim();

    const server = spawnProcess(process.execPath, [BIN, 'queue', 'dashboard', ...common, '--port', '0'], { stdout: 'pipe' });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        server.done.then(() => reject(new Error('the dashboard exited')), reject);
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await browser.newPage();
      await page.goto(url);
      const text = await page.locator('body').innerText();
      expect(text).toContain(`Batch ${batchId}`);
      expect(text).toMatch(/first-video\s+waiting/);
      expect(text).toMatch(/second-video\s+waiting/);
      if (process.env.INTERUP_SCREENSHOTS) await page.screenshot({ path: join(process.env.INTERUP_SCREENSHOTS, 'interup.png'), fullPage: true });

      await page.goto(`${url}board/queue/${queue}`);
      await page.getByText(`${batchId}.first-video`).first().waitFor({ timeout: 60_000 });
      await page.getByText(`${batchId}.second-video`).first().waitFor({ timeout: 60_000 });
      if (process.env.INTERUP_SCREENSHOTS) await page.screenshot({ path: join(process.env.INTERUP_SCREENSHOTS, 'bull-board.png'), fullPage: true });
      await page.close();
      // Nobody works this queue: waiting gives up with 124 and says where the batch stands.
      const waited = await queueCli(['wait', batchId, ...common, '--timeout', '1'], {});
      expect(waited.code).toBe(124);
      expect(waited.stdout).toMatch(/0\/2 verified, 0 failed/);
      expect(waited.stderr).toMatch(/timed out after 1 s; the batch goes on/);
    } finally {
      server.kill();
      await server.done.catch(() => undefined);
    }
  });
});

describe('queue dashboard page', () => {
  it('shows segments per video, who holds what, errors, and links each verified job to its manifest (escaped)', () => {
    const html = renderDashboardPage('q<1>', [
      {
        id: 'b1',
        queue: 'q<1>',
        submittedAt: '2026-11-30T00:00:00.000Z',
        total: 2,
        verified: 1,
        failed: 0,
        finished: false,
        frames: { done: 300, total: 600 },
        rate: 10,
        etaSeconds: 30,
        jobs: [
          { id: 'a', jobId: 'b1.a', input: 'x', output: 's3://v/a.mp4', state: 'completed', segments: { done: 4, total: 4, failed: 0 }, frames: { done: 200, total: 200 }, holders: [], result: { url: 's3://v/a.mp4', manifest: 's3://v/a.mp4.manifest.json', check: 'head:size+sha256-metadata', sha256: 'f'.repeat(64) } },
          { id: 'b', jobId: 'b1.b', input: 'y', output: 's3://v/b.mp4', state: 'waiting-children', segments: { done: 1, total: 4, failed: 0 }, frames: { done: 100, total: 400 }, holders: [{ unit: 'b1.b.s0001', worker: 'box-<7>', stage: 'interpolate', done: 20, total: 100 }], error: '<script>x</script>' },
        ],
      },
    ]);
    expect(html).toContain('<a href="manifest/b1.a">manifest</a>');
    expect(html).toMatch(/<td>b<\/td><td class="state waiting-children">waiting-children<\/td><td>1\/4<\/td><td>100\/400<\/td><td>box-&lt;7&gt;: interpolate 20\/100<\/td>/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('interup queue <code>q&lt;1&gt;</code>');
  });
});
