// PNG images as rgb24 frames, in-process through pngjs (a maintained pure-JS codec on node:zlib): the one
// PNG codec of interup, used by frame-folder mode and by rife-ncnn-vulkan's file interface. It reads every
// PNG kind (grey, palette, alpha, 16-bit, interlaced, all five row filters); alpha is dropped and 16-bit
// samples are scaled to 8 bits, as ffmpeg's rgb24 conversion did before. 8-bit RGB/RGBA files without
// interlacing, and fast writes, take png-raw.ts's lane (native inflate/deflate, no pngjs): a few ms a
// 1080p frame instead of ~90.
import { readFile, writeFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { cropFrame, makeFrame, type Frame } from '../frames/index.js';
import { InputError } from '../util/index.js';
import { decodeRawPng, encodeRawPng } from './png-raw.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngWriteOptions {
  /**
   * Short-lived files (a helper binary reads them once): no row filter and deflate level 1. Otherwise
   * the Paeth filter and deflate level 6, about ffmpeg's size at a fraction of trying every filter per row.
   */
  fast?: boolean;
}

/** Encodes an rgb24 frame as an 8-bit RGB PNG. */
export function encodePng(frame: Frame, options: PngWriteOptions = {}): Buffer {
  if (options.fast) return encodeRawPng(frame.data, frame.width, frame.height, { level: 1 });
  const png = new PNG({ width: frame.width, height: frame.height, colorType: 2, inputColorType: 2, inputHasAlpha: false, bitDepth: 8 });
  png.data = frame.data;
  return PNG.sync.write(png, {
    colorType: 2,
    inputColorType: 2,
    inputHasAlpha: false,
    filterType: options.fast ? 0 : 4,
    deflateLevel: options.fast ? 1 : 6,
    // zlib's default strategy: pngjs's default (Z_RLE) is 3-7x slower on camera frames.
    deflateStrategy: 0,
  });
}

/**
 * Decodes a PNG into an rgb24 frame, keeping only its top-left `crop` when given; `source` names the file
 * in the error a damaged or foreign file gets. `into`, when exactly the frame's size, may receive the pixels
 * (the fast lane writes there; the general codec ignores it).
 */
export function decodePng(bytes: Buffer, source = 'image.png', crop?: { width: number; height: number }, into?: Uint8Array): Frame {
  if (bytes.length < SIGNATURE.length || !bytes.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    throw new InputError('PNG_INVALID', `${source} is not a PNG image.`, { hint: 'Frame-folder mode reads *.png files only.' });
  }
  const damaged = (error: unknown): InputError =>
    new InputError('PNG_INVALID', `${source} is a damaged PNG image (${(error as Error).message}).`, { hint: 'Re-export the frame, or remove it from the folder.', cause: error });
  let fast: ReturnType<typeof decodeRawPng>;
  try {
    fast = decodeRawPng(bytes, crop, into);
  } catch (error) {
    throw damaged(error);
  }
  if (fast) return makeFrame(fast.width, fast.height, fast.data);
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (error) {
    throw damaged(error);
  }
  // pngjs hands back RGBA with 8 bits per sample for every input kind.
  const frame = rgbOf(png);
  return crop && (crop.width < frame.width || crop.height < frame.height) ? cropFrame(frame, Math.min(crop.width, frame.width), Math.min(crop.height, frame.height)) : frame;
}

function rgbOf(png: PNG): Frame {
  const { width, height, data } = png;
  const rgb = Buffer.allocUnsafe(width * height * 3);
  for (let i = 0, o = 0; o < rgb.length; i += 4, o += 3) {
    rgb[o] = data[i];
    rgb[o + 1] = data[i + 1];
    rgb[o + 2] = data[i + 2];
  }
  return makeFrame(width, height, rgb);
}

/** Reads one PNG file as an rgb24 frame. */
export async function readPng(path: string, signal?: AbortSignal): Promise<Frame> {
  return decodePng(await readFile(path, { signal }), path);
}

/** Writes an rgb24 frame as a PNG file. */
export async function writePng(path: string, frame: Frame, signal?: AbortSignal, options: PngWriteOptions = {}): Promise<void> {
  signal?.throwIfAborted();
  await writeFile(path, encodePng(frame, options), { signal });
}
