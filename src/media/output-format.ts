// Plans what the encoder writes before anything runs: the pixel format (bit depth and chroma kept from the
// source where the encoder can hold them) and a frame size the encoder accepts. A size it cannot take is
// fitted to the nearest one it can: padded by repeating the edge (default: nothing of the picture is
// lost) or cropped; the plan says which and why, so the run never fails on size after the model loaded.
// Pure: no ffmpeg here, the limits below are the encoders' documented ones.
import { InputError } from '../util/index.js';

export type Chroma = '420' | '422' | '444' | 'rgb';

export interface SizeFit {
  /** 'exact': the size is kept; 'pad': right/bottom edge pixels repeated; 'crop': right/bottom removed. */
  mode: 'exact' | 'pad' | 'crop';
  width: number;
  height: number;
  /** Columns added (pad) or removed (crop) on the right, rows at the bottom. */
  right: number;
  bottom: number;
  reason?: string;
}

export interface OutputFormat {
  /** ffmpeg -pix_fmt for the encoder, or undefined to let ffmpeg choose (encoders this table does not know). */
  pixFmt: string | undefined;
  /** Bits per component the encoder writes (8 when unknown). */
  bitDepth: number;
  chroma: Chroma;
  fit: SizeFit;
  /** Things a person should know (depth or chroma the encoder cannot keep). */
  notes: string[];
}

export interface OutputFormatRequest {
  encoder: string;
  /** Frame size the pipeline produces. */
  width: number;
  height: number;
  sourcePixFmt: string;
  sourceBitDepth: number;
  /** A pixel format the user asked for (e.g. yuv444p); checked against the encoder. */
  pixFmt?: string;
  /** What to do with a size the encoder refuses: pad (default) or crop. */
  fit?: 'pad' | 'crop';
}

interface Family {
  /** Bit depths the encoder writes, ascending. */
  depths: number[];
  chromas: Chroma[];
  pixFmt(depth: number, chroma: Chroma): string;
  /** Documented size limits (NVENC: NVIDIA's application note and support matrix; 4:2:0 needs even sizes anyway). */
  min?: [number, number];
  max?: [number, number];
}

const yuv = (depth: number, chroma: Chroma): string => `yuv${chroma === 'rgb' ? '444' : chroma}p${depth > 8 ? `${depth}le` : ''}`;

const FAMILIES: Record<string, Family> = {
  libx264: { depths: [8, 10], chromas: ['420', '422', '444'], pixFmt: yuv },
  libx265: { depths: [8, 10, 12], chromas: ['420', '422', '444'], pixFmt: yuv },
  'libvpx-vp9': { depths: [8, 10, 12], chromas: ['420', '422', '444'], pixFmt: yuv },
  'libaom-av1': { depths: [8, 10], chromas: ['420', '444'], pixFmt: yuv },
  libsvtav1: { depths: [8, 10], chromas: ['420'], pixFmt: yuv },
  // NVENC: H.264 is 8-bit only; sizes from 145×145 (H.264) and 129×129 (HEVC), up to 4096 / 8192 a side.
  h264_nvenc: { depths: [8], chromas: ['420', '444'], pixFmt: (_d, c) => (c === '444' ? 'yuv444p' : 'yuv420p'), min: [145, 145], max: [4096, 4096] },
  hevc_nvenc: { depths: [8, 10], chromas: ['420', '444'], pixFmt: (d, c) => (c === '444' ? (d > 8 ? 'yuv444p16le' : 'yuv444p') : d > 8 ? 'p010le' : 'yuv420p'), min: [129, 129], max: [8192, 8192] },
  av1_nvenc: { depths: [8, 10], chromas: ['420'], pixFmt: (d) => (d > 8 ? 'p010le' : 'yuv420p'), min: [128, 128], max: [8192, 8192] },
  // Lossless: the frames exactly as the pipeline made them (8-bit or 16-bit RGB).
  ffv1: { depths: [8, 16], chromas: ['rgb', '444', '422', '420'], pixFmt: (d, c) => (c === 'rgb' ? (d > 8 ? 'rgb48le' : 'bgr0') : yuv(d, c)) },
  libx264rgb: { depths: [8], chromas: ['rgb'], pixFmt: () => 'rgb24' },
};

/** Chroma layout and bit depth a pixel format name says (rgb/gbr/bgr formats count as 'rgb'). */
export function describePixFmt(pixFmt: string, fallbackDepth = 8): { chroma: Chroma; depth: number } {
  const depthMatch = /(\d+)(le|be)$/.exec(pixFmt);
  let depth = depthMatch ? Number(depthMatch[1]) : fallbackDepth;
  if (/^(rgb|bgr|gbr)/.test(pixFmt)) {
    // Packed RGB names count bits per pixel or per field (rgb24, rgb555le, bgr444le, rgb8): at most 8 a channel;
    // planar names (gbrp10le) count bits per channel.
    if (/^(rgb|bgr)a?(48|64)/.test(pixFmt)) depth = 16;
    else if (/^(rgb|bgr)/.test(pixFmt)) depth = 8;
    return { chroma: 'rgb', depth };
  }
  if (/^p010/.test(pixFmt)) return { chroma: '420', depth: 10 };
  if (/^p016/.test(pixFmt)) return { chroma: '420', depth: 16 };
  if (/^(nv12|nv21)/.test(pixFmt)) return { chroma: '420', depth: 8 };
  const m = /^yuva?j?(4\d\d)p/.exec(pixFmt);
  const c = m?.[1];
  return { chroma: c === '444' ? '444' : c === '422' ? '422' : '420', depth };
}

