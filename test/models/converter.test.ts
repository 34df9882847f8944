// The ncnn → ONNX converter on small hand-made models: each layer type's ONNX output is checked against
// a direct computation of ncnn's semantics, and malformed files fail with clear messages.
import { describe, expect, it } from 'vitest';
import { convertNcnnToOnnx, decodeModel, NcnnFormatError } from '../../src/models/index.js';
import { BinWriter, maxDiff, paramText, runOnnx, values } from './ncnn-fixtures.js';

// Direct 2-D convolution, NCHW with batch 1, zero padding.
function conv2d(x: number[], c: number, h: number, w: number, weight: number[], bias: number[], out: number, k: number, stride: number, pad: number): { data: number[]; h: number; w: number } {
  const oh = Math.floor((h + 2 * pad - k) / stride) + 1;
  const ow = Math.floor((w + 2 * pad - k) / stride) + 1;
  const data: number[] = [];
  for (let o = 0; o < out; o++)
    for (let y = 0; y < oh; y++)
      for (let xx = 0; xx < ow; xx++) {
        let sum = bias[o] ?? 0;
        for (let i = 0; i < c; i++)
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++) {
              const iy = y * stride + ky - pad;
              const ix = xx * stride + kx - pad;
              if (iy < 0 || ix < 0 || iy >= h || ix >= w) continue;
              sum += x[(i * h + iy) * w + ix] * weight[((o * c + i) * k + ky) * k + kx];
            }
        data.push(sum);
      }
  return { data, h: oh, w: ow };
}

const half = (v: number[]): number[] => v.map((x) => Math.fround(x)); // test values are exact in fp16

