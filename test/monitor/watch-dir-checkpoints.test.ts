// A run's checkpoints (a hidden folder under interup's temp naming beside its output, holding encoded
// segments) are a result still being written: the watchdog neither counts a segment as a result nor calls
// the folder finished while that work folder exists.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWatchDirDetector } from '../../src/monitor/index.js';
import { makeTempDir } from '../helpers/tmp.js';

describe('watch-dir and checkpoints', () => {
  const tmp = makeTempDir('interup-watch-checkpoints-');
  afterAll(() => tmp.cleanup());

  it('holds completion back while a work folder of checkpoints exists, and counts none of its segments', async () => {
    writeFileSync(join(tmp.dir, 'first.bin'), 'done');
    const work = join(tmp.dir, '.second.interup-1234-abcdef.bin.checkpoints');
    mkdirSync(work);
    writeFileSync(join(work, '0001.bin'), 'segment');
    const detector = createWatchDirDetector({ dir: tmp.dir, expect: 1 });
    const during = await detector.check();
    expect(during.complete).toBe(false);
    expect(during.items.map((i) => i.target.split('/').at(-1))).toEqual(['first.bin']);
    expect(during.summary).toBe('1 file(s) done but still writing (temporary, not counted: .second.interup-1234-abcdef.bin.checkpoints)');
    rmSync(work, { recursive: true });
    expect((await detector.check()).complete).toBe(true);
  });
});
