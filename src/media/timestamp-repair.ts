// Check a video stream's packet times against the file's independent witnesses (packet count, container
// duration and start, the declared rate) and repair them the way ffmpeg users do, or refuse: a plan must
// never be larger than the file (issue 19). The clean path is one pass over the packets and one sort.
import { Q, type Rational } from '../frames/index.js';
import { InputError } from '../util/index.js';

/** One packet of the video stream in file order (edit-list discards already left out). */
export interface PacketRow {
  pts: bigint | undefined;
  dts: bigint | undefined;
}

/** What the rest of the file says about the stream's timing. */
export interface TimingWitnesses {
  path: string;
  /** ffprobe's format_name (mpegts, ogg, h264 …). */
  format: string;
  timeBase: Rational;
  /** The stream's declared rate (r_frame_rate), when it has one it can be trusted for. */
  declaredRate: Rational | undefined;
  /** The container's start and duration in seconds (0 or undefined when it does not say). */
  containerStart: number | undefined;
  containerDuration: number | undefined;
  /** The longest audio stream's own duration in seconds, when the file has audio that says. */
  audioDuration?: number;
}

/** A repair made to the packet times, for the log line and the report. */
export interface TimestampRepair {
  kind: 'preroll-dropped' | 'pts-wrap' | 'retimed';
  /** One sentence: what was repaired and on what evidence. */
  reason: string;
  /** Decoded frames before the first planned one (the decoder drops them). */
  droppedFrames: number;
}

/** The checked times: ticks per kept frame, sorted; or a re-timing at `retimeAt` from `retimeStart`. */
export interface CheckedTimeline {
  ticks: bigint[];
  retimeAt?: Rational;
  retimeStart?: Rational;
  /** Number of kept frames (equals ticks.length unless re-timed). */
  frames: number;
  repair?: TimestampRepair;
}

const WRAP = 1n << 33n;
const HALF_WRAP = WRAP / 2n;
const MARGIN_SECONDS = 1;
/** Seconds of video (eleven days) beyond which times are garbage even without a witness. */
const NO_WITNESS_SPAN = 1e6;

const byValue = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
const secondsOf = (ticks: bigint, tb: Rational): number => Q.toNumber(Q.mul(Q.rat(ticks), tb));
const ticksOf = (seconds: number, tb: Rational): bigint => BigInt(Math.round(seconds / Q.toNumber(tb)));
const fmt = (seconds: number): string => (Math.abs(seconds) >= 1e6 ? seconds.toExponential(2) : seconds.toFixed(3));

/** Checks `rows` against `w`; returns sorted times (repaired when needed) or throws an InputError. */
export function checkTimeline(all: readonly PacketRow[], w: TimingWitnesses): CheckedTimeline {
  // Packets without any time in a stream that has times are pictures the decoder does not show (an open
  // GOP's leading pictures after a cut), skipped as before; a stream with no times at all is re-timed.
  const rows = all.filter((r) => r.pts !== undefined || r.dts !== undefined);
  if (all.length === 0) return { ticks: [], frames: 0 };
  if (rows.length === 0) return retimeMissing(all.length, w);
  const n = rows.length;
  let reordered = false;
  const raw: bigint[] = [];
  for (const r of rows) {
    raw.push((r.pts ?? r.dts) as bigint);
    if (r.pts !== undefined && r.dts !== undefined && r.pts !== r.dts) reordered = true;
  }
  const wrap = unwrap33(rows, raw, w);
  const { seconds: witness, name } = witnessSeconds(n, w);
  if (witness !== undefined) {
    const base = w.containerStart ?? 0;
    const lo = ticksOf(base - MARGIN_SECONDS, w.timeBase);
    const hi = ticksOf(base + witness + MARGIN_SECONDS, w.timeBase);
    let outliers = 0;
    let leading = 0;
    for (const t of raw) {
      if (t < lo || t > hi) {
        if (outliers === leading) leading++;
        outliers++;
      }
    }
    if (outliers > 0) return repairOutliers(raw, { outliers, leading, reordered, witness, name }, w);
  }
  const ticks = [...raw].sort(byValue);
  // No witness at all (no container duration, no declared rate): only a span no video has can be told.
  const span = n > 1 ? secondsOf(ticks[n - 1] - ticks[0], w.timeBase) : 0;
  if (witness === undefined && span > NO_WITNESS_SPAN) throw refuse(w, `its ${n} frames span ${fmt(span)} s, and the file has no duration or frame rate to repair them by`);
  let duplicates = 0;
  for (let i = 1; i < ticks.length; i++) if (ticks[i] === ticks[i - 1]) duplicates++;
  if (duplicates > 0) return repairDuplicates(ticks, duplicates, reordered, witness, w);
  return { ticks, frames: n, ...(wrap ? { repair: wrap } : {}) };
}

