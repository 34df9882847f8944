// Probe a media file with ffprobe: streams, exact per-frame timestamps (from packets), VFR detection,
// size, pixel format and bit depth, rotation, audio and subtitle streams.
import { stat } from 'node:fs/promises';
import { Q, type Rational } from '../frames/index.js';
import { ProcessError, runProcess } from '../process/index.js';
import { InputError } from '../util/index.js';
import { chaptersOf, colorOf, fieldOrderOf, firstFrameHdr, hdrOf, otherStreamsOf, streamsOf, type RawChapter, type RawStreamMeta } from './probe-streams.js';
import { ffprobePath, firstErrorLine } from './tools.js';
import { checkedTimes, trustedRate } from './probe-times.js';
import { checkTimeline, type PacketRow } from './timestamp-repair.js';
import type { AudioStreamInfo, MediaInfo, SubtitleStreamInfo, VideoStreamInfo } from './types.js';

interface RawStream extends RawStreamMeta {
  width?: number;
  height?: number;
  pix_fmt?: string;
  bits_per_raw_sample?: string;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  time_base?: string;
  start_time?: string;
  duration?: string;
  sample_rate?: string;
  channels?: number;
  nb_frames?: string;
}

/** Checks that `path` names a non-empty regular file, with a sentence a person can act on. */
export async function assertReadableFile(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new InputError('INPUT_MISSING', `Input file ${path} does not exist.`, { hint: 'Check the path given to --input.' });
  if (!info.isFile()) throw new InputError('INPUT_NOT_FILE', `Input ${path} is not a regular file.`, { hint: 'Give a video file to --input.' });
  if (info.size === 0) throw new InputError('INPUT_EMPTY', `Input file ${path} is empty (0 bytes).`, { hint: 'The file was probably not fully downloaded or copied; fetch it again.' });
}

function parseRate(text: string | undefined): Rational | undefined {
  if (!text) return undefined;
  const r = Q.parseRational(text);
  return r && r.num > 0n ? r : undefined;
}

function bitDepth(s: RawStream): number {
  const raw = Number(s.bits_per_raw_sample);
  if (Number.isInteger(raw) && raw > 0) return raw;
  const m = /p(\d+)(le|be)$/.exec(s.pix_fmt ?? '');
  return m ? Number(m[1]) : 8;
}

function rotationOf(s: RawStream): number {
  const side = s.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
  const tag = s.tags?.rotate === undefined ? undefined : Number(s.tags.rotate);
  const deg = side ?? tag ?? 0;
  return Number.isFinite(deg) ? ((Math.round(deg) % 360) + 360) % 360 : 0;
}

/**
 * Per-packet pts/dts of the first video stream in file order, plus the last packet's duration. Packets
 * flagged D (discard: outside the container's edit list) are skipped, as the decoder skips them.
 */
export async function packetRows(path: string, signal?: AbortSignal): Promise<{ rows: PacketRow[]; packets: number; lastDuration: bigint; stderr: string }> {
  const { stdout, stderr } = await runProcess(
    ffprobePath(),
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts,dts,duration,flags', '-of', 'csv=p=0', path],
    { signal, timeoutMs: 600_000, maxBuffer: 512 * 1024 * 1024 },
  );
  const rows: PacketRow[] = [];
  let lastDuration = 0n;
  let packets = 0;
  const int = (text: string | undefined): bigint | undefined => (text !== undefined && /^-?\d+$/.test(text) ? BigInt(text) : undefined);
  for (const line of stdout.split('\n')) {
    if (!line) continue;
    packets++;
    const [p, d, dur, flags] = line.split(',');
    if (flags?.includes('D')) continue;
    rows.push({ pts: int(p), dts: int(d) });
    if (/^\d+$/.test(dur ?? '')) lastDuration = BigInt(dur);
  }
  return { rows, packets, lastDuration, stderr };
}

