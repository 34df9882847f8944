// Rectangles of rgb24 frames: cut a region out of a frame and paste a region into a bigger buffer.
// Hand-rolled (a few lines of row copies) because no dependency here handles raw rgb24 buffers.
import { makeFrame, type Frame } from '../../frames/frame.js';

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
  const out = Buffer.allocUnsafe(rect.width * rect.height * 3);
  const rowBytes = rect.width * 3;
  for (let row = 0; row < rect.height; row++) {
    const src = ((rect.y + row) * frame.width + rect.x) * 3;
    frame.data.copy(out, row * rowBytes, src, src + rowBytes);
  }
  return makeFrame(rect.width, rect.height, out);
}

// Copies `from` (a rectangle of `source`) into `target` (rgb24, `targetWidth` wide) at (toX, toY).
export function pasteRegion(target: Buffer, targetWidth: number, source: Frame, from: Rect, toX: number, toY: number): void {
  const rowBytes = from.width * 3;
  for (let row = 0; row < from.height; row++) {
    const src = ((from.y + row) * source.width + from.x) * 3;
    source.data.copy(target, ((toY + row) * targetWidth + toX) * 3, src, src + rowBytes);
  }
}
