// The source side of a dedup run (issue 22): every decoded frame is classified against the last distinct
// picture as it arrives (frames/repeats.ts), and a repeat is kept only when it is a clear one among the
// frames around it (isClearRepeat: far closer to its previous frame than the changes nearby are, so slow
// real motion and sensor noise are not taken for repeats); each output time is then answered from the distinct pictures
// around it, re-timed onto their cadence (timeline/cadence.ts), with bounded look-ahead so the pipeline
// stays streaming. Every answer depends only on frames within a fixed reach of the slot (dedupReach), so a
// range that decodes that much lead-in and look-ahead answers its slots exactly as the whole run does.
import { Q, compareRepeat, isClearRepeat, lumaDistance, repeatSignature, type Frame, type Rational, type RepeatSignature } from '../frames/index.js';
import { cadenceTime, describeCadence } from '../timeline/index.js';
import type { SourceWindow } from './source-window.js';

/** Delivered frames either side of a picture that its grid fit and its auto decision look at. */
const CADENCE_FRAMES = 8;
/** Frames either side of a repeat whose changes it must stand clear of (isClearRepeat). */
const CLEAR_FRAMES = 8;
/**
 * auto: at least this many clear repeats, each in a picture shown on at most CADENCE_RUN frames, among the
 * 2 × CADENCE_FRAMES + 1 frames around a picture for it to be re-timed: pulldown (one in five) has 3–4
 * there; whole real clips without repeats at most 2.
 */
const AUTO_REPEATS = 3;
/**
 * auto: the longest picture (in delivered frames) that counts towards a cadence (on fours at most). A
 * webcam's still moment before fast motion is a run of 8–9 frames whose sensor noise is far below the
 * motion's changes (franck.mp4 at 56 s): clear repeats, but no cadence.
 */
const CADENCE_RUN = 4;
/** Float tolerance (seconds) for "this output time is that picture's time". */
const SAME_TIME = 1e-9;

export interface DedupConfig {
  mode: 'on' | 'auto';
  /** A picture repeated on more than this many delivered frames is a hold. */
  holdFrames: number;
}

/** Frames before a range's first source frame it must decode, and after its last, to answer like the whole run. */
export function dedupReach(holdFrames: number): { lead: number; ahead: number } {
  const h = holdFrames;
  const l = CADENCE_FRAMES;
  const c = CLEAR_FRAMES;
  return { lead: 3 * h + 2 * l + c + 8, ahead: 2 * h + 2 * l + c + 6 };
}

/** Copy one source frame, or interpolate a → b at t (`exact`: the same pair and t as without dedup). */
export type DedupAnswer = { copy: number; keep: number } | { a: number; b: number; t: number; exact: boolean; keep: number };

interface Key {
  index: number;
  time: number;
  exact: boolean;
  /** The gap after this key is a hold: its slots copy the frame under them. */
  hold: boolean;
}

/** What dedup found, for the log and the report. */
export interface DedupSummary {
  framesSeen: number;
  repeats: number;
  pictures: number;
  retimed: number;
  holds: number;
  cadence: string;
}

export class DedupTrack {
  readonly #window: SourceWindow;
  readonly #time: (i: number) => Rational;
  readonly #config: DedupConfig;
  readonly #ahead: number;
  /** Each frame against the last distinct picture (compareRepeat), and its distance from the frame before it. */
  readonly #raw: { repeat: boolean; distance: number }[] = [];
  #rawEnded = false;
  /** Repeats that are clear ones (decided once CLEAR_FRAMES frames after them are in). */
  readonly #repeat: boolean[] = [];
  readonly #starts: number[] = [];
  #last: RepeatSignature | undefined;
  #previous: RepeatSignature | undefined;
  #ended = false;
  /** Frames from here on are counted in the summary (a range does not count its lead-in). */
  readonly #countFrom: number;
  #counted: number;
  readonly #runs = new Map<number, number>();
  readonly #summary = { repeats: 0, pictures: 0, retimed: 0, holds: 0 };

