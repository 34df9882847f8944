// `queue worker --serve`: a real worker renders a split video (blend, 192x108) on a Redis that needs a
// password, and its watch page, in Debian's chromium, shows the segments' states change and which worker
// holds which, the worker's own run (bars, latest frame, log lines), the result's manifest, and a working
// link to bull-board. The first segment's upload is held at an S3 proxy until the page has shown it held:
// the test decides when the unit moves on, no timer races it. No byte the page serves carries the password.
import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBodyPut, startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { makeTempDir } from '../helpers/tmp.js';
import { launchChromium } from '../serve/browser.js';
import { makeClip, queueCli, startWorker, writeBatch, type Worker } from './harness.js';
import { startRedis, type TestRedis } from './redis.js';

const PASSWORD = 'redis-pw-9f3c1e77d2';

/** Body of GET `path` on the page (loopback, no token); for /events, the first event only. */
function fetchText(base: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(new URL(path, base), (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
        if (path === '/events' && body.includes('\n\n')) {
          req.destroy();
          resolve(body);
        }
      });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
  });
}

/** The address the worker prints on stderr once its page listens. */
async function pageUrl(worker: Worker): Promise<string> {
  for (;;) {
    const line = worker.lines.find((l) => l.startsWith('watch page: '));
    if (line) return line.slice('watch page: '.length).trim();
    const exited = await Promise.race([worker.exited, new Promise((r) => setTimeout(r, 100, 'running'))]);
    if (exited !== 'running') throw new Error(`the worker exited (${String(exited)}) before its page listened:\n${worker.lines.join('\n')}`);
  }
}

describe('queue worker --serve', () => {
  let redis: TestRedis;
  let s3: TestS3;
  let proxy: FaultProxy;
  let browser: Browser;
  const tmp = makeTempDir('interup-worker-page-');

  beforeAll(async () => {
    [redis, s3, browser] = await Promise.all([startRedis({ password: PASSWORD }), startS3(['videos']), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([redis?.stop(), s3?.stop(), proxy?.stop()]);
    tmp.cleanup();
  });

  it("shows the worker's run and the queue: segments changing state, who holds which, the manifest, bull-board; never the Redis password", async () => {
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The first segment's rendered file is held on its way to S3: its worker holds it, at the upload.
    proxy = await startFaultProxy(s3.endpoint, (info) => (isBodyPut(info) && info.path.endsWith('/0000.nut') ? { kind: 'hold', until: released } : { kind: 'pass' }));
    const queue = `test-${randomUUID()}`;
    const common = ['--redis', redis.url, '--queue', queue];
    const clip = await makeClip(tmp.dir, 2);
    const batch = writeBatch(tmp.dir, { ...s3, endpoint: proxy.endpoint }, [{ id: 'clip', input: clip, output: 's3://videos/clip.mkv', prefer: 'blend', segmentSeconds: 1 }]);
    const submitted = await queueCli(['submit', batch, ...common], s3.env);
    expect(submitted.code, submitted.stderr).toBe(0);
    const batchId = submitted.stdout.trim();
    const jobId = `${batchId}.clip`;

    const worker = startWorker([...common, '--name', 'box-a', '--allow-dir', tmp.dir, '--s3-endpoint', proxy.endpoint, '--s3-path-style', '--serve', '0'], s3.env);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      const url = await pageUrl(worker);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      await page.goto(url);
      const job = page.locator(`.qjob[data-job="${jobId}"]`);
      const seg = (n: number): ReturnType<typeof job.locator> => job.locator(`.seg[data-segment="${n}"]`);

      // Held at its upload: segment 1 active, held by box-a; segment 2 waits (one unit at a time on this worker).
      await seg(1).locator('.seg-holder', { hasText: 'box-a: upload' }).waitFor({ timeout: 120_000 });
      expect(await seg(1).locator('.seg-state').innerText()).toBe('active');
      expect(await seg(2).locator('.seg-state').innerText()).toBe('waiting');
      expect(await job.locator('.state').first().innerText()).toBe('waiting-children');
      expect(await page.locator('.worker[data-worker="box-a"]').innerText()).toMatch(/holds clip segment 1\/2 \(upload/);
      // The worker's own run of that segment: its bars, the latest frame it encoded, its log lines.
      const run = page.locator('#jobs .job', { hasText: 'clip segment 1/2' });
      expect(await run.locator('.stage[data-stage="interpolate"] .stage-text').innerText()).toMatch(/^(\d+)\/\1 \w+ · /);
      expect(await run.locator('.engine').innerText()).toBe('interpolating with blend on the CPU');
      expect(await page.locator('#thumb-box').isHidden()).toBe(false);
      expect(await page.locator('#logs').innerText()).toContain('segment rendered');

      release();
      // Both segments done, the job joined and verified: the page says so without a reload.
      await job.locator('.state.s-completed').first().waitFor({ timeout: 90_000 });
      await job.locator('.result a').waitFor({ timeout: 30_000 });
      expect(await job.locator('.seg .seg-state').allInnerTexts()).toEqual(['completed', 'completed']);
      expect(await page.locator('.worker[data-worker="box-a"]').innerText()).toMatch(/: idle$/);
      expect(await page.locator(`.batch[data-batch="${batchId}"]`).innerText()).toContain('1/1 verified');

      if (process.env.INTERUP_SCREENSHOTS) await page.screenshot({ path: `${process.env.INTERUP_SCREENSHOTS}/worker-page.png`, fullPage: true });
      const manifest = JSON.parse(await fetchText(url, `/manifest/${encodeURIComponent(jobId)}`)) as { url: string; sha256: string };
      expect(manifest.url).toBe('s3://videos/clip.mkv');
      expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);

      // No secret in anything the page serves: the page, its state, its event stream, bull-board's API.
      const served = await Promise.all(['/', '/state.json', '/events', '/board/api/queues'].map((p) => fetchText(url, p)));
      expect(served[3]).toContain(queue);
      for (const body of served) expect(body).not.toContain(PASSWORD);
      expect(worker.lines.join('\n')).not.toContain(PASSWORD);

      await page.locator('#board-link').click();
      await page.waitForURL(/\/board\/$/, { waitUntil: 'commit', timeout: 60_000 });
      await page.getByText(queue).first().waitFor({ timeout: 60_000 });
      if (process.env.INTERUP_SCREENSHOTS) await page.screenshot({ path: `${process.env.INTERUP_SCREENSHOTS}/worker-board.png`, fullPage: true });
    } finally {
      release();
      await page.close();
      worker.proc.child.kill('SIGTERM');
      await worker.exited;
    }
  });
});
