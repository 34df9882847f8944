// The watch page in a real browser over a real blend run, in process so the test decides when each engine
// call may go on (no timers racing): the bar advances with a rate and an ETA given as a time, the thumbnail
// of the frames being encoded changes, and once the output is finished its checks and a before/after
// slider appear, and moving the slider changes the picture.
import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blendFrames, type Interpolator, type InterpolatorFactory } from '../../src/engines/index.js';
import { compareFrames, processVideo } from '../../src/pipeline/index.js';
import { startWatchServer, WatchHub } from '../../src/serve/index.js';
import { spawnProcess } from '../../src/process/index.js';
import { createLogger } from '../../src/util/index.js';
import { synthClip } from '../pipeline/clips.js';
import { BIN } from '../helpers/cli.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { makeTempDir } from '../helpers/tmp.js';
import { launchChromium } from './browser.js';

/** Blend, but each call waits for a permit the test hands out. */
function gatedBlend(): { factory: InterpolatorFactory; release(n?: number): void; open(): void } {
  let permits = 0;
  let opened = false;
  const waiting: (() => void)[] = [];
  const release = (n = 1): void => {
    permits += n;
    while (permits > 0 && waiting.length > 0) {
      permits--;
      waiting.shift()?.();
    }
  };
  const engine: Interpolator = {
    info: { id: 'blend', description: 'linear blend of the two frames (no motion estimation)', device: 'cpu' },
    maxConcurrency: 1,
    interpolate: async (a, b, t, _signal, out) => {
      if (!opened) await new Promise<void>((resolve) => { waiting.push(resolve); release(0); });
      return blendFrames(a, b, t, out);
    },
    dispose: () => Promise.resolve(),
  };
  return {
    factory: { id: 'blend', prefer: 'blend', available: () => Promise.resolve({ ok: true }), create: () => Promise.resolve(engine) },
    release,
    open: () => {
      opened = true;
      release(waiting.length);
    },
  };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('watch page during a run', () => {
  const tmp = makeTempDir('interup-watch-');
  afterAll(() => tmp.cleanup());

  it('shows the bar advancing with rate and ETA, a changing thumbnail, then the checks and a before/after slider', async () => {
    const input = await synthClip(tmp.dir, 'in.mp4', { rate: '25', seconds: 4, size: '160x96', audio: true });
    let clock = 0;
    const hub = new WatchHub({ title: 'interup run', now: () => clock });
    const server = await startWatchServer({ hub, host: '127.0.0.1', port: 0, pushEveryMs: 50 });
    const gate = gatedBlend();
    const output = `${tmp.dir}/out.mp4`;
    const run = processVideo(
      { input, output, mode: 'interp', prefer: 'blend', factor: 2 },
      { logger: createLogger((r) => hub.log(r)), onProgress: (e) => hub.progress(e), frameTap: hub.frameTap(), interpolators: [gate.factory] },
    );
    run.catch(() => undefined);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      // Without a token the page answers only to a loopback name (no DNS rebinding, no tunnel under another name).
      expect(await statusFor(server.port, 'rebound.example:80')).toBe(403);
      expect(await statusFor(server.port, `localhost:${server.port}`)).toBe(200);
      await page.goto(server.url);
      const bar = page.locator('.stage-text').first();
      const thumb = page.locator('#thumb');
      // One engine call at a time until the page shows what is asked (each step waits for the page).
      const stepUntil = async (what: string, ok: () => Promise<boolean>): Promise<void> => {
        for (let i = 0; i < 90; i++) {
          if (await ok()) return;
          gate.release(1);
          await page.waitForTimeout(30);
        }
        throw new Error(`the page never showed ${what}`);
      };
      const reading = async (): Promise<{ text: string; done: number; total: number; width: string }> => {
        const text = (await bar.count()) > 0 ? await bar.innerText() : '';
        const [done, total] = (/^(\d+)\/(\d+)/.exec(text) ?? ['', '0', '0']).slice(1).map(Number);
        const width = (await bar.count()) > 0 ? ((await page.locator('.fill').first().getAttribute('style')) ?? '') : '';
        return { text, done, total, width };
      };
      await expect.poll(() => thumb.getAttribute('src'), { timeout: 150_000 }).toBe('picture/thumb.png?seq=1');
      const first = await page.request.get(`${server.base}picture/thumb.png`);
      const thumb1 = await first.body();

      let read1 = await reading();
      await stepUntil('an ETA as a time', async () => {
        read1 = await reading();
        return /ETA \d+:\d\d/.test(read1.text) && read1.done > 0 && read1.done < read1.total;
      });
      expect(read1.text).toMatch(/^\d+\/200 frames · \d+\.\d frames\/s · elapsed \d+:\d\d · ETA \d+:\d\d$/);
      expect(await page.locator('.engine').first().innerText()).toBe('interpolating with blend on the CPU');

      clock += 10_000; // the next frame written becomes the thumbnail
      let read2 = read1;
      await stepUntil('the bar moving and a new thumbnail', async () => {
        read2 = await reading();
        return read2.done > read1.done && read2.done < read2.total && (await thumb.getAttribute('src')) === 'picture/thumb.png?seq=2';
      });
      expect(read2.width).not.toBe(read1.width);
      if (process.env.INTERUP_SCREENSHOTS) await page.screenshot({ path: join(process.env.INTERUP_SCREENSHOTS, 'watch-running.png'), fullPage: true });
      const thumb2 = await (await page.request.get(`${server.base}picture/thumb.png`)).body();
      expect(thumb2.equals(thumb1)).toBe(false);

      gate.open();
      const report = await run;
      hub.jobEnded('run');
      hub.addOutput(report, { compare: await compareFrames(report.input, report.output) });
      hub.finish();

      await expect.poll(() => page.locator('#status').innerText(), { timeout: 150_000 }).toBe('finished');
      const checks = await page.locator('.output .checks').innerText();
      expect(checks).toContain('frame count 200 = planned');
      expect(checks).toMatch(/A\/V offset/);
      expect(await page.locator('.output .facts').innerText()).toMatch(/^200\/200 frames · duration 4\.000 s → 4\.000 s · A\/V offset -?\d+ ms$/);
      await expectSliderMoves(page);
      if (process.env.INTERUP_SCREENSHOTS) await page.screenshot({ path: join(process.env.INTERUP_SCREENSHOTS, 'watch-finished.png'), fullPage: true });
    } finally {
      gate.open();
      await run.catch(() => undefined);
      await page.close();
      await server.close();
    }
  }, 300_000);
});

