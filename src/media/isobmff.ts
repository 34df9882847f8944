// The top-level box structure of an ISO base media file (mp4, mov, m4a, 3gp): a file whose boxes do not
// end exactly at its end was cut. ffprobe alone misses a cut inside the last box: it drops a half-present
// audio track or the last samples without a word at level error. Hand-rolled because it reads only box
// headers (8–16 bytes each) and a parsing library (mp4box.js) would load whole sample tables for this.
import { open } from 'node:fs/promises';

const ISO_EXTENSIONS = new Set(['mp4', 'm4v', 'mov', 'm4a', '3gp', '3g2']);

/** True when `name`'s extension is an ISO base media container. */
export function isIsoBmffName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && ISO_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** Walks the top-level boxes; returns why the structure is not whole, or undefined when it is. */
export async function isoBmffProblem(path: string): Promise<string | undefined> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const header = Buffer.alloc(16);
    let offset = 0;
    let moov = false;
    while (offset < size) {
      const { bytesRead } = await file.read(header, 0, 16, offset);
      if (bytesRead < 8) return `a box header at byte ${offset} is cut off`;
      const type = header.toString('latin1', 4, 8);
      let boxSize = header.readUInt32BE(0);
      if (boxSize === 1) {
        if (bytesRead < 16) return `the ${type} box header at byte ${offset} is cut off`;
        boxSize = Number(header.readBigUInt64BE(8));
      } else if (boxSize === 0) boxSize = size - offset; // "to the end of the file"
      if (boxSize < 8) return `the ${type} box at byte ${offset} has an impossible size ${boxSize}`;
      if (type === 'moov') moov = true;
      if (offset + boxSize > size) return `the ${type} box at byte ${offset} needs ${offset + boxSize} bytes but the file has ${size}`;
      offset += boxSize;
    }
    return moov ? undefined : 'it has no moov box (the index is written last: still being written?)';
  } finally {
    await file.close();
  }
}
