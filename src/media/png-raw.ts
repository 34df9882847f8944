// The fast lane of the PNG codec, for the files a helper binary reads once and writes once (rife-ncnn-vulkan's
// folders): 8-bit RGB written unfiltered into stored (level 0) or level-1 deflate, zero-padded on the right
// and bottom while the rows are copied, and 8-bit RGB/RGBA non-interlaced files read with node's native
// inflate and a typed-array unfilter that crops as it goes. Everything else goes through pngjs (png.ts).
// pngjs's own fast mode costs ~87 ms to write and ~98 ms to read a 1080p frame; this lane reads one of
// rife-ncnn-vulkan's 1080p answers in ~13 ms (bench/rife-ncnn-speed.ts).
import { crc32 as nativeCrc32, deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let table: Uint32Array | undefined;
/** CRC-32 of PNG chunks: node's zlib.crc32 (Node ≥ 20.15), else a table in JS. */
function crc32(data: Uint8Array): number {
  if (typeof nativeCrc32 === 'function') return nativeCrc32(data);
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export interface RawPngWrite {
  /** Size of the PNG (≥ the frame's): the extra columns and rows are zeros. */
  width?: number;
  height?: number;
  /** zlib level: 0 (stored, default: the file is read once) or 1. */
  level?: 0 | 1;
}

/** An rgb24 picture (`width`×`height` in `data`) as an 8-bit RGB PNG, unfiltered, zero-padded to options' size. */
export function encodeRawPng(data: Uint8Array, width: number, height: number, options: RawPngWrite = {}): Buffer {
  const pw = options.width ?? width;
  const ph = options.height ?? height;
  const stride = pw * 3 + 1;
  // Filter byte 0 (none) on every row; fill(0) gives the padding and the filter bytes at once.
  const raw = Buffer.alloc(stride * ph);
  const row = width * 3;
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * row, y * row + row), y * stride + 1);
  const header = Buffer.allocUnsafe(13);
  header.writeUInt32BE(pw, 0);
  header.writeUInt32BE(ph, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, colour type 2 (RGB), deflate, adaptive filters, no interlace
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: options.level ?? 0 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Header fields the fast reader needs. */
interface Header {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

/** The IHDR and the joined IDAT data of a PNG, or undefined when `bytes` does not parse as one. */
function parse(bytes: Buffer): { header: Header; idat: Buffer } | undefined {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE)) return undefined;
  let header: Header | undefined;
  const parts: Buffer[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (body.length !== length) return undefined;
    if (type === 'IHDR') header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8], colorType: body[9], interlace: body[12] };
    else if (type === 'IDAT') parts.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  return header && parts.length > 0 ? { header, idat: parts.length === 1 ? parts[0] : Buffer.concat(parts) } : undefined;
}

/**
 * Reads an 8-bit RGB or RGBA non-interlaced PNG into rgb24, keeping the top-left `crop` (default: all), and
 * into `into` when that is exactly the result's size; undefined for any other kind (the caller then uses the
 * general codec). Throws on damaged data.
 */
export function decodeRawPng(bytes: Buffer, crop?: { width: number; height: number }, into?: Uint8Array): { width: number; height: number; data: Buffer } | undefined {
  const parsed = parse(bytes);
  if (!parsed) return undefined;
  const { width, height, bitDepth, colorType, interlace } = parsed.header;
  if (bitDepth !== 8 || (colorType !== 2 && colorType !== 6) || interlace !== 0) return undefined;
  const bpp = colorType === 6 ? 4 : 3;
  const stride = width * bpp;
  const expected = (stride + 1) * height;
  // One output buffer a little larger than the image (so zlib ends inside it): node's default 16 KiB chunks
  // mean ~400 calls and a joining copy per 1080p file (inflate 12-18 ms here, 4.8-5.0 ms in one buffer).
  // Never more than the data can inflate to (deflate's ratio is at most ~1032:1), so a header that claims
  // a huge picture over a few bytes of data does not allocate the huge picture up front.
  const raw = inflateSync(parsed.idat, { chunkSize: Math.max(64 * 1024, Math.min(expected, parsed.idat.length * 1032) + 64) });
  if (raw.length < expected) throw new Error(`image data ends after ${raw.length} of ${expected} bytes`);
  const outW = Math.min(crop?.width ?? width, width);
  const outH = Math.min(crop?.height ?? height, height);
  // Into the caller's buffer when it is exactly the picture's size (a reused one: no fresh pages to fault in).
  const out = into?.length === outW * outH * 3 ? Buffer.from(into.buffer, into.byteOffset, into.length) : Buffer.allocUnsafe(outW * outH * 3);
  if (bpp === 3) {
    unfilterRgbInto(raw, stride, out, outW * 3, outH);
    return { width: outW, height: outH, data: out };
  }
  // RGBA: rows are unfiltered in place (the row above is the one just restored), then copied out as RGB.
  for (let y = 0; y < outH; y++) {
    const at = y * (stride + 1);
    unfilter(raw, raw[at], at + 1, y === 0 ? -1 : at + 1 - (stride + 1), stride, bpp);
    const o = y * outW * 3;
    for (let x = 0, i = at + 1, j = o; x < outW; x++, i += 4, j += 3) {
      out[j] = raw[i];
      out[j + 1] = raw[i + 1];
      out[j + 2] = raw[i + 2];
    }
  }
  return { width: outW, height: outH, data: out };
}

