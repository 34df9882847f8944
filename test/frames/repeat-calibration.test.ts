// The repeat-frame classifier against its calibration set (test/helpers/repeat-set.ts): real pictures held
// on twos, threes and in pulldown and re-encoded lossily must be repeats; slow pans, a small moving patch,
// a mouth-sized change, fades and handheld clips as filmed must not. Issue 22 asks for both directions on
// the clips the thresholds were tuned on AND on clips they never saw.
//
// Targets, as far as a luma-block classifier reaches (see DEFAULT_REPEAT_THRESHOLDS): ≥ 99 % both ways on
// all but three kinds that overlap by nature at this size: holds re-encoded by x264 at crf 28 (a keyframe,
// or the encoder refining the held picture, changes a block by up to ~10 levels) against ½-pixel pans over
// flat pictures and mouth-sized changes (a few levels in one or two blocks). With them: ≥ 94 % of repeats
// and ≥ 97 % of changes (the held-out clips: 95.0 % of repeats, Megamind at crf 28 the worst). The margins
// are thin (99.1 % of the tuning clips' repeats): a change of encoder build that moves them is worth a look.
import { beforeAll, describe, expect, it } from 'vitest';
import { compareRepeat, repeatSignature, type Frame, type RepeatSignature } from '../../src/frames/index.js';
import { buildRepeatSet, repeatSet, type Expect, type Group } from '../helpers/repeat-set.js';

interface Tally {
  pairs: number;
  right: number;
  /** The same, without the kinds that overlap by nature. */
  easyPairs: number;
  easyRight: number;
  /** Margins: the worst block of repeats (largest) and of changes (smallest) in easy kinds, and the decision's. */
  worst: number[];
  wrong: Map<string, number>;
}

const hard = (label: string): boolean => label.includes('crf 28') || label.includes('½ px') || label.includes('mouth-sized');
const tally = (): Tally => ({ pairs: 0, right: 0, easyPairs: 0, easyRight: 0, worst: [], wrong: new Map() });

describe('repeat-frame classifier on the real-footage calibration set', () => {
  // Building the set (first run only: ffmpeg over seven clips, then cached) is fixture work.
  beforeAll(() => buildRepeatSet());

  it('calls ≥ 99 % of holds re-encoded at crf ≤ 23, MPEG-4, VP9 or 10-bit repeats and ≥ 99 % of 1-px pans, moving patches, fades and handheld motion changes (≥ 94 % / ≥ 97 % with crf 28, ½-px pans and mouth-sized changes), tuning and held-out alike', async () => {
    const tallies: Record<Group, Record<Expect, Tally>> = { tuning: { repeat: tally(), change: tally() }, heldOut: { repeat: tally(), change: tally() } };
    const kinds = new Map<string, number>();
    const signatures = new WeakMap<Frame, RepeatSignature>();
    const signature = (f: Frame): RepeatSignature => {
      let s = signatures.get(f);
      if (!s) signatures.set(f, (s = repeatSignature(f)));
      return s;
    };
    for await (const pair of repeatSet()) {
      const t = tallies[pair.group][pair.expect];
      const verdict = compareRepeat(signature(pair.a), signature(pair.b));
      const right = verdict.repeat === (pair.expect === 'repeat');
      const kind = pair.label.replace(/ \S+\.(mov|mp4|avi)$/, '');
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      t.pairs++;
      if (right) t.right++;
      else t.wrong.set(pair.label, (t.wrong.get(pair.label) ?? 0) + 1);
      if (!hard(pair.label)) {
        t.easyPairs++;
        if (right) t.easyRight++;
        t.worst.push(verdict.worstBlock);
      }
    }
    const pct = (a: number, b: number): string => `${a}/${b} (${((100 * a) / b).toFixed(1)} %)`;
    const quantile = (xs: number[], q: number): string => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(q * xs.length))].toFixed(2);
    for (const [group, byExpect] of Object.entries(tallies)) {
      for (const [want, t] of Object.entries(byExpect)) {
        const wrong = [...t.wrong].map(([label, n]) => `${label} ×${n}`).join(', ');
        // Margins in worst-block levels against DEFAULT_REPEAT_THRESHOLDS.block (changes below it are caught by the other rules).
        const spread = want === 'repeat' ? `worst block p99 ${quantile(t.worst, 0.99)}, max ${quantile(t.worst, 1)}` : `worst block min ${quantile(t.worst, 0)}, p1 ${quantile(t.worst, 0.01)}`;
        console.log(`repeat set ${group} ${want}: right ${pct(t.right, t.pairs)}; without the overlapping kinds ${pct(t.easyRight, t.easyPairs)} (${spread})${wrong ? `; wrong: ${wrong}` : ''}`);
      }
    }
    // The set really holds what it claims (a builder bug must not shrink it to something easy).
    for (const kind of ['twos x264 crf 23', 'threes x264 crf 28', 'pulldown 24→30 x264 crf 18', 'threes mpeg4 q 5', 'threes vp9 crf 40', 'threes 10-bit x265 crf 26', 'grain on twos x264 crf 23', 'pan 1 px/frame x264 crf 23', 'pan ½ px/frame diagonal x264 crf 23', 'moving patch 12×16 x264 crf 23', 'mouth-sized change 24×16 x264 crf 23', 'fade to black 2 s x264 crf 18', 'as filmed']) {
      expect(kinds.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(20);
    }
    for (const byExpect of Object.values(tallies)) {
      expect(byExpect.repeat.pairs).toBeGreaterThan(300);
      expect(byExpect.change.pairs).toBeGreaterThan(400);
      expect(byExpect.repeat.easyRight / byExpect.repeat.easyPairs).toBeGreaterThanOrEqual(0.99);
      expect(byExpect.change.easyRight / byExpect.change.easyPairs).toBeGreaterThanOrEqual(0.99);
      expect(byExpect.repeat.right / byExpect.repeat.pairs).toBeGreaterThanOrEqual(0.94);
      expect(byExpect.change.right / byExpect.change.pairs).toBeGreaterThanOrEqual(0.97);
    }
  });
});