describe('convertNcnnToOnnx', () => {
  it('converts Convolution with fp16 weights, bias and a fused leaky ReLU', async () => {
    const weight = values(2 * 2 * 9, 3);
    const bias = [0.25, -0.5];
    const param = paramText(['Input in0 0 1 in0', 'Convolution conv 1 1 in0 out 0=2 1=3 3=1 4=1 5=1 6=36 9=2 -23310=1,1.000000e-01']);
    const bin = new BinWriter().fp16(weight).raw(bias).build();
    const { bytes, outputs } = convertNcnnToOnnx(param, bin, { inputs: { in0: 2 } });
    expect(outputs).toEqual(['out']);
    const x = values(2 * 5 * 6, 7);
    const got = await runOnnx(bytes, { in0: { data: x, dims: [1, 2, 5, 6] } }, 'out');
    const want = conv2d(x, 2, 5, 6, half(weight), bias, 2, 3, 1, 1).data.map((v) => (v < 0 ? v * 0.1 : v));
    expect(got.dims).toEqual([1, 2, 5, 6]);
    expect(maxDiff(got.data, want)).toBeLessThan(1e-5);
  });

  it('converts Deconvolution by transposing ncnn [out][in] weights to ONNX [in][out]', async () => {
    // in=2, out=3, kernel 2, stride 2: each input pixel paints a 2x2 block.
    const weight = values(3 * 2 * 4, 11);
    const param = paramText(['Input in0 0 1 in0', 'Deconvolution up 1 1 in0 out 0=3 1=2 3=2 5=0 6=24']);
    const bin = new BinWriter().fp16(weight).build();
    const x = values(2 * 2 * 3, 5);
    const got = await runOnnx(convertNcnnToOnnx(param, bin).bytes, { in0: { data: x, dims: [1, 2, 2, 3] } }, 'out');
    expect(got.dims).toEqual([1, 3, 4, 6]);
    const want: number[] = [];
    for (let o = 0; o < 3; o++)
      for (let y = 0; y < 4; y++)
        for (let xx = 0; xx < 6; xx++) {
          let s = 0;
          for (let i = 0; i < 2; i++) s += x[(i * 2 + (y >> 1)) * 3 + (xx >> 1)] * weight[((o * 2 + i) * 2 + (y & 1)) * 2 + (xx & 1)];
          want.push(s);
        }
    expect(maxDiff(got.data, want)).toBeLessThan(1e-5);
  });

  it('converts Split, Crop, BinaryOp (scalar and reverse), Eltwise weighted sum, Concat, PReLU, ReLU, Sigmoid', async () => {
    const param = paramText([
      'Input in0 0 1 in0',
      'Split sp 1 3 in0 a b c',
      'Crop cr 1 1 a a1 -23309=1,1 -23310=1,-233 -23311=1,0',
      'BinaryOp rs 1 1 b b1 0=7 1=1 2=1.000000e+00',
      'Crop cr2 1 1 b1 b2 -23309=1,0 -23310=1,2 -23311=1,0',
      'Eltwise ws 2 1 a1 b2 e 0=1 -23301=2,2.000000e+00,5.000000e-01',
      'PReLU pr 1 1 e p 0=2',
      'ReLU lr 1 1 c r 0=1.000000e-01',
      'Sigmoid sg 1 1 r s',
      'Concat cat 2 1 p s out 0=0',
    ]);
    const slopes = [0.5, -2];
    const bin = new BinWriter().raw(slopes).build();
    const C = 3, H = 2, W = 2, N = H * W;
    const x = values(C * N, 13);
    const got = await runOnnx(convertNcnnToOnnx(param, bin, { inputs: { in0: 3 } }).bytes, { in0: { data: x, dims: [1, C, H, W] } }, 'out');
    expect(got.dims).toEqual([1, 5, H, W]);
    const want: number[] = [];
    for (let ch = 0; ch < 2; ch++)
      for (let i = 0; i < N; i++) {
        const e = 2 * x[(ch + 1) * N + i] + 0.5 * (1 - x[ch * N + i]);
        want.push(e < 0 ? e * slopes[ch] : e);
      }
    for (let ch = 0; ch < 3; ch++)
      for (let i = 0; i < N; i++) {
        const v = x[ch * N + i];
        want.push(1 / (1 + Math.exp(-(v < 0 ? v * 0.1 : v))));
      }
    expect(maxDiff(got.data, want)).toBeLessThan(1e-5);
  });

  it('converts Interp nearest (floor), bilinear (half-pixel) and PixelShuffle (CRD)', async () => {
    const param = paramText([
      'Input in0 0 1 in0',
      'Split sp 1 3 in0 a b c',
      'Interp near 1 1 a n 0=1 1=2.000000e+00 2=2.000000e+00',
      'Interp lin 1 1 b l 0=2 1=2.000000e+00 2=2.000000e+00',
      'PixelShuffle ps 1 1 c q 0=2',
    ]);
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]; // 4 channels of 2x2
    const bytes = convertNcnnToOnnx(param, Buffer.alloc(0)).bytes;
    const feeds = { in0: { data: x, dims: [1, 4, 2, 2] } };
    const near = await runOnnx(bytes, feeds, 'n');
    expect(Array.from(near.data.subarray(0, 16))).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    const lin = await runOnnx(bytes, feeds, 'l');
    // Half-pixel: output x=1 samples input 0.25 → 1*0.75 + 2*0.25; edges clamp.
    expect(Array.from(lin.data.subarray(0, 4))).toEqual([1, 1.25, 1.75, 2]);
    const ps = await runOnnx(bytes, feeds, 'q');
    expect(ps.dims).toEqual([1, 1, 4, 4]);
    expect(Array.from(ps.data)).toEqual([1, 5, 2, 6, 9, 13, 10, 14, 3, 7, 4, 8, 11, 15, 12, 16]);
  });

  it('converts Interp bicubic (a = -0.75, half-pixel, edges replicated) like ncnn', async () => {
    const param = paramText(['Input in0 0 1 in0', 'Interp cub 1 1 in0 out 0=3 1=1.000000e+00 2=2.000000e+00']);
    const row = [0, 10, 40, 20, 5];
    const got = await runOnnx(convertNcnnToOnnx(param, Buffer.alloc(0)).bytes, { in0: { data: row, dims: [1, 1, 1, 5] } }, 'out');
    const a = -0.75;
    const k = (d: number): number => {
      const x = Math.abs(d);
      return x <= 1 ? (a + 2) * x ** 3 - (a + 3) * x ** 2 + 1 : x < 2 ? a * x ** 3 - 5 * a * x ** 2 + 8 * a * x - 4 * a : 0;
    };
    const want = Array.from({ length: 10 }, (_, dx) => {
      const fx = (dx + 0.5) / 2 - 0.5;
      const sx = Math.floor(fx);
      let s = 0;
      for (let t = -1; t <= 2; t++) s += row[Math.min(4, Math.max(0, sx + t))] * k(fx - (sx + t));
      return s;
    });
    expect(maxDiff(got.data, want)).toBeLessThan(1e-4);
  });

  it('resizes before concatenating when a channel Concat only feeds an Interp (same values)', async () => {
    const fused = paramText(['Input in0 0 1 in0', 'Input in1 0 1 in1', 'Concat cat 2 1 in0 in1 c 0=0', 'Interp rs 1 1 c out 0=2 1=5.000000e-01 2=5.000000e-01']);
    const plain = paramText([
      'Input in0 0 1 in0',
      'Input in1 0 1 in1',
      'Concat cat 2 1 in0 in1 c 0=0',
      'Split sp 1 2 c c1 c2',
      'Interp rs 1 1 c1 out 0=2 1=5.000000e-01 2=5.000000e-01',
      'ReLU keep 1 1 c2 unused',
    ]);
    const feeds = { in0: { data: values(2 * 8 * 8, 3), dims: [1, 2, 8, 8] }, in1: { data: values(8 * 8, 4), dims: [1, 1, 8, 8] } };
    const model = decodeModel(convertNcnnToOnnx(fused, Buffer.alloc(0)).bytes);
    expect(model.graph.node.map((n) => n.opType)).toEqual(['Resize', 'Resize', 'Concat']);
    const a = await runOnnx(convertNcnnToOnnx(fused, Buffer.alloc(0)).bytes, feeds, 'out');
    const b = await runOnnx(convertNcnnToOnnx(plain, Buffer.alloc(0)).bytes, feeds, 'out');
    expect(a.dims).toEqual([1, 3, 4, 4]);
    expect(maxDiff(a.data, b.data)).toBe(0);
  });

  it('samples a warp only where a following 1/4 bilinear shrink reads it (same values as warp then resize)', async () => {
    const tail = ['Concat cat 2 1 w in2 c 0=0', 'Interp rs 1 1 c out 0=2 1=2.500000e-01 2=2.500000e-01'];
    const head = ['Input in0 0 1 in0', 'Input in1 0 1 in1', 'Input in2 0 1 in2'];
    const fused = paramText([...head, 'rife.Warp wp 2 1 in0 in1 w', ...tail]);
    // A second reader of the warp keeps it at full size: the plain warp-then-resize path.
    const plain = paramText([...head, 'rife.Warp wp 2 1 in0 in1 w0', 'Split sp 1 2 w0 w w2', ...tail, 'ReLU keep 1 1 w2 unused']);
    const W = 16, H = 12;
    const feeds = {
      in0: { data: values(3 * W * H, 5), dims: [1, 3, H, W] },
      in1: { data: values(2 * W * H, 6).map((v) => v * 6), dims: [1, 2, H, W] },
      in2: { data: values(W * H, 7), dims: [1, 1, H, W] },
    };
    const fusedModel = decodeModel(convertNcnnToOnnx(fused, Buffer.alloc(0)).bytes);
    expect(fusedModel.graph.node.filter((n) => n.opType === 'GridSample')).toHaveLength(4);
    const a = await runOnnx(convertNcnnToOnnx(fused, Buffer.alloc(0)).bytes, feeds, 'out');
    const b = await runOnnx(convertNcnnToOnnx(plain, Buffer.alloc(0)).bytes, feeds, 'out');
    expect(a.dims).toEqual([1, 4, 3, 4]);
    expect(maxDiff(a.data, b.data)).toBeLessThan(1e-5);
  });

  it('converts rife.Warp to a border-clamped bilinear sample at (x+fx, y+fy)', async () => {
    const param = paramText(['Input in0 0 1 in0', 'Input in1 0 1 in1', 'rife.Warp w 2 1 in0 in1 out']);
    const W = 4, H = 3;
    const img = Array.from({ length: W * H }, (_, i) => i * 10);
    const flow = [...Array<number>(W * H).fill(0.5), ...Array<number>(W * H).fill(1)]; // half a pixel right, one down
    const got = await runOnnx(convertNcnnToOnnx(param, Buffer.alloc(0)).bytes, { in0: { data: img, dims: [1, 1, H, W] }, in1: { data: flow, dims: [1, 2, H, W] } }, 'out');
    const at = (x: number, y: number): number => img[Math.min(H - 1, Math.max(0, y)) * W + Math.min(W - 1, Math.max(0, x))];
    const want: number[] = [];
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const sx = Math.min(W - 1, x + 0.5);
        const x0 = Math.floor(sx);
        want.push(at(x0, y + 1) * (1 - (sx - x0)) + at(x0 + 1, y + 1) * (sx - x0));
      }
    expect(maxDiff(got.data, want)).toBeLessThan(1e-4);
  });

  it('writes an fp16 variant: float16 weights inside, float32 at the edges, same result within fp16 precision', async () => {
    const weight = values(2 * 1 * 9, 21);
    const param = paramText(['Input in0 0 1 in0', 'Convolution conv 1 1 in0 out 0=2 1=3 4=1 5=1 6=18']);
    const bin = new BinWriter().fp16(weight).raw([0.125, 0.5]).build();
    const fp16 = convertNcnnToOnnx(param, bin, { dtype: 'float16' });
    const model = decodeModel(fp16.bytes);
    expect(model.graph.initializer.filter((t) => t.name === 'conv.weight')[0].dataType).toBe(10);
    expect(model.graph.input[0].type.tensorType.elemType).toBe(1);
    const x = values(1 * 4 * 4, 2);
    const feeds = { in0: { data: x, dims: [1, 1, 4, 4] } };
    const a = await runOnnx(convertNcnnToOnnx(param, bin).bytes, feeds, 'out');
    const b = await runOnnx(fp16.bytes, feeds, 'out');
    expect(maxDiff(a.data, b.data)).toBeLessThan(2e-3);
  });
});

