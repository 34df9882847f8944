// Binary PPM (P6) files: a text header and the rgb24 rows as they are, the cheapest picture file a helper
// binary reads (rife-ncnn-vulkan reads its inputs through stb_image, which takes PNM as well as PNG, and
// gives identical frames). Writing one costs no compression at all: without right padding the frame's own
// buffer goes to the kernel (bottom padding is a zero tail); with it, one copy of the rows.
import { open } from 'node:fs/promises';
import type { Frame } from '../frames/index.js';

/** Writes an rgb24 frame as a P6 PPM of `width`×`height` (≥ the frame's), zero-padded right and bottom. */
export async function writePpm(path: string, frame: Frame, width = frame.width, height = frame.height): Promise<void> {
  if (frame.format !== 'rgb24') throw new RangeError(`PPM files hold rgb24 frames, not ${frame.format}`);
  if (width < frame.width || height < frame.height) throw new RangeError(`a ${width}x${height} PPM cannot hold a ${frame.width}x${frame.height} frame`);
  const header = Buffer.from(`P6\n${width} ${height}\n255\n`, 'latin1');
  const rowBytes = frame.width * 3;
  const pixels = frame.data.subarray(0, rowBytes * frame.height);
  let body: Buffer[];
  if (width === frame.width) body = [pixels, Buffer.alloc((height - frame.height) * rowBytes)];
  else {
    const padded = Buffer.alloc(width * 3 * height);
    for (let y = 0; y < frame.height; y++) pixels.copy(padded, y * width * 3, y * rowBytes, y * rowBytes + rowBytes);
    body = [padded];
  }
  const file = await open(path, 'w');
  try {
    const parts = [header, ...body].filter((b) => b.length > 0);
    const total = parts.reduce((n, b) => n + b.length, 0);
    const { bytesWritten } = await file.writev(parts);
    if (bytesWritten !== total) await file.write(Buffer.concat(parts).subarray(bytesWritten));
  } finally {
    await file.close();
  }
}
