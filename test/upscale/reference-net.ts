// The correctness reference for the converted upscalers: the published Real-ESRGAN architectures
// (SRVGGNetCompact for realesr-animevideov3, RRDBNet for realesrgan-x4plus, as defined in xinntao's
// Real-ESRGAN/BasicSR) written out directly in float64 TypeScript, with the weights taken from the
// ncnn .bin in layer order. It shares no code with the ncnn → ONNX converter or with ONNX Runtime and
// reads the .param only to learn each layer's weight sizes: the wiring (skips, dense concats, 0.2
// residual scales, PReLU/LeakyReLU placement, pixel shuffle, nearest/bicubic resizes) comes from the
// architecture, so a graph the converter wires wrongly cannot agree with it. Slow: tiny crops only.
import { readFileSync } from 'node:fs';
import { makeFrame, type Frame } from '../../src/frames/frame.js';

type Planes = Float64Array[];
interface Conv {
  out: number;
  in: number;
  k: number;
  weight: Float64Array;
  bias: Float64Array;
}

const FP16_FLAG = 0x01306b47;

// fp16 bits → number (IEEE 754 half precision).
function half(bits: number): number {
  const s = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

// Reads every Convolution's and PReLU's weights, in .param order, consuming the .bin to the byte.
export function loadWeights(paramPath: string, binPath: string): { convs: Conv[]; prelus: Float64Array[] } {
  const bin = readFileSync(binPath);
  let at = 0;
  const convs: Conv[] = [];
  const prelus: Float64Array[] = [];
  const floats = (n: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = bin.readFloatLE(at + 4 * i);
    at += 4 * n;
    return out;
  };
  for (const line of readFileSync(paramPath, 'utf8').split('\n').slice(2)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 4) continue;
    const [type] = parts;
    const params = new Map<string, string>();
    for (const kv of parts.slice(4)) {
      const eq = kv.indexOf('=');
      if (eq > 0) params.set(kv.slice(0, eq), kv.slice(eq + 1));
    }
    if (type === 'Convolution') {
      const out = Number(params.get('0'));
      const k = Number(params.get('1'));
      const count = Number(params.get('6'));
      if (bin.readUInt32LE(at) !== FP16_FLAG) throw new Error(`conv ${parts[1]}: weights not flagged fp16`);
      at += 4;
      const weight = new Float64Array(count);
      for (let i = 0; i < count; i++) weight[i] = half(bin.readUInt16LE(at + 2 * i));
      at += Math.ceil((2 * count) / 4) * 4;
      const bias = params.get('5') === '1' ? floats(out) : new Float64Array(out);
      convs.push({ out, in: count / (out * k * k), k, weight, bias });
    } else if (type === 'PReLU') {
      prelus.push(floats(Number(params.get('0'))));
    }
  }
  if (at !== bin.length) throw new Error(`read ${at} of ${bin.length} bytes of ${binPath}`);
  return { convs, prelus };
}

// 3x3 convolution, stride 1, zero padding 1.
function conv(x: Planes, c: Conv, w: number, h: number): Planes {
  if (x.length !== c.in) throw new Error(`conv expects ${c.in} channels, got ${x.length}`);
  const out: Planes = [];
  for (let o = 0; o < c.out; o++) {
    const acc = new Float64Array(w * h).fill(c.bias[o]);
    for (let i = 0; i < c.in; i++) {
      const src = x[i];
      for (let ky = 0; ky < 3; ky++) {
        const dy = ky - 1;
        for (let kx = 0; kx < 3; kx++) {
          const dx = kx - 1;
          const wt = c.weight[((o * c.in + i) * 3 + ky) * 3 + kx];
          const x0 = Math.max(0, -dx);
          const x1 = Math.min(w, w - dx);
          for (let y = Math.max(0, -dy); y < Math.min(h, h - dy); y++) {
            const row = y * w;
            const srow = (y + dy) * w + dx;
            for (let xx = x0; xx < x1; xx++) acc[row + xx] += wt * src[srow + xx];
          }
        }
      }
    }
    out.push(acc);
  }
  return out;
}