describe('malformed ncnn files', () => {
  const conv = ['Input in0 0 1 in0', 'Convolution conv 1 1 in0 out 0=1 1=1 5=1 6=2'];
  const goodBin = (): Buffer => new BinWriter().fp16([1, 2]).raw([3]).build();
  const error = (param: string, bin: Buffer): NcnnFormatError => {
    try {
      convertNcnnToOnnx(param, bin);
    } catch (e) {
      expect(e).toBeInstanceOf(NcnnFormatError);
      return e as NcnnFormatError;
    }
    throw new Error('expected the conversion to fail');
  };

  it('accepts the well-formed baseline', () => {
    expect(convertNcnnToOnnx(paramText(conv), goodBin()).outputs).toEqual(['out']);
  });

  it('rejects a wrong magic, a wrong layer count, an unknown blob and a bad parameter', () => {
    expect(error(paramText(conv).replace('7767517', '1234'), goodBin()).message).toMatch(/line 1: expected the ncnn magic/);
    expect(error(['7767517', '3 9', ...conv].join('\n'), goodBin()).message).toMatch(/header says 3 layers but the file has 2/);
    expect(error(paramText(['Input in0 0 1 in0', 'ReLU r 1 1 nope out']), Buffer.alloc(0)).message).toMatch(/line 4: layer r reads blob nope/);
    expect(error(paramText(['Input in0 0 1 in0', 'ReLU r 1 1 in0 out 0=abc']), Buffer.alloc(0)).message).toMatch(/non-numeric value "abc"/);
    expect(error(paramText(['Input in0 0 1 in0', 'Crop c 1 1 in0 out -23309=3,1']), Buffer.alloc(0)).message).toMatch(/array parameter -23309/);
  });

  it('names unsupported layer types', () => {
    const e = error(paramText(['Input in0 0 1 in0', 'LSTM l 1 1 in0 out']), Buffer.alloc(0));
    expect(e.message).toContain('LSTM');
  });

  it('rejects a .bin that is truncated or longer than the layers need', () => {
    const full = goodBin();
    expect(error(paramText(conv), full.subarray(0, full.length - 2)).message).toMatch(/ends at byte 10 but layer conv needs 1 float32 values/);
    expect(error(paramText(conv), Buffer.concat([full, Buffer.alloc(4)])).message).toMatch(/has 16 bytes but the .param layers use only 12/);
  });
});
