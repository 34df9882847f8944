// Is a media file whole? For the watchdog, which must not call a half-written or cut video "finished":
// the container opens (its index is there: an mp4 cut before its moov atom does not), an mp4's boxes end
// exactly at the end of the file, its header states a duration, every packet it indexes is there, and
// the last seconds decode.
import { basename } from 'node:path';
import { ProcessError, runProcess } from '../process/index.js';
import { isIsoBmffName, isoBmffProblem } from './isobmff.js';
import { ffprobePath, firstErrorLine } from './tools.js';

/** Extensions of containers and audio files whose completeness can be proven by probing. */
const MEDIA_EXTENSIONS = new Set([
  'mp4', 'm4v', 'mov', 'mkv', 'webm', 'avi', 'ts', 'mts', 'm2ts', 'mpg', 'mpeg', 'flv', 'wmv', 'ogv', '3gp', 'mxf',
  'm4a', 'mp3', 'aac', 'flac', 'wav', 'ogg', 'oga', 'opus', 'mka', 'wma',
]);

/** True when `name` ends in a video or audio container extension (checked by probing, not by size alone). */
export function isMediaFileName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && MEDIA_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

export type MediaCompleteness =
  | {
      complete: true;
      /** The stream that was checked: the first video stream, else the first audio stream. */
      stream: 'video' | 'audio';
      /** Packets of that stream the decoder keeps (edit-list discards excluded): the frame count. */
      frames: number;
      /** Seconds, from the container's header. */
      duration: number;
      /** Seconds the checked stream lasts, where the container states it (mp4 and mov do). */
      streamDuration?: number;
      /** The file has an audio stream. */
      audio: boolean;
      width?: number;
      height?: number;
      /** Frames decoded from the last seconds. */
      tailFrames: number;
    }
  | { complete: false; reason: string };

interface ProbeJson {
  streams?: { index?: number; codec_type?: string; nb_frames?: string; duration?: string; width?: number; height?: number; disposition?: { attached_pic?: number } }[];
  format?: { duration?: string; start_time?: string };
}

/** Seconds decoded at the end: enough to reach back to a keyframe in most encodes, cheap on long files. */
const TAIL_SECONDS = 2;

// Runs ffprobe; ffprobe's own complaints at level error (a truncated stream, undecodable data) count
// as failures even when it exits 0, since a whole file gives none.
async function ffprobe(args: string[], signal?: AbortSignal): Promise<{ stdout: string } | { error: string }> {
  try {
    const { stdout, stderr } = await runProcess(ffprobePath(), ['-v', 'error', ...args], { signal, timeoutMs: 600_000, maxBuffer: 256 * 1024 * 1024 });
    const complaint = firstErrorLine(stderr);
    return complaint ? { error: complaint } : { stdout };
  } catch (error) {
    if (!(error instanceof ProcessError) || error.failure.aborted) throw error;
    return { error: firstErrorLine(error.failure.stderrTail) || `ffprobe exited ${error.failure.exitCode ?? 'abnormally'}` };
  }
}

/** Probes `path` as a whole container (see the file comment); never throws for a bad file, only on abort. */
export async function checkMediaComplete(path: string, signal?: AbortSignal): Promise<MediaCompleteness> {
  const head = await ffprobe(['-show_entries', 'format=duration,start_time:stream=index,codec_type,nb_frames,duration,width,height:stream_disposition=attached_pic', '-of', 'json', path], signal);
  if ('error' in head) return { complete: false, reason: `does not open as a whole container (${head.error})` };
  const json = JSON.parse(head.stdout) as ProbeJson;
  const streams = json.streams ?? [];
  const chosen = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1) ?? streams.find((s) => s.codec_type === 'audio');
  if (!chosen || chosen.index === undefined) return { complete: false, reason: 'has no video or audio stream' };
  const kind = chosen.codec_type === 'video' ? 'video' : 'audio';
  const duration = Number(json.format?.duration);
  if (!(duration > 0)) return { complete: false, reason: 'states no duration (its header or index was never finished: still being written, or written to a pipe)' };

  if (isIsoBmffName(basename(path))) {
    const problem = await isoBmffProblem(path);
    if (problem) return { complete: false, reason: `is cut short: ${problem}` };
  }

  // Every packet the index promises must be there; edit-list discards (flag D) are not frames. Only video
  // streams are held to their index: a camera's AAC track may list more samples than it has packets
  // (motion.mov: 346 packets, 348 listed) and still be whole; a cut audio track shows in the mp4 box
  // walk above or as a demuxer error.
  const packets = await ffprobe(['-show_entries', 'packet=stream_index,flags', '-of', 'csv=p=0', path], signal);
  if ('error' in packets) return { complete: false, reason: `is cut short (${packets.error})` };
  const perStream = new Map<number, { all: number; kept: number }>();
  for (const line of packets.stdout.split('\n')) {
    const [index, flags = ''] = line.split(',');
    if (!index) continue;
    const count = perStream.get(Number(index)) ?? { all: 0, kept: 0 };
    count.all++;
    if (!flags.includes('D')) count.kept++;
    perStream.set(Number(index), count);
  }
  for (const stream of streams.filter((s) => s.codec_type === 'video')) {
    const indexed = Number(stream.nb_frames);
    const present = perStream.get(stream.index ?? -1)?.all ?? 0;
    if (Number.isInteger(indexed) && indexed > 0 && present < indexed) {
      return { complete: false, reason: `is cut short: ${present} of the ${indexed} packets its index lists for video stream ${stream.index} are there` };
    }
  }
  const frames = perStream.get(chosen.index)?.kept ?? 0;
  if (frames === 0) return { complete: false, reason: `has no ${kind} packets` };

  const start = Number(json.format?.start_time);
  const from = (Number.isFinite(start) ? start : 0) + Math.max(0, duration - TAIL_SECONDS);
  const tail = await ffprobe(['-select_streams', String(chosen.index), '-read_intervals', `${from.toFixed(3)}%`, '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', path], signal);
  if ('error' in tail) return { complete: false, reason: `its last ${TAIL_SECONDS} s do not decode (${tail.error})` };
  const tailFrames = Number.parseInt(tail.stdout.trim(), 10);
  if (!(tailFrames > 0)) return { complete: false, reason: `its last ${TAIL_SECONDS} s decode to no ${kind} frames` };
  const streamDuration = Number(chosen.duration);
  return {
    complete: true,
    stream: kind,
    frames,
    duration,
    streamDuration: streamDuration > 0 ? streamDuration : undefined,
    audio: streams.some((s) => s.codec_type === 'audio'),
    width: chosen.width,
    height: chosen.height,
    tailFrames,
  };
}