/**
 * Seconds the file's other witnesses allow, and which they are: the container's duration, else packets at
 * the declared rate. Some containers (TS, Ogg) compute their duration from the very packet times being
 * checked; when the audio's own duration and the packet count at the declared rate agree with each other
 * (within 1 s or 10 %) and the container claims more than half as much again, the two outvote it.
 */
function witnessSeconds(n: number, w: TimingWitnesses): { seconds: number | undefined; name: string } {
  const container = w.containerDuration && w.containerDuration > 0 ? w.containerDuration : undefined;
  const byRate = w.declaredRate ? n / Q.toNumber(w.declaredRate) : undefined;
  const audio = w.audioDuration && w.audioDuration > 0 ? w.audioDuration : undefined;
  if (byRate !== undefined && audio !== undefined && Math.abs(byRate - audio) <= Math.max(1, 0.1 * Math.max(byRate, audio))) {
    const agreed = Math.max(byRate, audio);
    if (container === undefined || container > 1.5 * agreed + MARGIN_SECONDS) {
      return { seconds: agreed, name: `${fmt(agreed)} s that its ${n} frames at the declared rate and its ${fmt(audio)} s of audio agree on${container === undefined ? '' : ` (the container says ${fmt(container)} s)`}` };
    }
  }
  if (container !== undefined) return { seconds: container, name: `file's ${fmt(container)} s` };
  return byRate === undefined ? { seconds: undefined, name: 'file' } : { seconds: byRate, name: `${fmt(byRate)} s of its ${n} frames at the declared rate` };
}

/** A 33-bit MPEG clock that wraps: unwraps a raw backward jump of ~2^33 ticks, and names the one ffmpeg's demuxer already unwrapped below zero. */
function unwrap33(rows: readonly PacketRow[], raw: bigint[], w: TimingWitnesses): TimestampRepair | undefined {
  if (Q.cmp(w.timeBase, Q.rat(1n, 90000n)) !== 0) return undefined;
  let offset = 0n;
  let previous: bigint | undefined;
  let at: number | undefined;
  for (let i = 0; i < rows.length; i++) {
    const order = rows[i].dts ?? rows[i].pts ?? 0n;
    if (previous !== undefined && previous - order > HALF_WRAP) {
      offset += WRAP;
      at ??= i;
    }
    previous = order;
    if (offset !== 0n) raw[i] += offset;
  }
  if (at !== undefined) {
    return { kind: 'pts-wrap', droppedFrames: 0, reason: `the 33-bit MPEG clock wraps at packet ${at}; the times after it are unwrapped (+2^33 ticks)` };
  }
  if (!w.format.includes('mpegts')) return undefined;
  const first = raw.reduce((a, b) => (b < a ? b : a), raw[0]);
  if (first < 0n) {
    const wrapAt = -secondsOf(first, w.timeBase);
    return { kind: 'pts-wrap', droppedFrames: 0, reason: `the 33-bit MPEG clock wraps ${wrapAt.toFixed(3)} s in and ffmpeg's demuxer unwrapped it below zero; the output is shifted so no frame falls before zero` };
  }
  return undefined;
}

/** Frame-rate steps of `rate` in ticks of `tb`, when whole. */
function stepTicks(rate: Rational, tb: Rational): bigint | undefined {
  const step = Q.div(Q.rat(1n), Q.mul(rate, tb));
  return step.den === 1n ? step.num : undefined;
}

/** Whether `n` frames at the declared rate fill the witness duration (two frames and 2 % of slack). */
function rateAgrees(n: number, w: TimingWitnesses, witness: number | undefined): boolean {
  if (!w.declaredRate || witness === undefined) return false;
  const fps = Q.toNumber(w.declaredRate);
  return Math.abs(n / fps - witness) <= 2 / fps + 0.02 * witness;
}

