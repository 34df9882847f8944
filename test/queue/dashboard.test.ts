// The dashboard in a real headless browser (Debian's chromium driven by playwright-core): the watch page in
// queue mode lists a submitted batch's jobs, its bull-board link opens bull-board with the same jobs, and
// everything the queue view shows from Redis (names, errors, worker names) is shown as text, never as markup.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnProcess } from '../../src/process/index.js';
import { BIN } from '../helpers/cli.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';
import { startWatchServer, WatchHub } from '../../src/serve/index.js';
import { queueCli, writeBatch } from './harness.js';
import { startRedis, type TestRedis } from './redis.js';
import { launchChromium } from '../serve/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('queue dashboard', () => {
  let redis: TestRedis;
  let s3: TestS3;
  const tmp = makeTempDir('interup-queue-dashboard-');

  beforeAll(async () => {
    [redis, s3] = await Promise.all([startRedis(), startS3(['videos'])]);
  });
  afterAll(async () => {
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
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(url);
      // The queue arrives on the page's event stream, like the rest of the watch page.
      await page.getByText(`Batch ${batchId}`).waitFor({ timeout: 30_000 });
      const text = await page.locator('body').innerText();
      expect(text).toMatch(/first-video\s+waiting/);
      expect(text).toMatch(/second-video\s+waiting/);
      expect(text).toContain('no worker connected');
      if (process.env.INTERUP_SCREENSHOTS) await page.screenshot({ path: join(process.env.INTERUP_SCREENSHOTS, 'interup.png'), fullPage: true });

      await page.locator('#board-link').click();
      await page.waitForURL(/\/board\//, { waitUntil: 'commit', timeout: 60_000 });
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
  it('shows segments per video with their states, who holds what, errors, and links each verified job to its manifest (as text)', async () => {
    const hub = new WatchHub({ title: 'interup queue q<1>' });
    hub.setQueue({
      queue: 'q<1>',
      board: true,
      at: '2026-11-30T00:01:00.000Z',
      workers: [
        { name: 'box-<7>', connectedSeconds: 65, holds: [{ unit: 'b1.b.s0001', worker: 'box-<7>', stage: 'interpolate', done: 20, total: 100, job: 'b', segment: '2/4' }] },
        { name: 'box-8', connectedSeconds: 5, holds: [] },
      ],
      batches: [
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
            {
              id: 'b',
              jobId: 'b1.b',
              input: 'y',
              output: 's3://v/b.mp4',
              state: 'waiting-children',
              segments: { done: 1, total: 4, failed: 1 },
              parts: [
                { index: 0, from: 0, to: 100, state: 'completed' },
                { index: 1, from: 100, to: 200, state: 'active', holder: { unit: 'b1.b.s0001', worker: 'box-<7>', stage: 'interpolate', done: 20, total: 100 } },
                { index: 2, from: 200, to: 300, state: 'failed', error: 'x' },
                { index: 3, from: 300, to: 400, state: 'waiting' },
              ],
              frames: { done: 120, total: 400 },
              holders: [{ unit: 'b1.b.s0001', worker: 'box-<7>', stage: 'interpolate', done: 20, total: 100 }],
              error: '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">',
            },
          ],
        },
      ],
    });
    const server = await startWatchServer({ hub, host: '127.0.0.1', port: 0 });
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await page.goto(server.url);
      await page.locator('.batch[data-batch="b1"]').waitFor();
      const job = page.locator('.qjob[data-job="b1.b"]');
      expect(await job.locator('.seg').allInnerTexts()).toEqual(['1 completed', '2 active box-<7>: interpolate 20/100', '3 failed', '4 waiting']);
      expect(await job.locator('.error').innerText()).toBe('<script>window.pwned=1</script><img src=x onerror="window.pwned=2">');
      expect(await page.evaluate<unknown>('window.pwned')).toBeUndefined();
      expect(await page.locator('.worker[data-worker="box-<7>"]').innerText()).toMatch(/^box-<7> connected 1:05: holds b segment 2\/4 \(interpolate 20\/100\)$/);
      expect(await page.locator('.worker[data-worker="box-8"]').innerText()).toMatch(/: idle$/);
      expect(await page.locator('.qjob[data-job="b1.a"] .result a').getAttribute('href')).toBe('manifest/b1.a');
      expect(await page.locator('#queue-name').innerText()).toBe('q<1>');
      expect(await page.locator('#board-link').getAttribute('href')).toBe('board/');
      // Phone-sized: nothing wider than the screen.
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
