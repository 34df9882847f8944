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

  it('samples rife.Warp like ncnn when the flow points far outside the frame (clamped to the border pixels)', async () => {
    const param = paramText(['Input in0 0 1 in0', 'Input in1 0 1 in1', 'rife.Warp w 2 1 in0 in1 out']);
    const W = 7, H = 5;
    const img = values(2 * W * H, 31);
    const flow = values(2 * W * H, 32).map((v) => v * 24); // up to ±24 px: most samples land outside
    const got = await runOnnx(convertNcnnToOnnx(param, Buffer.alloc(0)).bytes, { in0: { data: img, dims: [1, 2, H, W] }, in1: { data: flow, dims: [1, 2, H, W] } }, 'out');
    const clamp = (v: number, hi: number): number => Math.min(hi, Math.max(0, v));
    const want: number[] = [];
    for (let c = 0; c < 2; c++)
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) {
          const sx = clamp(x + flow[y * W + x], W - 1);
          const sy = clamp(y + flow[W * H + y * W + x], H - 1);
          const x0 = Math.floor(sx);
          const y0 = Math.floor(sy);
          const x1 = Math.min(W - 1, x0 + 1);
          const y1 = Math.min(H - 1, y0 + 1);
          const at = (xx: number, yy: number): number => img[(c * H + yy) * W + xx];
          const fx = sx - x0;
          const fy = sy - y0;
          want.push((at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy);
        }
    expect(maxDiff(got.data, want)).toBeLessThan(1e-5);
  });

  it('runs a stride-2 Deconvolution (kernel 4, pad 1) as Conv + DepthToSpace, folding a PixelShuffle after it', async () => {
    const inCh = 3, out = 8, H = 3, W = 4;
    const weight = values(out * inCh * 16, 41);
    const bias = values(out, 42);
    const x = values(inCh * H * W, 43);
    // ncnn semantics: output (2·iy − 1 + ky, 2·ix − 1 + kx) += x[i][iy][ix] · w[o][i][ky][kx].
    const deconv = new Array<number>(out * 2 * H * 2 * W).fill(0);
    for (let o = 0; o < out; o++) {
      for (let Y = 0; Y < 2 * H; Y++) for (let X = 0; X < 2 * W; X++) deconv[(o * 2 * H + Y) * 2 * W + X] = bias[o];
      for (let i = 0; i < inCh; i++)
        for (let iy = 0; iy < H; iy++)
          for (let ix = 0; ix < W; ix++)
            for (let ky = 0; ky < 4; ky++)
              for (let kx = 0; kx < 4; kx++) {
                const Y = 2 * iy - 1 + ky;
                const X = 2 * ix - 1 + kx;
                if (Y < 0 || X < 0 || Y >= 2 * H || X >= 2 * W) continue;
                deconv[(o * 2 * H + Y) * 2 * W + X] += x[(i * H + iy) * W + ix] * weight[((o * inCh + i) * 4 + ky) * 4 + kx];
              }
    }
    const layer = `Deconvolution dc 1 1 in0 d 0=${out} 1=4 3=2 4=1 5=1 6=${out * inCh * 16}`;
    const bin = new BinWriter().fp16(weight).raw(bias).build();
    const feeds = { in0: { data: x, dims: [1, inCh, H, W] } };
    const plain = convertNcnnToOnnx(paramText(['Input in0 0 1 in0', `${layer} 9=1`]), bin);
    expect(decodeModel(plain.bytes).graph.node.map((n) => n.opType)).toEqual(['Conv', 'DepthToSpace', 'Relu']);
    const got = await runOnnx(plain.bytes, feeds, 'd');
    expect(got.dims).toEqual([1, out, 2 * H, 2 * W]);
    expect(maxDiff(got.data, half(deconv).map((v) => Math.max(0, v)))).toBeLessThan(1e-5);

    for (const mode of [0, 1]) {
      const folded = convertNcnnToOnnx(paramText(['Input in0 0 1 in0', layer, `PixelShuffle ps 1 1 d q 0=2 1=${mode}`]), bin);
      const nodes = decodeModel(folded.bytes).graph.node;
      expect(nodes.map((n) => n.opType)).toEqual(['Conv', 'DepthToSpace']);
      expect(nodes[1].attribute.find((a) => a.name === 'blocksize')?.i).toBe(4);
      const shuffled = await runOnnx(folded.bytes, feeds, 'q');
      expect(shuffled.dims).toEqual([1, 2, 4 * H, 4 * W]);
      // PixelShuffle(2): CRD reads channel c·4 + u·2 + v, DCR reads (u·2 + v)·2 + c.
      const want: number[] = [];
      for (let c = 0; c < 2; c++)
        for (let Y = 0; Y < 4 * H; Y++)
          for (let X = 0; X < 4 * W; X++) {
            const uv = (Y % 2) * 2 + (X % 2);
            const ch = mode === 0 ? c * 4 + uv : uv * 2 + c;
            want.push(deconv[(ch * 2 * H + (Y >> 1)) * 2 * W + (X >> 1)]);
          }
      expect(maxDiff(shuffled.data, half(want))).toBeLessThan(1e-5);
    }
  });

  it('folds a residual Add (conv(x) + x, through a Split) into the convolution so the activation can fuse', async () => {
    const C = 3, H = 4, W = 5;
    const weight = values(C * C * 9, 51);
    const bias = values(C, 52);
    const x = values(C * H * W, 53);
    const lines = (other: string): string[] => [
      'Input in0 0 1 in0',
      'Split sp 1 2 in0 a b',
      `Convolution cv 1 1 a y 0=${C} 1=3 4=1 5=1 6=${C * C * 9}`,
      `BinaryOp add 2 1 y ${other} z 0=0`,
      'ReLU lr 1 1 z out 0=2.000000e-01',
    ];
    const bin = new BinWriter().fp16(weight).raw(bias).build();
    const folded = convertNcnnToOnnx(paramText(lines('b')), bin, { inputs: { in0: C } });
    expect(decodeModel(folded.bytes).graph.node.map((n) => n.opType)).toEqual(['Conv', 'LeakyRelu']);
    const got = await runOnnx(folded.bytes, { in0: { data: x, dims: [1, C, H, W] } }, 'out');
    const conv = conv2d(x, C, H, W, half(weight), bias, C, 3, 1, 1).data;
    const want = conv.map((v, i) => v + x[i]).map((v) => (v < 0 ? v * 0.2 : v));
    expect(maxDiff(got.data, want)).toBeLessThan(1e-5);
    // Adding something other than the convolution's own input keeps the Add.
    const other = convertNcnnToOnnx(paramText(['Input in1 0 1 in1', ...lines('in1')]), bin, { inputs: { in0: C } });
    expect(decodeModel(other.bytes).graph.node.map((n) => n.opType)).toContain('Add');
  });

  it('slices and scales before an enlarging Resize, leaves a shrinking one alone, and flattens nested Concats', async () => {
    const param = paramText([
      'Input in0 0 1 in0',
      'Input in1 0 1 in1',
      'Interp up 1 1 in0 u 0=2 1=4.000000e+00 2=4.000000e+00',
      'Split sp 1 2 u u1 u2',
      'Crop flow 1 1 u1 f -23309=1,0 -23310=1,2 -23311=1,0',
      'BinaryOp scale 1 1 f fs 0=2 1=1 2=8.000000e+00',
      'Crop mask 1 1 u2 m -23309=1,2 -23310=1,3 -23311=1,0',
      'Concat c1 2 1 fs m c 0=0',
      'Split sp2 1 2 in1 i1 i2',
      'Concat c2 2 1 c i1 both 0=0',
      'Interp down 1 1 i2 dn 0=2 1=5.000000e-01 2=5.000000e-01',
      'BinaryOp half 1 1 dn small 0=3 1=1 2=2.000000e+00',
    ]);
    const H = 3, W = 4;
    const x = values(4 * H * W, 61);
    const y = values(16 * H * W, 62);
    const bytes = convertNcnnToOnnx(param, Buffer.alloc(0)).bytes;
    const nodes = decodeModel(bytes).graph.node;
    const producer = (t: string): string | undefined => nodes.find((n) => n.output.includes(t))?.opType;
    const resizes = nodes.filter((n) => n.opType === 'Resize');
    expect(resizes.map((n) => producer(n.input[0])).sort()).toEqual(['Mul', 'Slice', undefined]);
    expect(nodes.filter((n) => n.opType === 'Concat')).toHaveLength(1);
    // The shrink stays before its Div: dividing after it touches 1/4 of the pixels.
    expect(producer(nodes.find((n) => n.opType === 'Div')?.input[0] ?? '')).toBe('Resize');
    const feeds = { in0: { data: x, dims: [1, 4, H, W] }, in1: { data: y, dims: [1, 1, 4 * H, 4 * W] } };
    // Reference: bilinear half-pixel resize with clamped coordinates, as ncnn's Interp.
    const resize = (src: number[], c: number, h: number, w: number, s: number): number[] => {
      const oh = Math.round(h * s), ow = Math.round(w * s), out: number[] = [];
      const axis = (o: number, n: number): [number, number, number] => {
        const p = Math.min(n - 1, Math.max(0, (o + 0.5) / s - 0.5));
        const i0 = Math.floor(p);
        return [i0, Math.min(n - 1, i0 + 1), p - i0];
      };
      for (let ch = 0; ch < c; ch++)
        for (let Y = 0; Y < oh; Y++)
          for (let X = 0; X < ow; X++) {
            const [y0, y1, fy] = axis(Y, h);
            const [x0, x1, fx] = axis(X, w);
            const at = (yy: number, xx: number): number => src[(ch * h + yy) * w + xx];
            out.push((at(y0, x0) * (1 - fx) + at(y0, x1) * fx) * (1 - fy) + (at(y1, x0) * (1 - fx) + at(y1, x1) * fx) * fy);
          }
      return out;
    };
    const up = resize(x, 4, H, W, 4);
    const plane = 16 * H * W;
    const both = await runOnnx(bytes, feeds, 'both');
    expect(both.dims).toEqual([1, 4, 4 * H, 4 * W]);
    expect(maxDiff(both.data, [...up.slice(0, 2 * plane).map((v) => v * 8), ...up.slice(2 * plane, 3 * plane), ...y])).toBeLessThan(1e-5);
    const got = await runOnnx(bytes, feeds, 'small');
    const want = resize(y, 1, 4 * H, 4 * W, 0.5).map((v) => v / 2);
    expect(got.dims).toEqual([1, 1, 2 * H, 2 * W]);
    expect(maxDiff(got.data, want)).toBeLessThan(1e-5);
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
