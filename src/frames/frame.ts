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
