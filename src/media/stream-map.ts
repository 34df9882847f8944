// Which of the source's streams go into the output, and with what metadata: audio always (copied, or
// re-encoded to Opus where the container cannot hold it: WebM), text and bitmap subtitles where the
// container holds them (WebM: text as WebVTT), cover art, extra video streams, mkv attachments
// (fonts for ASS subtitles); tags, dispositions, chapters and the container's tags kept. Dropped is only
// what became false (the old video stream's frame counts, durations, bit rates, encoder, timecode) or what
// the output container cannot hold, and each drop is said.
import { extname } from 'node:path';
import type { Logger } from '../util/index.js';
import { audioCodecArgs, containerHoldsVideo, outputContainer } from './containers.js';
import type { MediaInfo, StreamInfo } from './types.js';

export interface StreamMap {
  /** ffmpeg arguments: -map, codec, disposition and metadata options (input 1 is the source file). */
  args: string[];
  /** Human notes for the report: 'kept …' / 'dropped …: why'. */
  kept: string[];
  dropped: string[];
}

const TEXT_SUBS = new Set(['subrip', 'ass', 'ssa', 'mov_text', 'webvtt', 'text']);
const MP4_VIDEO = new Set(['h264', 'hevc', 'mpeg4', 'av1', 'vp9', 'mjpeg', 'png', 'mpeg2video']);
/** Tags of the old video stream that describe its old frames (counts, rates, sizes, writer) and are now false. */
const STALE_VIDEO_TAG = /^(encoder|duration|bps|number_of_frames|number_of_bytes|_statistics_\w+|timecode|vendor_id)(-\w+)?$/i;
/** Container tags that describe the old file's muxer, not the content. */
const STALE_FORMAT_TAG = /^(encoder|major_brand|minor_version|compatible_brands|duration)$/i;

type Container = 'matroska' | 'webm' | 'mp4' | 'other';

function containerOf(output: string, format?: string): Container {
  const c = outputContainer(output, format);
  return c === 'mov' ? 'mp4' : c;
}

const describe = (s: StreamInfo): string => `stream ${s.index} (${s.type} ${s.codec}${s.tags.language ? `, ${s.tags.language}` : ''}${s.tags.title ? `, "${s.tags.title}"` : ''})`;

/** The stream selection and metadata arguments for writing `source`'s other streams into `output`. */
export function mapStreams(source: MediaInfo, output: string, options: { format?: string; logger?: Logger } = {}): StreamMap {
  const container = containerOf(output, options.format);
  const ext = extname(output).toLowerCase() || options.format || 'this container';
  const args: string[] = [];
  const kept: string[] = [];
  const dropped: string[] = [];
  const byIndex = new Map(source.streams.map((s) => [s.index, s]));
  const drop = (s: StreamInfo | undefined, why: string): void => {
    if (!s) return;
    const line = `${describe(s)}: ${why}`;
    dropped.push(line);
    options.logger?.warn(`dropped ${line}`);
  };
  // Output stream counters (all, and video), to address -disposition/-metadata to the right output stream.
  // Any explicit stream metadata mapping turns off ffmpeg's default per-stream copy, so each is mapped here.
  let out = 1;
  let outVideo = 1;
  const keep = (s: StreamInfo, codec: string[]): void => {
    args.push('-map', `1:${s.index}`, ...codec, `-map_metadata:s:${out++}`, `1:s:${s.index}`);
    kept.push(describe(s));
  };

  source.audio.forEach((a, n) => {
    const codec = audioCodecArgs(container, n, a.codec);
    keep(byIndex.get(a.index) ?? { index: a.index, type: 'audio', codec: a.codec, tags: {}, disposition: [] }, codec.args);
    if (codec.note) options.logger?.info(codec.note, { stream: a.index });
  });

  let textSubs = false;
  for (const sub of source.subtitles) {
    const s = byIndex.get(sub.index) ?? { index: sub.index, type: 'subtitle' as const, codec: sub.codec, tags: {}, disposition: [] };
    if (container === 'matroska') keep(s, []);
    else if ((container === 'mp4' || container === 'webm') && TEXT_SUBS.has(sub.codec)) {
      keep(s, []);
      textSubs = true;
    } else drop(s, container === 'other' ? `subtitles are not copied into ${ext} (use .mkv or .mp4)` : `${sub.codec} subtitles cannot be stored in ${ext} (use .mkv to keep them)`);
  }
  if (source.subtitles.length > 0 && container === 'matroska') args.push('-c:s', 'copy');
  if (textSubs) args.push('-c:s', container === 'webm' ? 'webvtt' : 'mov_text');

  // Cover art and extra video streams are copied as they are (they were not interpolated and stay true).
  for (const s of [...source.other.attachedPictures, ...source.other.extraVideo]) {
    const cover = s.disposition.includes('attached_pic');
    if (container === 'other' || (container === 'mp4' && !MP4_VIDEO.has(s.codec)) || (container === 'webm' && !containerHoldsVideo('webm', s.codec))) {
      drop(s, `${ext} cannot hold ${cover ? 'cover art' : 'this video stream'} (${s.codec}); use .mkv`);
      continue;
    }
    keep(s, [`-c:v:${outVideo}`, 'copy']);
    if (cover) args.push(`-disposition:v:${outVideo}`, 'attached_pic');
    outVideo++;
  }

  for (const s of source.other.data) {
    if (s.type === 'attachment' && container === 'matroska') keep(s, ['-c:t', 'copy']);
    else drop(s, s.type === 'attachment' ? 'attachments (fonts) are kept only in .mkv' : `data streams (${s.codec}) describe the old file's timing and cannot be carried over`);
  }

  // Container tags and chapters from the source; then the processed video's own tags, less the stale ones.
  args.push('-map_metadata', '1', '-map_chapters', '1');
  for (const key of Object.keys(source.tags)) if (STALE_FORMAT_TAG.test(key)) args.push('-metadata', `${key}=`);
  const video = source.video ? byIndex.get(source.video.index) : undefined;
  if (video) {
    args.push('-map_metadata:s:v:0', `1:s:${video.index}`);
    for (const key of Object.keys(video.tags)) if (STALE_VIDEO_TAG.test(key)) args.push('-metadata:s:v:0', `${key}=`);
  }
  args.push('-disposition:v:0', 'default');
  return { args, kept, dropped };
}