/**
 * Whether the last packets reach the end the header's frame count declares at its rate (within two frames).
 * A `-c copy` cut of an AVI leaves gaps in its frame numbers (the frames before its keyframe) and a header
 * that counts them: fewer packets than listed there are not a file cut short, whose packets stop well
 * before that end. (Not the stream's duration: without an index ffprobe computes it from the packets found.)
 */
function reachesListedEnd(rows: readonly PacketRow[], timeBase: Rational, s: RawStream, listed: number): boolean {
  const rate = parseRate(s.r_frame_rate);
  if (!rate) return false;
  const end = Number(s.start_time ?? 0) + listed / Q.toNumber(rate);
  if (!Number.isFinite(end)) return false;
  let last: bigint | undefined;
  for (const r of rows.slice(-16)) {
    const t = r.pts ?? r.dts;
    if (t !== undefined && (last === undefined || t > last)) last = t;
  }
  if (last === undefined) return false;
  const frame = 1 / Q.toNumber(rate);
  return Q.toNumber(Q.mul(Q.rat(last), timeBase)) + 2 * frame >= end;
}

/** The file-level facts the video's timing is checked against. */
export interface FormatFacts {
  name: string;
  start: number | undefined;
  duration: number | undefined;
  /** The longest audio stream's own duration (seconds), when there is audio that says. */
  audioDuration: number | undefined;
}

/** Builds the video description: exact frame times; CFR streams get ideal times i/fps, VFR keeps the real ones. */
async function describeVideo(path: string, s: RawStream, format: FormatFacts, signal?: AbortSignal): Promise<VideoStreamInfo> {
  const timeBase = parseRate(s.time_base) ?? Q.rat(1n, 90000n);
  const { rows, packets, lastDuration, stderr } = await packetRows(path, signal);
  const listed = Number(s.nb_frames);
  const counted = Number.isInteger(listed) && listed > 0;
  // Fewer packets than the header lists, but running to its end: gaps, not a download cut short.
  const complete = counted && (packets >= listed || reachesListedEnd(rows, timeBase, s, listed));
  // Invalid data with every listed packet present is damage inside the file, not a truncated download.
  const dataErrors = /Invalid NAL|Invalid data|corrupt|error while decoding/i.test(stderr);
  if (/partial file|truncat|moov atom not found/i.test(stderr) || (dataErrors && !complete) || (counted && !complete)) {
    throw new InputError('INPUT_TRUNCATED', `Input ${path} is truncated: ffprobe found ${packets}${listed > 0 ? ` of ${listed}` : ''} video frames before the data ends.`, {
      hint: 'Re-download or re-copy the file.',
    });
  }
  const rRate = parseRate(s.r_frame_rate);
  const avgRate = parseRate(s.avg_frame_rate);
  const declaredRate = await trustedRate(path, format.name, rRate, rows, signal);
  const checked = checkTimeline(rows, { path, format: format.name, timeBase, declaredRate, containerStart: format.start, containerDuration: format.duration, audioDuration: format.audioDuration });
  const { frameRate, frameTimes, vfr, start, duration } = checkedTimes(checked, timeBase, { rRate, avgRate, lastDuration });
  const rotation = rotationOf(s);
  const color = colorOf(s);
  // HDR10 metadata sits in the container (mkv, mp4) or only in the bitstream's first frame (HEVC SEI).
  const hdr = hdrOf(s.side_data_list) ?? (bitDepth(s) > 8 || color.transfer === 'smpte2084' || color.transfer === 'arib-std-b67' ? await firstFrameHdr(path, s.index ?? 0, signal) : undefined);
  const sar = s.sample_aspect_ratio && /^\d+:\d+$/.test(s.sample_aspect_ratio) && !/^0:/.test(s.sample_aspect_ratio) ? s.sample_aspect_ratio : '1:1';
  const swap = rotation === 90 || rotation === 270;
  const codedWidth = s.width ?? 0;
  const codedHeight = s.height ?? 0;
  return {
    index: s.index ?? 0,
    codec: s.codec_name ?? 'unknown',
    width: swap ? codedHeight : codedWidth,
    height: swap ? codedWidth : codedHeight,
    codedWidth,
    codedHeight,
    pixFmt: s.pix_fmt ?? 'unknown',
    bitDepth: bitDepth(s),
    rotation,
    timeBase,
    frameRate,
    frameTimes,
    frameCount: frameTimes.length,
    vfr,
    start,
    duration,
    color,
    ...(hdr ? { hdr } : {}),
    fieldOrder: fieldOrderOf(s),
    ...(checked.repair ? { timing: checked.repair } : {}),
    ...(dataErrors ? { dataErrors: true } : {}),
    sampleAspect: sar,
  };
}

