// Which frames dedup treats as repeats, on whole real clips (issue 22: "slow real motion … must not" count;
// footage without repeats is untouched by `auto`). The track is driven as the plan stage drives it, one
// 2× slot after another over the decoded clip, and every answer is compared with what a run without dedup
// does (copy the frame at t = 0, else the pair (f, f + 1) at its own t).
//
// The tuning clips for isClearRepeat's constants were motion.mov, box.mp4, vtest.avi (no repeats at all), franck.mp4's first
// 30 s and Megamind re-encoded at 360 px; franck's next 30 s and Megamind as shipped (MPEG-4 part 2 at
// 720×528) are held out. The cadences are built from real footage by test/helpers/repeat-footage.ts.
import { describe, expect, it } from 'vitest';
import { Q, type Rational } from '../../src/frames/index.js';
import { decodeFrames, probeMedia } from '../../src/media/index.js';
import { DedupTrack, type DedupAnswer, type DedupSummary } from '../../src/pipeline/dedup-track.js';
import { SourceWindow } from '../../src/pipeline/source-window.js';
import { footage, type Clip } from '../helpers/footage.js';
import { mixedClip, pulldownClip, threesClip, twosClip } from '../helpers/repeat-footage.js';

interface Walk {
  frames: number;
  /** Slots answered otherwise than a run without dedup answers them. */
  differ: string[];
  summary: DedupSummary;
}

/** Every 2× slot of `path` (from `fromSeconds`, `frames` frames) through an auto/on track, against off's answers. */
async function walk(path: string, mode: 'auto' | 'on', frames?: number, fromSeconds = 0): Promise<Walk> {
  const info = await probeMedia(path);
  const video = info.video;
  if (!video) throw new Error(`${path} has no video`);
  const { width, height } = video;
  const fps = Q.rat(30n);
  const source = decodeFrames(path, { width, height, maxFrames: frames, from: fromSeconds > 0 ? Q.rat(BigInt(fromSeconds)) : undefined });
  const window = new SourceWindow(source, frames ?? 0, () => undefined);
  const time = (i: number): Rational => Q.div(Q.rat(BigInt(i)), fps);
  const track = new DedupTrack(window, time, { mode, holdFrames: 15 });
  const differ: string[] = [];
  const same = (got: DedupAnswer, want: DedupAnswer): boolean =>
    'copy' in got ? 'copy' in want && got.copy === want.copy : !('copy' in want) && got.a === want.a && got.b === want.b && got.exact && got.t === want.t;
  let f = 0;
  for (; (await window.peekAt(f + 1)) !== undefined; f++) {
    for (const [num, t] of [[0n, 0], [1n, 0.5]] as const) {
      const at = Q.add(time(f), Q.div(Q.rat(num, 2n), fps));
      const got = await track.answer(f, at, Q.rat(num, 2n));
      const want: DedupAnswer = num === 0n ? { copy: f, keep: f } : { a: f, b: f + 1, t, exact: true, keep: f };
      if (!same(got, want)) differ.push(`frame ${f} t ${t}: ${JSON.stringify(got)}`);
      window.releaseBefore(Math.min(got.keep, f));
    }
  }
  await window.drain();
  return { frames: f + 1, differ, summary: track.summary() };
}

describe('clear repeats on whole real clips', () => {
  const withoutRepeats: [string, Clip, number | undefined, number][] = [
    ['motion.mov, whole', 'motion.mov', undefined, 0],
    ['box.mp4, whole', 'box.mp4', undefined, 0],
    ['franck.mp4, 0–30 s', 'franck.mp4', 720, 0],
    ['franck.mp4, 30–60 s (held out)', 'franck.mp4', 720, 30],
    ['Megamind.avi, whole (held out)', 'Megamind.avi', undefined, 0],
  ];
  it.each(withoutRepeats)('%s, filmed without repeats: auto answers every slot as a run without dedup', async (_label, clip, frames, from) => {
    const run = await walk(await footage(clip), 'auto', frames, from);
    expect(run.frames).toBeGreaterThan(200);
    expect(run.differ.slice(0, 5)).toEqual([]);
    expect(run.summary.retimed + run.summary.holds).toBe(0);
  });

  it('twos, threes, pulldown and a mixed cadence built from real footage: the clear repeats are the true ones (± 1)', async () => {
    const cases: [string, string, number, string][] = [
      ['twos', (await twosClip(4)).twos, 60, 'cadence 2 (on twos)'],
      ['threes', (await threesClip(4)).threes, 80, 'cadence 3 (on threes)'],
      ['pulldown', (await pulldownClip(3)).pulldown, 18, 'cadence 5:4 (24-in-30 pulldown)'],
      ['mixed', (await mixedClip()).mixed, 70, 'cadences 2 and 3 (24-in-60 pulldown, or twos and threes mixed)'],
    ];
    for (const [name, path, repeats, cadence] of cases) {
      const run = await walk(path, 'auto');
      expect(Math.abs(run.summary.repeats - repeats), `${name}: ${run.summary.repeats} repeats counted, ${repeats} true`).toBeLessThanOrEqual(1);
      expect(run.summary.cadence, name).toBe(cadence);
      expect(run.differ.length, name).toBeGreaterThan(0);
    }
  });
});