  /** `time(i)`: the source time of window frame i; `countFrom`: the first frame the run owns (after a range's lead-in). */
  constructor(window: SourceWindow, time: (i: number) => Rational, config: DedupConfig, countFrom = 0) {
    this.#window = window;
    this.#time = time;
    this.#config = config;
    this.#ahead = dedupReach(config.holdFrames).ahead;
    this.#countFrom = countFrom;
    this.#counted = countFrom;
  }

  /** The answer for an output time `time` whose last source frame at or before it is `f` (t = `slotT` between f and f+1). */
  async answer(f: number, time: Rational, slotT: Rational): Promise<DedupAnswer> {
    await this.#load(f + this.#ahead);
    this.#count(f);
    const at = Q.toNumber(time);
    if (this.#starts.length === 0) return { copy: f, keep: f };
    const p = this.#startAtOrBefore(f);
    const q = p > 0 ? this.#startAtOrBefore(p - 1) : undefined;
    const n1 = this.#startAfter(f);
    const n2 = n1 === f + 1 ? this.#startAfter(n1) : undefined;
    const keys = [q, p, n1, n2].flatMap((s) => (s === undefined ? [] : this.#keys(s)));
    let a = -1;
    while (a + 1 < keys.length && keys[a + 1].time <= at + SAME_TIME) a++;
    const A = keys[a] as Key | undefined;
    const B = keys[a + 1] as Key | undefined;
    if (!A) return { copy: f, keep: f };
    if (A.hold) return { copy: f, keep: f };
    const keep = Math.min(f, A.index);
    // Past the last picture's time (the stream's end): that picture still, not its re-encoded repeats.
    if (!B) return { copy: A.index, keep };
    if (Math.abs(at - A.time) <= SAME_TIME) return { copy: A.index, keep };
    if (A.exact && B.exact && A.index === f && B.index === f + 1) return { a: f, b: f + 1, t: Q.toNumber(slotT), exact: true, keep };
    return { a: A.index, b: B.index, t: (at - A.time) / (B.time - A.time), exact: false, keep };
  }

  /** What was found in the frames counted so far. */
  summary(): DedupSummary {
    return { framesSeen: this.#counted - this.#countFrom, ...this.#summary, cadence: describeCadence(this.#runs) };
  }

  async #load(upTo: number): Promise<void> {
    while (!this.#ended && this.#repeat.length <= upTo) {
      const i = this.#repeat.length;
      while (!this.#rawEnded && this.#raw.length <= i + CLEAR_FRAMES) await this.#loadRaw();
      if (i >= this.#raw.length) {
        this.#ended = true;
        break;
      }
      const repeat = this.#raw[i].repeat && this.#clear(i);
      if (!repeat) this.#starts.push(i);
      this.#repeat.push(repeat);
    }
  }

  async #loadRaw(): Promise<void> {
    const frame: Frame | undefined = await this.#window.peekAt(this.#raw.length);
    if (!frame) {
      this.#rawEnded = true;
      return;
    }
    const signature = repeatSignature(frame);
    const repeat = this.#last !== undefined && compareRepeat(this.#last, signature).repeat;
    const distance = this.#previous ? lumaDistance(this.#previous, signature) : Number.POSITIVE_INFINITY;
    if (!repeat) this.#last = signature;
    this.#previous = signature;
    this.#raw.push({ repeat, distance });
  }

  // Whether raw repeat i stands clear of the changes, and with the repeats, within CLEAR_FRAMES of it.
  #clear(i: number): boolean {
    const changes: number[] = [];
    const repeats: number[] = [];
    const to = Math.min(this.#raw.length - 1, i + CLEAR_FRAMES);
    for (let j = Math.max(1, i - CLEAR_FRAMES); j <= to; j++) {
      if (j !== i) (this.#raw[j].repeat ? repeats : changes).push(this.#raw[j].distance);
    }
    return isClearRepeat(this.#raw[i].distance, changes, repeats);
  }

  // Counts frames up to `f` (and the pictures starting there) once, as slots pass them.
  #count(f: number): void {
    for (; this.#counted <= f && this.#counted < this.#repeat.length; this.#counted++) {
      const i = this.#counted;
      if (this.#repeat[i]) {
        this.#summary.repeats++;
        continue;
      }
      this.#summary.pictures++;
      if (this.#isHold(i)) this.#summary.holds++;
      else if (this.#acted(i)) {
        const length = (this.#runEnd(i) ?? this.#repeat.length) - i;
        this.#runs.set(length, (this.#runs.get(length) ?? 0) + 1);
        if (this.#tau(i) !== undefined) this.#summary.retimed++;
      } else this.#runs.set(1, (this.#runs.get(1) ?? 0) + (this.#runEnd(i) ?? this.#repeat.length) - i);
    }
  }

  // The keys a picture starting at `s` contributes: itself (re-timed), a hold's last frame, or, where auto
  // leaves its repeats alone, each of its frames at its own time.
  #keys(s: number): Key[] {
    const end = this.#runEnd(s);
    const exact = (index: number, hold = false): Key => ({ index, time: Q.toNumber(this.#time(index)), exact: true, hold });
    if (this.#isHold(s)) return end !== undefined && end - 1 > s ? [exact(s, true), exact(end - 1)] : [exact(s, true)];
    if (!this.#acted(s)) {
      const keys: Key[] = [];
      for (let i = s; i < (end ?? this.#repeat.length); i++) keys.push(exact(i));
      return keys;
    }
    const tau = this.#tau(s);
    return tau === undefined ? [exact(s)] : [{ index: s, time: tau, exact: false, hold: false }];
  }

  // The re-timed time of picture `s`, or undefined when it keeps its own: a grid fit over the acted pictures
  // within CADENCE_FRAMES either side, not across a hold.
  #tau(s: number): number | undefined {
    const points = [s];
    for (let prev = s; prev > 0; ) {
      prev = this.#startAtOrBefore(prev - 1);
      if (prev < s - CADENCE_FRAMES || this.#isHold(prev) || !this.#acted(prev)) break;
      points.unshift(prev);
    }
    const at = points.length - 1;
    for (let cur = s; !this.#isHold(cur); ) {
      const next = this.#startAfter(cur);
      if (next === undefined || next > s + CADENCE_FRAMES || !this.#acted(next)) break;
      points.push(next);
      cur = next;
    }
    // No repeat among these pictures: nothing to re-time (a VFR stream keeps its own times).
    const last = points[points.length - 1];
    if (last - points[0] === points.length - 1 && this.#runEnd(last) === last + 1) return undefined;
    const before = s > 0 ? this.#time(s - 1) : undefined;
    const after = s + 1 < this.#repeat.length ? this.#time(s + 1) : undefined;
    return cadenceTime(points.map((index) => ({ index, time: this.#time(index) })), at, before, after);
  }

  // auto re-times a picture only where clear repeats in short runs are common around it (a cadence); on re-times every one.
  #acted(s: number): boolean {
    if (this.#config.mode === 'on') return true;
    const from = Math.max(0, s - CADENCE_FRAMES);
    const to = Math.min(this.#repeat.length - 1, s + CADENCE_FRAMES);
    let repeats = 0;
    for (let i = from; i <= to; i++) {
      if (!this.#repeat[i]) continue;
      const start = this.#startAtOrBefore(i);
      const end = this.#runEnd(start) ?? Number.POSITIVE_INFINITY;
      if (end - start <= CADENCE_RUN) repeats++;
    }
    return repeats >= AUTO_REPEATS;
  }

  #isHold(s: number): boolean {
    const end = this.#runEnd(s) ?? this.#repeat.length;
    return end - s > this.#config.holdFrames;
  }

  /** One past the last frame of the picture starting at `s`; undefined when it runs past what is loaded. */
  #runEnd(s: number): number | undefined {
    return this.#startAfter(s) ?? (this.#ended ? this.#repeat.length : undefined);
  }

  #startAtOrBefore(i: number): number {
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return starts[lo];
  }

  #startAfter(i: number): number | undefined {
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= i) lo = mid + 1;
      else hi = mid;
    }
    return starts[lo];
  }
}
