// Rectangles of RGB frames (rgb24 or rgb48le): cut a region out of a frame and paste a region into a bigger
// buffer. Hand-rolled (a few lines of row copies) because no dependency here handles raw RGB buffers.
import { makeFrame, pixelBytes, type Frame } from '../../frames/index.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

// Copies `rect` of `frame` into a new frame.
export function cropFrame(frame: Frame, rect: Rect): Frame {
  if (rect.x < 0 || rect.y < 0 || rect.x + rect.width > frame.width || rect.y + rect.height > frame.height) {
    throw new RangeError(`Region ${rect.width}x${rect.height}+${rect.x}+${rect.y} lies outside the ${frame.width}x${frame.height} frame`);
  }
  if (rect.x === 0 && rect.y === 0 && rect.width === frame.width && rect.height === frame.height) return frame;
  const px = pixelBytes(frame.format);
  const out = Buffer.allocUnsafeSlow(rect.width * rect.height * px);
  const rowBytes = rect.width * px;
  for (let row = 0; row < rect.height; row++) {
    const src = ((rect.y + row) * frame.width + rect.x) * px;
    frame.data.copy(out, row * rowBytes, src, src + rowBytes);
  }
  return makeFrame(rect.width, rect.height, out, frame.format);
}

// Copies `from` (a rectangle of `source`) into `target` (same pixel format, `targetWidth` wide) at (toX, toY).
export function pasteRegion(target: Buffer, targetWidth: number, source: Frame, from: Rect, toX: number, toY: number): void {
  const px = pixelBytes(source.format);
  const rowBytes = from.width * px;
  for (let row = 0; row < from.height; row++) {
    const src = ((from.y + row) * source.width + from.x) * px;
    source.data.copy(target, ((toY + row) * targetWidth + toX) * px, src, src + rowBytes);
  }
}