describe('watch page of the watchdog', () => {
  const tmp = makeTempDir('interup-watch-monitor-');
  afterAll(() => tmp.cleanup());

  it('shows what the watchdog waits for as its own check log says, then that it is stopping the box (dry run)', async () => {
    const dir = join(tmp.dir, 'out');
    mkdirSync(dir);
    let stderr = '';
    const cli = spawnProcess(
      process.execPath,
      [BIN, 'monitor', '--watch-dir', dir, '--expect', '1', '--check-interval', '0.3', '--confirm', '2', '--dry-run', '--serve', '0', '--serve-linger', '300', '--log-format', 'json',
        '--sentinel', join(tmp.dir, 'sentinel.json'), '--state', join(tmp.dir, 'state.json')],
      { stdout: 'pipe', timeoutMs: 280_000, stderrLimit: 4 * 1024 * 1024, onStderr: (chunk) => { stderr += chunk.toString(); } },
    );
    cli.stdout?.resume();
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await expect.poll(() => /watch page: (\S+)/.exec(stderr), { timeout: 150_000 }).toBeTruthy();
      await page.goto(/watch page: (\S+)/.exec(stderr)?.[1] ?? '');
      const state = page.locator('.monitor-state');
      await expect.poll(() => (state.count().then((n) => (n > 0 ? state.innerText() : ''))), { timeout: 150_000 }).toBe('waiting for the result');
      // One read of the page (it changes every check): its check number and summary are a line of the monitor's own log.
      const [shown, count, summary] = await page.evaluate<[string, string, string]>(
        "[document.querySelector('#monitor').innerText, document.querySelector('.monitor-count').textContent, document.querySelector('.monitor-summary').textContent]",
      );
      expect(shown).toContain(`waits for watch-dir ${dir} (expect 1)`);
      expect(stderr).toContain(`"msg":"watchdog started: watch-dir ${dir} (expect 1)`);
      const check = /^confirmed 0\/2 · check #(\d+)/.exec(count)?.[1];
      expect(check).toBeDefined();
      expect(stderr).toContain(`"msg":"check #${check} WAIT: ${summary}"`);
      expect(shown).toMatch(/after 2 passing checks in a row/);
      expect(shown).toContain('(dry run: nothing is stopped)');

      const part = join(dir, '.result.mp4.part');
      copyFileSync(await tinyClip(), part);
      renameSync(part, join(dir, 'result.mp4'));
      await expect.poll(() => state.innerText(), { timeout: 150_000 }).toBe('stopping the box: dry run, so only the sentinel was written');
      expect(await page.locator('.monitor-count').innerText()).toMatch(/^confirmed 2\/2 · check #\d+/);
      expect(stderr).toMatch(/"msg":"STOPPING INSTANCE \S+ reason=verified checks=2\/2\[file:size\+probe×1\] dry-run=true"/);
      if (process.env.INTERUP_SCREENSHOTS) await page.screenshot({ path: join(process.env.INTERUP_SCREENSHOTS, 'watch-monitor.png'), fullPage: true });
      cli.child.kill('SIGINT');
      await cli.done.catch(() => undefined);
      expect(cli.child.exitCode, stderr).toBe(0);
    } finally {
      await page.close();
      cli.child.kill('SIGKILL');
      await cli.done.catch(() => undefined);
    }
  }, 300_000);
});

/** The status of GET /state.json sent with this Host header. */
function statusFor(port: number, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/state.json', headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
}

/** Moving the compare slider shows more of the source over the result: the pictures differ. */
async function expectSliderMoves(page: Page): Promise<void> {
  const compare = page.locator('.compare');
  await page.waitForFunction("[...document.querySelectorAll('.compare img')].every((img) => img.complete && img.naturalWidth > 0)");
  const before = await compare.screenshot();
  await page.locator('.compare-slider').fill('5');
  const after = await compare.screenshot();
  expect(after.equals(before)).toBe(false);
  expect(await compare.locator('.before').getAttribute('style')).toMatch(/clip-path: inset\(0(px)? 95% 0(px)? 0(px)?\)/);
}
