// What each output container can hold, decided from the output's name (or an explicit muxer) before
// anything runs: which video codecs (so an encoder it cannot hold is refused at plan time, not by ffmpeg
// after the model loaded) and which audio codecs are copied as they are and what the others become.
// Pure: no ffmpeg here. (The content type of a stored file is storage/content-type.ts.)
import { extname } from 'node:path';
import { InputError } from '../util/index.js';

export type OutputContainer = 'webm' | 'mp4' | 'mov' | 'matroska' | 'other';

/** The container `output` is written as: its muxer when given, else its extension ('other' when neither says). */
export function outputContainer(output: string, format?: string): OutputContainer {
  if (format === 'webm') return 'webm';
  if (format === 'matroska') return 'matroska';
  if (format === 'mp4') return 'mp4';
  if (format === 'mov') return 'mov';
  switch (extname(output).toLowerCase()) {
    case '.webm':
      return 'webm';
    case '.mkv':
    case '.mka':
      return 'matroska';
    case '.mp4':
    case '.m4v':
      return 'mp4';
    case '.mov':
      return 'mov';
    default:
      return 'other';
  }
}

/**
 * Video codecs a container holds; undefined where ffmpeg's muxer takes (nearly) anything. WebM: the
 * format's definition (VP8, VP9, AV1). MP4: the codec tags of ffmpeg's mp4 muxer (libavformat/movenc.c
 * codec_mp4_tags); ffv1 or rawvideo there fail at the muxer's start.
 */
const VIDEO_CODECS: Partial<Record<OutputContainer, ReadonlySet<string>>> = {
  webm: new Set(['vp8', 'vp9', 'av1']),
  mp4: new Set(['h264', 'hevc', 'vvc', 'mpeg4', 'mpeg2video', 'mpeg1video', 'mjpeg', 'png', 'jpeg2000', 'vc1', 'dirac', 'av1', 'vp9']),
};

/** Whether `container` can hold video of `codec`. */
export function containerHoldsVideo(container: OutputContainer, codec: string): boolean {
  return VIDEO_CODECS[container]?.has(codec) ?? true;
}

/** Refuses (exit 2, before anything runs) an encoder whose codec the output's container cannot hold. */
export function checkEncoderFitsContainer(encoder: string, codec: string, output: string, container: OutputContainer): void {
  if (containerHoldsVideo(container, codec)) return;
  const allowed = [...(VIDEO_CODECS[container] ?? [])].join(', ');
  const suggestion = container === 'webm' ? 'libvpx-vp9 or libsvtav1 (or leave --encoder out: interup picks one that fits)' : 'libx264 or libx265, or write .mkv';
  throw new InputError('ENCODER_CONTAINER', `Encoder ${encoder} writes ${codec}, which a ${extname(output) || container} file cannot hold (it takes ${allowed}).`, {
    hint: `Choose --encoder ${suggestion}, or another --output extension.`,
  });
}

/** Audio codecs a WebM holds; anything else is re-encoded to Opus there. Other containers copy audio as it is. */
const WEBM_AUDIO = new Set(['opus', 'vorbis']);

/** ffmpeg codec arguments for the output audio stream `n` (counted among audio outputs) of codec `codec`. */
export function audioCodecArgs(container: OutputContainer, n: number, codec: string): { args: string[]; note?: string } {
  if (container !== 'webm' || WEBM_AUDIO.has(codec)) return { args: [`-c:a:${n}`, 'copy'] };
  return { args: [`-c:a:${n}`, 'libopus', `-b:a:${n}`, '128k'], note: `${codec} audio re-encoded to Opus (WebM holds only Opus or Vorbis)` };
}
