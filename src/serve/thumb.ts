// A small copy of a frame for the page: nearest-neighbour sampling (a few thousand pixels, well under a
// millisecond), 8 bits a component whatever the frame's depth, so the PNG codec gets plain rgb24.
import { makeFrame, type Frame } from '../frames/index.js';

/** A copy of `frame` at most `maxWidth` wide (never enlarged), as rgb24. */
export function shrinkFrame(frame: Frame, maxWidth: number): Frame {
  const scale = Math.min(1, maxWidth / frame.width);
  const width = Math.max(1, Math.round(frame.width * scale));
  const height = Math.max(1, Math.round(frame.height * scale));
  const out = Buffer.allocUnsafe(width * height * 3);
  const deep = frame.format === 'rgb48le';
  // rgb48le: the high byte of each little-endian component is its 8-bit value.
  const bytes = deep ? 6 : 3;
  const hi = deep ? 1 : 0;
  for (let y = 0; y < height; y++) {
    const row = Math.min(frame.height - 1, Math.floor(((y + 0.5) * frame.height) / height)) * frame.width;
    for (let x = 0; x < width; x++) {
      const from = (row + Math.min(frame.width - 1, Math.floor(((x + 0.5) * frame.width) / width))) * bytes + hi;
      const to = (y * width + x) * 3;
      out[to] = frame.data[from];
      out[to + 1] = frame.data[from + (deep ? 2 : 1)];
      out[to + 2] = frame.data[from + (deep ? 4 : 2)];
    }
  }
  return makeFrame(width, height, out);
}
