// What probing a media file tells the rest of interup.
import type { Rational } from '../frames/index.js';
import type { TimestampRepair } from './timestamp-repair.js';

/** Colour description of a video stream, as ffprobe names it (undefined = not tagged). */
export interface ColorInfo {
  /** e.g. 'bt709', 'bt2020', 'smpte170m', 'bt470bg'. */
  primaries?: string;
  /** e.g. 'bt709', 'smpte2084' (PQ), 'arib-std-b67' (HLG). */
  transfer?: string;
  /** The YUV matrix: 'bt709', 'bt2020nc', 'smpte170m', 'bt470bg' … */
  matrix?: string;
  /** 'tv' (limited) or 'pc' (full). */
  range?: 'tv' | 'pc';
}

/** HDR10 static metadata: mastering display (chromaticities 0..1, luminance in cd/m²) and content light level. */
export interface HdrInfo {
  masteringDisplay?: {
    red: [number, number];
    green: [number, number];
    blue: [number, number];
    whitePoint: [number, number];
    minLuminance: number;
    maxLuminance: number;
  };
  contentLight?: { maxCll: number; maxFall: number };
}

/** Field order as ffprobe reports it: tt/bb (top/bottom field first, coded the same), tb/bt (coded the other way). */
export type FieldOrder = 'progressive' | 'tt' | 'bb' | 'tb' | 'bt' | 'unknown';

/** Any stream of the file, with what must survive into the output. */
export interface StreamInfo {
  index: number;
  type: 'video' | 'audio' | 'subtitle' | 'data' | 'attachment' | 'unknown';
  codec: string;
  /** Stream tags (language, title, handler_name …). */
  tags: Record<string, string>;
  /** Disposition flags that are set (default, forced, attached_pic, hearing_impaired …). */
  disposition: string[];
}

export interface ChapterInfo {
  /** Seconds. */
  start: number;
  end: number;
  title?: string;
}

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
  color: ColorInfo;
  /** Present when the stream (or its first frame) carries HDR10 static metadata. */
  hdr?: HdrInfo;
  fieldOrder: FieldOrder;
  /** Sample aspect ratio as 'num:den' when not square ('1:1' otherwise). */
  sampleAspect: string;
  /** Set when the packet times contradicted the file and were repaired (what, why, frames dropped). */
  timing?: TimestampRepair;
  /** The packet scan met invalid data although every listed packet is there: damage inside the file. */
  dataErrors?: boolean;
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

/** Everything in the file besides the video stream we process, the audio and the subtitles. */
export interface OtherStreams {
  /** Cover art and other attached pictures. */
  attachedPictures: StreamInfo[];
  /** Video streams after the first (a second angle, a preview track). */
  extraVideo: StreamInfo[];
  /** Data streams (timecode, GPS, telemetry, SCTE-35 …) and attachments (fonts). */
  data: StreamInfo[];
}

export interface MediaInfo {
  path: string;
  format: string;
  duration: number;
  video: VideoStreamInfo | undefined;
  audio: AudioStreamInfo[];
  subtitles: SubtitleStreamInfo[];
  /** Every stream in file order with its tags and dispositions. */
  streams: StreamInfo[];
  other: OtherStreams;
  chapters: ChapterInfo[];
  /** Container tags (title, artist, creation_time, location …). */
  tags: Record<string, string>;
  /** The container's start time in seconds (MPEG-TS often starts at 1.4 s or later). */
  startTime: number;
}