function prelu(x: Planes, slopes: Float64Array): Planes {
  return x.map((p, c) => p.map((v) => (v >= 0 ? v : v * slopes[c])));
}
function lrelu(x: Planes): Planes {
  return x.map((p) => p.map((v) => (v >= 0 ? v : v * 0.2)));
}
function nearest(x: Planes, w: number, h: number, s: number): Planes {
  return x.map((p) => {
    const out = new Float64Array(w * s * h * s);
    for (let y = 0; y < h * s; y++) for (let xx = 0; xx < w * s; xx++) out[y * w * s + xx] = p[Math.floor(y / s) * w + Math.floor(xx / s)];
    return out;
  });
}
function pixelShuffle(x: Planes, w: number, h: number, r: number): Planes {
  const out: Planes = [];
  for (let c = 0; c < x.length / (r * r); c++) {
    const p = new Float64Array(w * r * h * r);
    for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) {
      const src = x[c * r * r + i * r + j];
      for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) p[(y * r + i) * w * r + xx * r + j] = src[y * w + xx];
    }
    out.push(p);
  }
  return out;
}
// Bicubic resize as PyTorch's F.interpolate (A = -0.75, half-pixel centres, edge indices clamped).
function bicubic(x: Planes, w: number, h: number, ow: number, oh: number): Planes {
  const cubic = (d: number): number => {
    const a = -0.75;
    const t = Math.abs(d);
    if (t <= 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
    if (t < 2) return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
    return 0;
  };
  const taps = (n: number, on: number): { idx: number[]; wt: number[] }[] =>
    Array.from({ length: on }, (_, o) => {
      const src = ((o + 0.5) * n) / on - 0.5;
      const f = Math.floor(src);
      const idx: number[] = [];
      const wt: number[] = [];
      for (let k = -1; k <= 2; k++) {
        idx.push(Math.min(n - 1, Math.max(0, f + k)));
        wt.push(cubic(src - (f + k)));
      }
      return { idx, wt };
    });
  const tx = taps(w, ow);
  const ty = taps(h, oh);
  return x.map((p) => {
    const mid = new Float64Array(ow * h);
    for (let y = 0; y < h; y++) for (let o = 0; o < ow; o++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += tx[o].wt[k] * p[y * w + tx[o].idx[k]];
      mid[y * ow + o] = s;
    }
    const out = new Float64Array(ow * oh);
    for (let o = 0; o < oh; o++) for (let xx = 0; xx < ow; xx++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += ty[o].wt[k] * mid[ty[o].idx[k] * ow + xx];
      out[o * ow + xx] = s;
    }
    return out;
  });
}

function toPlanes(f: Frame): Planes {
  const n = f.width * f.height;
  return [0, 1, 2].map((c) => {
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = f.data[i * 3 + c] / 255;
    return p;
  });
}
function toFrame(x: Planes, w: number, h: number): Frame {
  const data = Buffer.alloc(w * h * 3);
  for (let i = 0; i < w * h; i++) for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.min(255, Math.max(0, Math.round(x[c][i] * 255)));
  return makeFrame(w, h, data);
}
const add = (a: Planes, b: Planes, sa = 1): Planes => a.map((p, c) => p.map((v, i) => v * sa + b[c][i]));

// SRVGGNetCompact (realesr-animevideov3): x4 body + nearest x4 skip, then bicubic to x2/x3 when asked.
export function srvggCompact(frame: Frame, weights: ReturnType<typeof loadWeights>, scale: number): Frame {
  const { width: w, height: h } = frame;
  const input = toPlanes(frame);
  let x = input;
  const body = weights.convs.length - 1;
  for (let i = 0; i < body; i++) x = prelu(conv(x, weights.convs[i], w, h), weights.prelus[i]);
  x = pixelShuffle(conv(x, weights.convs[body], w, h), w, h, 4);
  x = add(x, nearest(input, w, h, 4));
  if (scale !== 4) x = bicubic(x, w * 4, h * 4, w * scale, h * scale);
  return toFrame(x, w * scale, h * scale);
}

// RRDBNet x4 (realesrgan-x4plus): 23 RRDBs of 3 dense blocks, residuals scaled by 0.2, nearest x2 twice.
export function rrdbNet(frame: Frame, weights: ReturnType<typeof loadWeights>): Frame {
  const { width: w, height: h } = frame;
  const c = weights.convs;
  let k = 0;
  const feat = conv(toPlanes(frame), c[k++], w, h);
  let x = feat;
  for (let block = 0; block < 23; block++) {
    const blockIn = x;
    for (let rdb = 0; rdb < 3; rdb++) {
      const rdbIn = x;
      const cat: Planes = [...rdbIn];
      for (let j = 0; j < 4; j++) cat.push(...lrelu(conv(cat, c[k++], w, h)));
      x = add(conv(cat, c[k++], w, h), rdbIn, 0.2);
    }
    x = add(x, blockIn, 0.2);
  }
  x = add(conv(x, c[k++], w, h), feat);
  x = lrelu(conv(nearest(x, w, h, 2), c[k++], w * 2, h * 2));
  x = lrelu(conv(nearest(x, w * 2, h * 2, 2), c[k++], w * 4, h * 4));
  x = conv(lrelu(conv(x, c[k++], w * 4, h * 4)), c[k++], w * 4, h * 4);
  if (k !== c.length) throw new Error(`used ${k} of ${c.length} convolutions`);
  return toFrame(x, w * 4, h * 4);
}
