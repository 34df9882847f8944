// The Frame type that flows between decode, engines and encode: packed 8-bit RGB, row-major, no padding.

export type PixelFormat = 'rgb24';

export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly format: PixelFormat;
  /** width * height * 3 bytes, RGB interleaved, top row first. */
  readonly data: Buffer;
}

/** Bytes one frame of this size takes. */
export function frameBytes(width: number, height: number): number {
  return width * height * 3;
}

/** Wraps a buffer as a frame, checking its length. */
export function makeFrame(width: number, height: number, data: Buffer): Frame {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`Expected positive integer frame size but received ${width}x${height}`);
  }
  const want = frameBytes(width, height);
  if (data.length !== want) {
    throw new RangeError(`Expected ${want} bytes for a ${width}x${height} rgb24 frame but received ${data.length}`);
  }
  return { width, height, format: 'rgb24', data };
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
  if (fill === 'zero') {
    const zeros = Buffer.alloc(frameBytes(width, height));
    for (let y = 0; y < frame.height; y++) frame.data.copy(zeros, y * width * 3, y * frame.width * 3, (y + 1) * frame.width * 3);
    return makeFrame(width, height, zeros);
  }
  const out = Buffer.allocUnsafe(frameBytes(width, height));
  const srcRow = frame.width * 3;
  const dstRow = width * 3;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(y, frame.height - 1);
    const dst = y * dstRow;
    frame.data.copy(out, dst, sy * srcRow, sy * srcRow + srcRow);
    const last = sy * srcRow + srcRow - 3;
    for (let x = frame.width; x < width; x++) frame.data.copy(out, dst + x * 3, last, last + 3);
  }
  return makeFrame(width, height, out);
}

/** The top-left `width`×`height` part of a frame (undoes padFrame). */
export function cropFrame(frame: Frame, width: number, height: number): Frame {
  if (width === frame.width && height === frame.height) return frame;
  if (width > frame.width || height > frame.height) {
    throw new RangeError(`Cannot crop a ${frame.width}x${frame.height} frame to ${width}x${height}`);
  }
  const out = Buffer.allocUnsafe(frameBytes(width, height));
  const srcRow = frame.width * 3;
  const dstRow = width * 3;
  for (let y = 0; y < height; y++) frame.data.copy(out, y * dstRow, y * srcRow, y * srcRow + dstRow);
  return makeFrame(width, height, out);
}
