// The plan stage of a dedup run (issue 22): the same output slots as without dedup, each answered from the
// distinct pictures around its time (dedup-track.ts): a copy where the time falls on a picture or inside a
// hold, else one engine call between two distinct pictures at the re-timed timestep. Scene cuts are tested
// between those two pictures, as the plain plan stage tests its pair.
import { Q, type Frame, type Rational } from '../frames/index.js';
import type { Timeline } from '../timeline/index.js';
import { DedupTrack, type DedupConfig, type DedupSummary } from './dedup-track.js';
import type { SourceWindow } from './source-window.js';

/** How a run dedups: the track's settings, and where its frames sit in time. */
export interface DedupPlan {
  config: DedupConfig;
  /** Source time of decoded frame i (counted from the first frame decoded, a range's lead-in included). */
  time: (i: number) => Rational;
  /** Decoded frames before the timeline's source frame 0 (a range's lead-in; 0 for a whole run). */
  offset: number;
}

export interface DedupStats extends DedupSummary {
  /** Slots that, without dedup, would have been engine calls and are copies now (inside holds). */
  engineCallsSaved: number;
  /** Slots that, without dedup, were copies of a delivered frame and are engine calls now (re-timed pictures). */
  engineCallsAdded: number;
}

/** What the plan stage lends the dedup loop: its window, its guard, and its two kinds of job. */
export interface DedupHost {
  timeline: Timeline;
  window: SourceWindow;
  guard(k: number, index: number): Promise<void>;
  copy(frame: Frame): Promise<void>;
  interpolate(a: Frame, b: Frame, t: number): Promise<void>;
  /** Whether the pair of source frames (a, b) crosses a scene cut (scored once per pair). */
  isCut(a: number, b: number, frameA: Frame, frameB: Frame): boolean;
}

/** Queues one job per slot of `host.timeline`, answered from distinct pictures; returns what it found. */
export async function planDedupSlots(host: DedupHost, plan: DedupPlan): Promise<DedupStats> {
  const { timeline, window } = host;
  const track = new DedupTrack(window, plan.time, plan.config, plan.offset);
  const step = Q.div(Q.rat(1n), timeline.fps);
  let saved = 0;
  let added = 0;
  for (let k = 0; k < timeline.count; k++) {
    const slot = timeline.slot(k);
    const f = slot.index + plan.offset;
    await host.guard(k, f);
    const time = Q.add(timeline.start, Q.mul(step, Q.rat(BigInt(k))));
    const answer = await track.answer(f, time, slot.t);
    let called = false;
    if ('copy' in answer) {
      await host.copy(await window.frameAt(answer.copy));
    } else {
      const a = await window.frameAt(answer.a);
      const b = await window.frameAt(answer.b);
      if (host.isCut(answer.a, answer.b, a, b)) {
        const first = answer.exact ? Q.cmp(slot.t, Q.rat(1n, 2n)) < 0 : answer.t < 0.5;
        await host.copy(first ? a : b);
      } else {
        called = true;
        await host.interpolate(a, b, answer.t);
      }
    }
    const plainCall = slot.t.num !== 0n;
    if (plainCall && !called && 'copy' in answer) saved++;
    if (!plainCall && called) added++;
    window.releaseBefore(answer.keep);
  }
  return { ...track.summary(), engineCallsSaved: saved, engineCallsAdded: added };
}

/** The log's line for what dedup found: "repeats: 50 % of frames, cadence 2 (on twos); 1,204 pictures re-timed; …". */
export function describeDedup(stats: DedupStats): string {
  const share = stats.framesSeen > 0 ? Math.round((100 * stats.repeats) / stats.framesSeen) : 0;
  const n = (x: number): string => x.toLocaleString('en-US');
  const holds = stats.holds > 0 ? `; ${n(stats.holds)} hold${stats.holds === 1 ? '' : 's'} kept still` : '';
  return `repeats: ${share} % of frames, ${stats.cadence}; ${n(stats.retimed)} pictures re-timed${holds}; ${n(stats.engineCallsSaved)} engine calls saved, ${n(stats.engineCallsAdded)} added`;
}

type ReportedDedup = DedupStats & { mode: 'on' | 'auto'; summary: string };

/** One report's dedup from its segments' (a checkpointed run): counts summed, the cadence of the segment with most pictures. */
export function mergeDedup(parts: readonly (ReportedDedup | undefined)[]): ReportedDedup | undefined {
  const found = parts.filter((p): p is ReportedDedup => p !== undefined);
  if (found.length === 0) return undefined;
  const total = (pick: (p: ReportedDedup) => number): number => found.reduce((n, p) => n + pick(p), 0);
  const main = found.reduce((a, b) => (b.pictures > a.pictures ? b : a));
  const stats: DedupStats = {
    framesSeen: total((p) => p.framesSeen),
    repeats: total((p) => p.repeats),
    pictures: total((p) => p.pictures),
    retimed: total((p) => p.retimed),
    holds: total((p) => p.holds),
    cadence: main.cadence,
    engineCallsSaved: total((p) => p.engineCallsSaved),
    engineCallsAdded: total((p) => p.engineCallsAdded),
  };
  return { mode: main.mode, ...stats, summary: describeDedup(stats) };
}