/**
 * RGB rows straight into `out` (`rowBytes` each, the crop's width: a filter only looks left and up, so
 * the columns right of the crop are never needed), each row copied then restored in place against the
 * row above it in `out`. Up, the filter rife-ncnn-vulkan's writer picks for most rows of real footage, adds
 * four bytes at a time (SWAR: the low 7 bits summed, the top bit by xor) when rows are whole words;
 * Average and Paeth carry the left (and up-left) byte per channel in locals.
 */
function unfilterRgbInto(raw: Buffer, stride: number, out: Buffer, rowBytes: number, rows: number): void {
  const words = rowBytes % 4 === 0 && out.byteOffset % 4 === 0 ? new Uint32Array(out.buffer, out.byteOffset, out.length >> 2) : undefined;
  for (let y = 0; y < rows; y++) {
    const src = y * (stride + 1);
    const type = raw[src];
    const o = y * rowBytes;
    const end = o + rowBytes;
    raw.copy(out, o, src + 1, src + 1 + rowBytes);
    if (type === 0) continue;
    if (type > 4) throw new Error(`unknown row filter ${type}`);
    if (type === 1 || (y === 0 && type === 4)) {
      // Sub, and Paeth with nothing above (which is Sub).
      for (let i = o + 3; i < end; i++) out[i] += out[i - 3];
      continue;
    }
    if (y === 0) {
      // Up with nothing above is no filter; Average is half the left byte.
      if (type === 3) for (let i = o + 3; i < end; i++) out[i] += out[i - 3] >> 1;
      continue;
    }
    if (type === 2) {
      if (words) {
        const d = rowBytes >> 2;
        for (let k = o >> 2, last = end >> 2; k < last; k++) {
          const x = words[k];
          const z = words[k - d];
          words[k] = (((x & 0x7f7f7f7f) + (z & 0x7f7f7f7f)) | 0) ^ ((x ^ z) & 0x80808080);
        }
      } else for (let i = o; i < end; i++) out[i] += out[i - rowBytes];
    } else if (type === 3) {
      for (let i = o; i < o + 3; i++) out[i] += out[i - rowBytes] >> 1;
      // Per channel, the left byte carried in a local (no reload of what was just stored).
      for (let ch = 0; ch < 3; ch++) {
        let a = out[o + ch];
        for (let i = o + 3 + ch; i < end; i += 3) {
          a = (out[i] + ((a + out[i - rowBytes]) >> 1)) & 0xff;
          out[i] = a;
        }
      }
    } else {
      for (let i = o; i < o + 3; i++) out[i] += out[i - rowBytes];
      // Per channel, left and up-left carried in locals from the pixel before.
      for (let ch = 0; ch < 3; ch++) {
        let a = out[o + ch];
        let c = out[o + ch - rowBytes];
        for (let i = o + 3 + ch; i < end; i += 3) {
          const b = out[i - rowBytes];
          a = (out[i] + paeth(a, b, c)) & 0xff;
          out[i] = a;
          c = b;
        }
      }
    }
  }
}

// The Paeth predictor (PNG spec 9.4): whichever of left, up and up-left is nearest to left + up - up-left.
function paeth(a: number, b: number, c: number): number {
  let pa = b - c;
  let pb = a - c;
  let pc = pa + pb;
  if (pa < 0) pa = -pa;
  if (pb < 0) pb = -pb;
  if (pc < 0) pc = -pc;
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// Undoes one row's filter (PNG spec 9.2) in place: the row's bytes start at `at`, the row above (already
// restored) at `up`, or -1 for the first row (zeros above).
function unfilter(buf: Buffer, type: number, at: number, up: number, n: number, bpp: number): void {
  const end = at + n;
  switch (type) {
    case 0:
      return;
    case 1:
      for (let i = at + bpp; i < end; i++) buf[i] = (buf[i] + buf[i - bpp]) & 0xff;
      return;
    case 2:
      if (up < 0) return;
      for (let i = at, u = up; i < end; i++, u++) buf[i] = (buf[i] + buf[u]) & 0xff;
      return;
    case 3:
      if (up < 0) {
        for (let i = at + bpp; i < end; i++) buf[i] = (buf[i] + (buf[i - bpp] >> 1)) & 0xff;
        return;
      }
      for (let i = at, u = up; i < at + bpp; i++, u++) buf[i] = (buf[i] + (buf[u] >> 1)) & 0xff;
      for (let i = at + bpp, u = up + bpp; i < end; i++, u++) buf[i] = (buf[i] + ((buf[i - bpp] + buf[u]) >> 1)) & 0xff;
      return;
    case 4:
      // Paeth with nothing above is Sub.
      if (up < 0) {
        for (let i = at + bpp; i < end; i++) buf[i] = (buf[i] + buf[i - bpp]) & 0xff;
        return;
      }
      for (let i = at, u = up; i < at + bpp; i++, u++) buf[i] = (buf[i] + buf[u]) & 0xff;
      for (let i = at + bpp, u = up + bpp; i < end; i++, u++) buf[i] = (buf[i] + paeth(buf[i - bpp], buf[u], buf[u - bpp])) & 0xff;
      return;
    default:
      throw new Error(`unknown row filter ${type}`);
  }
}
