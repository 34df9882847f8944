// The Frame type that flows between decode, engines and encode: packed RGB, row-major, no padding; 8 bits
// a component (rgb24), or 16 bits little-endian (rgb48le) for sources deeper than 8 bits (10-bit HEVC,
// ProRes …), so their extra bits survive the pipeline.

export type PixelFormat = 'rgb24' | 'rgb48le';

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly format: PixelFormat;
  /** width * height * 3 components (1 byte each for rgb24, 2 little-endian for rgb48le), top row first. */
  readonly data: Buffer;
}

/** Bytes one pixel takes. */
export function pixelBytes(format: PixelFormat = 'rgb24'): number {
  return format === 'rgb24' ? 3 : 6;
}

/** The largest component value (255 or 65535). */
export function maxValue(format: PixelFormat = 'rgb24'): number {
  return format === 'rgb24' ? 255 : 65535;
}

/** Bytes one frame of this size takes. */
export function frameBytes(width: number, height: number, format: PixelFormat = 'rgb24'): number {
  return width * height * pixelBytes(format);
}

/** Wraps a buffer as a frame, checking its length. */
export function makeFrame(width: number, height: number, data: Buffer, format: PixelFormat = 'rgb24'): Frame {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`Expected positive integer frame size but received ${width}x${height}`);
  }
  const want = frameBytes(width, height, format);
  if (data.length !== want) {
    throw new RangeError(`Expected ${want} bytes for a ${width}x${height} ${format} frame but received ${data.length}`);
  }
  return { width, height, format, data };
}

/**
 * The components of a 16-bit frame as numbers (a view when the buffer is 2-byte aligned, else a copy):
 * Node's pooled small buffers can start at odd offsets, where a Uint16Array view is not allowed.
 */
export function samples16(frame: Frame): Uint16Array {
  if (frame.format !== 'rgb48le') throw new RangeError(`Expected an rgb48le frame but received ${frame.format}`);
  const { buffer, byteOffset, length } = frame.data;
  if (byteOffset % 2 === 0) return new Uint16Array(buffer, byteOffset, length / 2);
  const copy = new Uint16Array(length / 2);
  for (let i = 0; i < copy.length; i++) copy[i] = frame.data.readUInt16LE(2 * i);
  return copy;
}

/** Pads a frame on the right and bottom to a multiple of `multiple`, repeating the edge pixels. */
export function padFrame(frame: Frame, multiple: number): Frame {
  return padFrameTo(frame, Math.ceil(frame.width / multiple) * multiple, Math.ceil(frame.height / multiple) * multiple);
}

/**
 * Pads a frame on the right and bottom to `width`×`height` (≥ its size), repeating the edge pixels, or with
 * black when `fill` is 'zero' (what RIFE's ncnn binary was trained to see).
 */
export function padFrameTo(frame: Frame, width: number, height: number, fill: 'edge' | 'zero' = 'edge'): Frame {
  if (width < frame.width || height < frame.height) throw new RangeError(`Cannot pad a ${frame.width}x${frame.height} frame to ${width}x${height}`);
  if (width === frame.width && height === frame.height) return frame;
  const px = pixelBytes(frame.format);
  if (fill === 'zero') {
    const zeros = Buffer.alloc(frameBytes(width, height, frame.format));
    for (let y = 0; y < frame.height; y++) frame.data.copy(zeros, y * width * px, y * frame.width * px, (y + 1) * frame.width * px);
    return makeFrame(width, height, zeros, frame.format);
  }
  const out = Buffer.allocUnsafe(frameBytes(width, height, frame.format));
  const srcRow = frame.width * px;
  const dstRow = width * px;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(y, frame.height - 1);
    const dst = y * dstRow;
    frame.data.copy(out, dst, sy * srcRow, sy * srcRow + srcRow);
    const last = sy * srcRow + srcRow - px;
    for (let x = frame.width; x < width; x++) frame.data.copy(out, dst + x * px, last, last + px);
  }
  return makeFrame(width, height, out, frame.format);
}

/** The top-left `width`×`height` part of a frame (undoes padFrame). */
export function cropFrame(frame: Frame, width: number, height: number): Frame {
  if (width === frame.width && height === frame.height) return frame;
  if (width > frame.width || height > frame.height) {
    throw new RangeError(`Cannot crop a ${frame.width}x${frame.height} frame to ${width}x${height}`);
  }
  const px = pixelBytes(frame.format);
  const out = Buffer.allocUnsafe(frameBytes(width, height, frame.format));
  const srcRow = frame.width * px;
  const dstRow = width * px;
  for (let y = 0; y < height; y++) frame.data.copy(out, y * dstRow, y * srcRow, y * srcRow + dstRow);
  return makeFrame(width, height, out, frame.format);
}
