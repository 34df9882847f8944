// What ffprobe says about streams beyond timing: colour description, HDR10 side data, field order, tags,
// dispositions, chapters, and which streams are cover art, extra video or data. Pure parsing of ffprobe's
// JSON (plus one first-frame probe for HDR side data carried in the bitstream rather than the container).
import { Q } from '../frames/index.js';
import { runProcess } from '../process/index.js';
import { ffprobePath } from './tools.js';
import type { ChapterInfo, ColorInfo, FieldOrder, HdrInfo, OtherStreams, StreamInfo } from './types.js';

/** One side-data entry as ffprobe prints it (mastering display fields are 'num/den' strings). */
export type RawSideData = Record<string, string | number | undefined> & { side_data_type?: string; rotation?: number };

export interface RawStreamMeta {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  color_primaries?: string;
  color_transfer?: string;
  color_space?: string;
  color_range?: string;
  field_order?: string;
  sample_aspect_ratio?: string;
  tags?: Record<string, string>;
  side_data_list?: RawSideData[];
  disposition?: Record<string, number>;
}

export interface RawChapter {
  start_time?: string;
  end_time?: string;
  tags?: Record<string, string>;
}

const known = (v: string | undefined): string | undefined => (v && v !== 'unknown' && v !== 'reserved' ? v : undefined);

/** The colour tags of a stream; 'unknown' becomes undefined. */
export function colorOf(s: RawStreamMeta): ColorInfo {
  const range = s.color_range === 'tv' || s.color_range === 'pc' ? s.color_range : undefined;
  return { primaries: known(s.color_primaries), transfer: known(s.color_transfer), matrix: known(s.color_space), range };
}

export function fieldOrderOf(s: RawStreamMeta): FieldOrder {
  const f = s.field_order;
  return f === 'progressive' || f === 'tt' || f === 'bb' || f === 'tb' || f === 'bt' ? f : 'unknown';
}

const ratio = (v: string | number | undefined): number | undefined => {
  if (typeof v === 'number') return v;
  const r = v === undefined ? undefined : Q.parseRational(v);
  return r && r.den !== 0n ? Q.toNumber(r) : undefined;
};

/** HDR10 static metadata from side-data entries (stream or frame), or undefined when there is none. */
export function hdrOf(list: RawSideData[] | undefined): HdrInfo | undefined {
  const hdr: HdrInfo = {};
  for (const d of list ?? []) {
    if (d.side_data_type === 'Mastering display metadata') {
      const v = ['red_x', 'red_y', 'green_x', 'green_y', 'blue_x', 'blue_y', 'white_point_x', 'white_point_y', 'min_luminance', 'max_luminance'].map((k) => ratio(d[k]));
      if (v.every((x): x is number => x !== undefined)) {
        hdr.masteringDisplay = { red: [v[0], v[1]], green: [v[2], v[3]], blue: [v[4], v[5]], whitePoint: [v[6], v[7]], minLuminance: v[8], maxLuminance: v[9] };
      }
    } else if (d.side_data_type === 'Content light level metadata') {
      const maxCll = Number(d.max_content);
      const maxFall = Number(d.max_average);
      if (Number.isFinite(maxCll) && Number.isFinite(maxFall)) hdr.contentLight = { maxCll, maxFall };
    }
  }
  return hdr.masteringDisplay || hdr.contentLight ? hdr : undefined;
}

/** HDR10 side data of the first frame of stream `index` (HEVC/AV1 carry it in the bitstream, not the container). */
export async function firstFrameHdr(path: string, index: number, signal?: AbortSignal): Promise<HdrInfo | undefined> {
  const { stdout } = await runProcess(
    ffprobePath(),
    ['-v', 'error', '-select_streams', String(index), '-read_intervals', '%+#1', '-show_frames', '-show_entries', 'frame=side_data_list', '-of', 'json', path],
    { signal, timeoutMs: 60_000 },
  );
  const json = JSON.parse(stdout) as { frames?: { side_data_list?: RawSideData[] }[] };
  return hdrOf(json.frames?.[0]?.side_data_list);
}

const TYPES = new Set(['video', 'audio', 'subtitle', 'data', 'attachment']);

/** Every stream with its tags and the disposition flags that are set. */
export function streamsOf(raw: RawStreamMeta[]): StreamInfo[] {
  return raw.map((s) => ({
    index: s.index ?? 0,
    type: (TYPES.has(s.codec_type ?? '') ? s.codec_type : 'unknown') as StreamInfo['type'],
    codec: s.codec_name ?? 'unknown',
    tags: { ...(s.tags ?? {}) },
    disposition: Object.entries(s.disposition ?? {})
      .filter(([, v]) => v === 1)
      .map(([k]) => k),
  }));
}

/** Cover art, video streams after `mainVideo`, and data/attachment streams. */
export function otherStreamsOf(streams: StreamInfo[], mainVideo: number | undefined): OtherStreams {
  const video = streams.filter((s) => s.type === 'video');
  return {
    attachedPictures: video.filter((s) => s.disposition.includes('attached_pic')),
    extraVideo: video.filter((s) => s.index !== mainVideo && !s.disposition.includes('attached_pic')),
    data: streams.filter((s) => s.type === 'data' || s.type === 'attachment' || s.type === 'unknown'),
  };
}

export function chaptersOf(raw: RawChapter[] | undefined): ChapterInfo[] {
  return (raw ?? []).map((c) => ({ start: Number(c.start_time ?? 0), end: Number(c.end_time ?? 0), ...(c.tags?.title ? { title: c.tags.title } : {}) }));
}