/** Size a layout allows (4:2:0 halves both axes, 4:2:2 the width) within the encoder's limits, fitted as asked. */
export function fitSize(width: number, height: number, chroma: Chroma, limits: { min?: [number, number]; max?: [number, number] }, mode: 'pad' | 'crop' = 'pad'): SizeFit {
  const stepW = chroma === '420' || chroma === '422' ? 2 : 1;
  const stepH = chroma === '420' ? 2 : 1;
  const [minW, minH] = limits.min ?? [1, 1];
  const [maxW, maxH] = limits.max ?? [Infinity, Infinity];
  const up = (n: number, step: number): number => Math.ceil(n / step) * step;
  const down = (n: number, step: number): number => Math.floor(n / step) * step;
  let w = mode === 'crop' ? down(width, stepW) : up(width, stepW);
  let h = mode === 'crop' ? down(height, stepH) : up(height, stepH);
  const reasons: string[] = [];
  if (w !== width || h !== height) reasons.push(`${chroma === '420' ? '4:2:0' : '4:2:2'} chroma needs ${stepH === 2 ? 'an even width and height' : 'an even width'}`);
  if (w < minW || h < minH) {
    // Too small: only padding helps, whatever was asked.
    w = Math.max(w, up(minW, stepW));
    h = Math.max(h, up(minH, stepH));
    reasons.push(`the encoder's smallest frame is ${minW}×${minH}`);
  }
  if (w > maxW || h > maxH) {
    throw new InputError('OUTPUT_TOO_LARGE', `A ${width}×${height} output is larger than this encoder's largest frame (${maxW}×${maxH}).`, {
      hint: 'Choose another encoder with --encoder (libx265 or hevc_nvenc take up to 8192×8192), or a smaller --scale.',
    });
  }
  if (w === width && h === height) return { mode: 'exact', width, height, right: 0, bottom: 0 };
  const grew = w > width || h > height;
  return { mode: grew ? 'pad' : 'crop', width: w, height: h, right: Math.abs(w - width), bottom: Math.abs(h - height), reason: reasons.join('; ') };
}

/** The output's pixel format and size for this encoder and source (see the top of this file). */
export function planOutputFormat(req: OutputFormatRequest): OutputFormat {
  const family = FAMILIES[req.encoder];
  const source = describePixFmt(req.sourcePixFmt, req.sourceBitDepth);
  const notes: string[] = [];
  if (req.pixFmt) {
    const asked = describePixFmt(req.pixFmt);
    if (family && !family.chromas.includes(asked.chroma === 'rgb' && !family.chromas.includes('rgb') ? '444' : asked.chroma)) {
      throw new InputError('PIXFMT_UNSUPPORTED', `Encoder ${req.encoder} cannot write pixel format ${req.pixFmt}.`, { hint: `Give one of its layouts (${family.chromas.join(', ')}) or another --encoder.` });
    }
    if (family && !family.depths.some((d) => d >= asked.depth)) {
      throw new InputError('PIXFMT_UNSUPPORTED', `Encoder ${req.encoder} writes at most ${Math.max(...family.depths)}-bit, so it cannot write ${req.pixFmt}.`, { hint: 'Choose libx265 or ffv1 for more bits.' });
    }
    return { pixFmt: req.pixFmt, bitDepth: asked.depth, chroma: asked.chroma, fit: fitSize(req.width, req.height, asked.chroma, family ?? {}, req.fit), notes };
  }
  if (!family) {
    // Unknown to this table: ffmpeg picks the format; 4:2:0 is the common case, so keep the size even.
    return { pixFmt: undefined, bitDepth: 8, chroma: '420', fit: fitSize(req.width, req.height, '420', {}, req.fit), notes };
  }
  const want = Math.max(8, source.depth);
  const depth = family.depths.find((d) => d >= want) ?? family.depths[family.depths.length - 1];
  if (depth < want) notes.push(`${req.encoder} writes at most ${depth}-bit; the ${source.depth}-bit input is reduced (use libx265, hevc_nvenc or ffv1 to keep it)`);
  // The source's chroma if the encoder holds it; an RGB source becomes 4:4:4 (or RGB for lossless encoders).
  const preferred: Chroma[] = source.chroma === 'rgb' ? ['rgb', '444'] : [source.chroma];
  if (req.encoder === 'ffv1') preferred.unshift('rgb');
  const chroma = preferred.find((c) => family.chromas.includes(c)) ?? family.chromas[0];
  if (chroma !== source.chroma && !(source.chroma === 'rgb' && chroma === '444') && req.encoder !== 'ffv1') {
    notes.push(`${req.encoder} cannot write ${source.chroma} chroma; writing ${chroma}`);
  }
  return { pixFmt: family.pixFmt(depth, chroma), bitDepth: depth, chroma, fit: fitSize(req.width, req.height, chroma, family, req.fit), notes };
}
