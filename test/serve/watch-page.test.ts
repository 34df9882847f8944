// The watch page in a real browser over a real blend run, in process so the test decides when each engine
// call may go on (no timers racing): the bar advances with a rate and an ETA given as a time, the thumbnail
// of the frames being encoded changes, and once the output is finished its checks and a before/after
// slider appear, and moving the slider changes the picture.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blendFrames, type Interpolator, type InterpolatorFactory } from '../../src/engines/index.js';
import { compareFrames, processVideo } from '../../src/pipeline/index.js';
import { startWatchServer, WatchHub } from '../../src/serve/index.js';
import { createLogger } from '../../src/util/index.js';
import { synthClip } from '../pipeline/clips.js';
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

describe('watch page during a run', () => {
  const tmp = makeTempDir('interup-watch-');
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    tmp.cleanup();
  });

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
      await expect.poll(() => thumb.getAttribute('src'), { timeout: 60_000 }).toBe('picture/thumb.png?seq=1');
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

      await expect.poll(() => page.locator('#status').innerText(), { timeout: 60_000 }).toBe('finished');
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
  });
});

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
