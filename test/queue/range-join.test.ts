// The library under the queue, without Redis: a video rendered as output-timeline ranges (decoding seeks
// into the middle of a GOP) and joined by stream copy (pipeline/join-rendered.ts, what a worker's join runs)
// decodes to the same frames and timestamps as the whole run, with RIFE on the CPU and ffv1 — and the
// joined file passes the whole run's own checks.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.js';
import { planOutput, processVideo } from '../../src/pipeline/index.js';
import { joinRendered } from '../../src/queue/index.js';
import { silentLogger } from '../../src/util/logger.js';
import { makeTempDir } from '../helpers/tmp.js';
import { framemd5, makeClip } from './harness.js';

describe('ranges joined = the whole run', () => {
  const tmp = makeTempDir('interup-range-join-');
  afterAll(() => tmp.cleanup());

  it('RIFE on the CPU, ffv1: identical framemd5 across three ranges cut mid-GOP', async () => {
    const clip = await makeClip(tmp.dir, 1);
    const options = { mode: 'interp', factor: 2, prefer: 'onnx', device: 'cpu', encoder: 'ffv1' } as const;
    const whole = join(tmp.dir, 'whole.mkv');
    const report = await processVideo({ ...options, input: clip, output: whole }, { logger: silentLogger });
    expect(report.engines.interpolate).toBe('rife-onnx');

    const media = await probeMedia(clip);
    const { timeline } = planOutput(options, media.video!);
    expect(timeline.count).toBe(48);
    const bounds = [0, 17, 31, 48];
    const segments = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const path = join(tmp.dir, `part${i}.nut`);
      const part = await processVideo({ ...options, input: clip, output: path, range: { from: bounds[i], to: bounds[i + 1] } }, { logger: silentLogger });
      expect(part.framesOut).toBe(bounds[i + 1] - bounds[i]);
      expect(part.audio).toBe(false);
      segments.push({ path, frames: bounds[i + 1] - bounds[i] });
    }
    const joined = join(tmp.dir, 'joined.mkv');
    const checks = await joinRendered({ segments, input: clip, media, options, encoder: 'ffv1', output: joined, listFile: join(tmp.dir, 'list.ffconcat') });
    expect(checks.audio).toBe(true);
    const [a, b] = await Promise.all([framemd5(whole), framemd5(joined)]);
    expect(a.length).toBe(48);
    expect(b).toEqual(a);
  });
});