/** Packets far outside the file: pre-roll before a cut (consecutive frames, re-timed back from the first good one), else a re-timing at the declared rate, else refused. */
function repairOutliers(raw: bigint[], o: { outliers: number; leading: number; reordered: boolean; witness: number; name: string }, w: TimingWitnesses): CheckedTimeline {
  const n = raw.length;
  const evidence = `${o.outliers} of ${n} video packets lie outside the ${o.name} (the first at ${fmt(secondsOf(raw[0], w.timeBase))} s)`;
  const step = w.declaredRate && stepTicks(w.declaredRate, w.timeBase);
  if (o.leading === o.outliers && o.leading < n && !o.reordered && step) {
    const g = o.leading;
    let uniform = true;
    for (let i = 1; i < g && uniform; i++) uniform = raw[i] - raw[i - 1] === step;
    for (let i = g + 1; i < n && uniform; i++) uniform = raw[i] > raw[i - 1];
    if (uniform) {
      const cut = ticksOf(Math.max(0, w.containerStart ?? 0), w.timeBase);
      const retimed = raw.slice(0, g).map((_, j) => raw[g] - BigInt(g - j) * step);
      const dropped = retimed.filter((t) => t < cut).length;
      const ticks = [...retimed.slice(dropped), ...raw.slice(g)];
      const reason = `${evidence}; as consecutive frames before the first good timestamp they are the cut's pre-roll, so ${dropped} frame${dropped === 1 ? '' : 's'} before ${fmt(secondsOf(cut, w.timeBase))} s ${dropped === 1 ? 'is' : 'are'} dropped${g > dropped ? ` and ${g - dropped} re-timed` : ''}`;
      return { ticks, frames: ticks.length, repair: { kind: 'preroll-dropped', droppedFrames: dropped, reason } };
    }
  }
  if (!o.reordered && rateAgrees(n, w, o.witness)) {
    const lo = ticksOf(w.containerStart ?? 0, w.timeBase);
    const inside = raw.filter((t) => t >= lo).reduce<bigint | undefined>((a, b) => (a === undefined || b < a ? b : a), undefined);
    return retime(n, w, `${evidence}; ${n} frames at the declared rate fill the file, so every frame is re-timed at it (as -fflags +genpts would)`, inside);
  }
  throw refuse(w, `${evidence}, and neither a cut's pre-roll nor a re-timing at the declared rate explains them`);
}

/** Frames sharing a timestamp: re-timed at the declared rate when the count fills the file, else refused. */
function repairDuplicates(ticks: bigint[], duplicates: number, reordered: boolean, witness: number | undefined, w: TimingWitnesses): CheckedTimeline {
  const n = ticks.length;
  const evidence = `${duplicates} of ${n} video frames repeat the timestamp of another`;
  if (!reordered && rateAgrees(n, w, witness)) return retime(n, w, `${evidence}; ${n} frames at the declared rate fill the file's ${fmt(witness ?? 0)} s, so every frame is re-timed at it`, ticks[0]);
  throw refuse(w, `${evidence}, and ${n} frames at the declared rate do not fill the file's ${witness === undefined ? 'unknown' : `${fmt(witness)} s`} duration`);
}

/** No timestamps at all (a raw .h264/.265 stream): the stream's own declared rate times them, else refused. */
function retimeMissing(n: number, w: TimingWitnesses): CheckedTimeline {
  const what = `has no timestamps (${w.format === 'h264' || w.format === 'hevc' ? `a raw ${w.format === 'h264' ? 'H.264' : 'HEVC'} stream` : 'none in the container'})`;
  if (w.declaredRate) {
    return retime(n, w, `the video ${what}, so its ${n} frames are timed at the ${Q.toNumber(w.declaredRate).toFixed(3)} fps its headers declare`);
  }
  throw new InputError('INPUT_NO_TIMESTAMPS', `Input ${w.path}'s video ${what} and declares no frame rate, so its frames cannot be timed.`, {
    hint: `Give it a rate by remuxing: ffmpeg -framerate 30 -i ${w.path} -c copy fixed.mp4 (with its real rate).`,
  });
}

/** Every frame at start + i / declared rate; `first` is the first trustworthy time in ticks (else the container's start). */
function retime(n: number, w: TimingWitnesses, reason: string, first?: bigint): CheckedTimeline {
  const rate = w.declaredRate ?? Q.rat(25n);
  const start = first !== undefined ? Q.mul(Q.rat(first), w.timeBase) : Q.rat(ticksOf(w.containerStart ?? 0, Q.rat(1n, 1_000_000n)), 1_000_000n);
  return { ticks: [], frames: n, retimeAt: rate, retimeStart: start, repair: { kind: 'retimed', droppedFrames: 0, reason } };
}

function refuse(w: TimingWitnesses, evidence: string): InputError {
  return new InputError('INPUT_TIMESTAMPS', `Input ${w.path}'s video timestamps contradict the file: ${evidence}.`, {
    hint: `Re-time it at its frame rate first: ffmpeg -i ${w.path} -vf setpts=N/FRAME_RATE/TB -c:a copy fixed.mkv`,
  });
}