/** Probes `path`; bad inputs (missing, empty, not media, no video) become InputErrors with one clear sentence. */
export async function probeMedia(path: string, options: { signal?: AbortSignal; requireVideo?: boolean } = {}): Promise<MediaInfo> {
  await assertReadableFile(path);
  let json: { streams?: RawStream[]; chapters?: RawChapter[]; format?: { format_name?: string; duration?: string; start_time?: string; tags?: Record<string, string> } };
  try {
    const { stdout } = await runProcess(ffprobePath(), ['-v', 'error', '-show_streams', '-show_format', '-show_chapters', '-of', 'json', path], {
      signal: options.signal,
      timeoutMs: 120_000,
    });
    json = JSON.parse(stdout) as typeof json;
  } catch (error) {
    if (!(error instanceof ProcessError) || error.failure.aborted) throw error;
    const why = firstErrorLine(error.failure.stderrTail);
    throw new InputError('INPUT_UNREADABLE', `Input ${path} is not a media file ffmpeg can read${why ? ` (${why})` : ''}.`, {
      hint: 'Check that it is a complete video file (a truncated download looks like this).',
      cause: error,
    });
  }
  const streams = json.streams ?? [];
  const videoRaw = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audio: AudioStreamInfo[] = streams
    .filter((s) => s.codec_type === 'audio')
    .map((s) => ({ index: s.index ?? 0, codec: s.codec_name ?? 'unknown', sampleRate: Number(s.sample_rate ?? 0), channels: s.channels ?? 0, start: Number(s.start_time ?? 0), duration: Number(s.duration ?? 0) }));
  const subtitles: SubtitleStreamInfo[] = streams.filter((s) => s.codec_type === 'subtitle').map((s) => ({ index: s.index ?? 0, codec: s.codec_name ?? 'unknown' }));
  if (!videoRaw && options.requireVideo !== false) {
    const what = audio.length > 0 ? 'only audio' : 'no video stream';
    throw new InputError('INPUT_NO_VIDEO', `Input ${path} has ${what}; there are no frames to interpolate.`, { hint: 'Give a file with a video stream.' });
  }
  const format = json.format;
  const seconds = (text: string | undefined): number | undefined => (text === undefined || !Number.isFinite(Number(text)) ? undefined : Number(text));
  const audioDuration = Math.max(0, ...audio.map((a) => (Number.isFinite(a.duration) ? a.duration : 0)));
  const facts: FormatFacts = { name: format?.format_name ?? 'unknown', start: seconds(format?.start_time), duration: seconds(format?.duration), audioDuration: audioDuration > 0 ? audioDuration : undefined };
  const video = videoRaw ? await describeVideo(path, videoRaw, facts, options.signal) : undefined;
  const all = streamsOf(streams);
  return {
    path,
    format: format?.format_name ?? 'unknown',
    duration: Number(format?.duration ?? 0),
    video,
    audio,
    subtitles,
    streams: all,
    other: otherStreamsOf(all, video?.index),
    chapters: chaptersOf(json.chapters),
    tags: { ...(format?.tags ?? {}) },
    startTime: Number(format?.start_time ?? 0) || 0,
  };
}
