// Reads weights from an ncnn .bin in the order the layers ask for them. A weight blob starts with a
// 4-byte tag (fp16, int8, float32, or a 256-entry quantisation table); biases and slopes are raw
// float32. The whole file must be consumed to the exact byte, or the model and weights disagree.
import { NcnnFormatError } from './errors.js';

const TAG_FP16 = 0x01306b47;
const TAG_INT8 = 0x000d4b38;
const TAG_FP32 = 0x0002c056;

export class WeightReader {
  readonly #data: Buffer;
  readonly #source: string;
  #offset = 0;

  constructor(data: Buffer, source = 'model.bin') {
    this.#data = data;
    this.#source = source;
  }

  get offset(): number {
    return this.#offset;
  }

  /** A tagged weight blob of `count` values (Convolution/Deconvolution weights). */
  weights(count: number, owner: string): Float32Array {
    this.#need(4, owner, 'the weight tag');
    const tag = this.#data.readUInt32LE(this.#offset);
    this.#offset += 4;
    if (tag === TAG_FP16) {
      const size = align4(count * 2);
      this.#need(size, owner, `${count} fp16 weights`);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(this.#data.readUInt16LE(this.#offset + i * 2));
      this.#offset += size;
      return out;
    }
    if (tag === TAG_INT8) {
      throw new NcnnFormatError(`${this.#source}: layer ${owner} holds int8-quantised weights, which the converter does not support.`);
    }
    if (tag === TAG_FP32 || tag === 0) return this.raw(count, owner);
    {
      // Any other non-zero tag: a quantisation table: 256 float32 values, then one uint8 index per weight.
      this.#need(256 * 4, owner, 'the quantisation table');
      const table = new Float32Array(256);
      for (let i = 0; i < 256; i++) table[i] = this.#data.readFloatLE(this.#offset + i * 4);
      this.#offset += 1024;
      const size = align4(count);
      this.#need(size, owner, `${count} quantised weights`);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = table[this.#data[this.#offset + i]];
      this.#offset += size;
      return out;
    }
  }

  /** `count` raw float32 values (biases, PReLU slopes). */
  raw(count: number, owner: string): Float32Array {
    this.#need(count * 4, owner, `${count} float32 values`);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.#data.readFloatLE(this.#offset + i * 4);
    this.#offset += count * 4;
    return out;
  }

  /** Throws unless every byte was consumed. */
  finish(): void {
    if (this.#offset !== this.#data.length) {
      throw new NcnnFormatError(
        `${this.#source} has ${this.#data.length} bytes but the .param layers use only ${this.#offset}; the .param and .bin do not belong together.`,
      );
    }
  }

  #need(bytes: number, owner: string, what: string): void {
    if (this.#offset + bytes > this.#data.length) {
      throw new NcnnFormatError(
        `${this.#source} ends at byte ${this.#data.length} but layer ${owner} needs ${what} (${bytes} bytes from byte ${this.#offset}); the file is truncated or belongs to another .param.`,
      );
    }
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/** IEEE 754 half → float. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Float → IEEE 754 half bits, rounding to nearest even. */
export function floatToHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rest > mid || (rest === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
  return sign | half;
}
