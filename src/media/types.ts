// What probing a media file tells the rest of interup.
import type { Rational } from '../frames/index.js';

export interface VideoStreamInfo {
  index: number;
  codec: string;
  /** Display size: after applying rotation (what decoding produces). */
  width: number;
  height: number;
  codedWidth: number;
  codedHeight: number;
  pixFmt: string;
  bitDepth: number;
  /** Degrees clockwise the player rotates the picture (0, 90, 180, 270). */
  rotation: number;
  timeBase: Rational;
  /** Declared rate for CFR; the average for VFR. */
  frameRate: Rational;
  /** Presentation time of every frame in seconds, ascending (ideal i/fps grid for CFR, real for VFR). */
  frameTimes: Rational[];
  frameCount: number;
  vfr: boolean;
  /** Time of the first frame in seconds. */
  start: Rational;
  /** Seconds from the first frame's start to the last frame's end. */
  duration: Rational;
}

export interface AudioStreamInfo {
  index: number;
  codec: string;
  sampleRate: number;
  channels: number;
  /** Seconds. */
  start: number;
  duration: number;
}

export interface SubtitleStreamInfo {
  index: number;
  codec: string;
}

export interface MediaInfo {
  path: string;
  format: string;
  duration: number;
  video: VideoStreamInfo | undefined;
  audio: AudioStreamInfo[];
  subtitles: SubtitleStreamInfo[];
}
