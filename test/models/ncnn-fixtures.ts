// Hand-made ncnn models for converter tests: .param text and a .bin written the way ncnn lays it out.
import * as ort from 'onnxruntime-node';
import { floatToHalf } from '../../src/models/index.js';

/** Builds a .bin: tagged fp16 weight blobs and raw float32 blobs, in layer order. */
export class BinWriter {
  readonly #parts: Buffer[] = [];

  fp16(values: readonly number[]): this {
    const size = (values.length * 2 + 3) & ~3;
    const b = Buffer.alloc(4 + size);
    b.writeUInt32LE(0x01306b47, 0);
    values.forEach((v, i) => b.writeUInt16LE(floatToHalf(v), 4 + i * 2));
    this.#parts.push(b);
    return this;
  }

  fp32Tagged(values: readonly number[]): this {
    const b = Buffer.alloc(4 + values.length * 4);
    values.forEach((v, i) => b.writeFloatLE(v, 4 + i * 4));
    this.#parts.push(b);
    return this;
  }

  raw(values: readonly number[]): this {
    const b = Buffer.alloc(values.length * 4);
    values.forEach((v, i) => b.writeFloatLE(v, i * 4));
    this.#parts.push(b);
    return this;
  }

  build(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

/** A .param text from layer lines (the counts line is computed). */
export function paramText(lines: readonly string[], blobCount = 99): string {
  return ['7767517', `${lines.length} ${blobCount}`, ...lines].join('\n') + '\n';
}

/** Deterministic small values. */
export function values(n: number, seed = 1): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.round(((s / 2147483648) * 2 - 1) * 64) / 64;
  });
}

/** Runs ONNX bytes on NCHW float inputs and returns the named output's data and dims. */
export async function runOnnx(bytes: Uint8Array, feeds: Record<string, { data: number[] | Float32Array; dims: number[] }>, output: string): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
  try {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, f] of Object.entries(feeds)) inputs[name] = new ort.Tensor('float32', Float32Array.from(f.data), f.dims);
    const out = await session.run(inputs);
    const t = out[output];
    return { data: t.data as Float32Array, dims: t.dims };
  } finally {
    await session.release();
  }
}

/** Largest absolute difference. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
