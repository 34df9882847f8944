// A transposed convolution whose output is exactly s× its input (stride s, kernel k, pads with
// k − p_begin − p_end = s) computes each of the s×s output phases with an ordinary stride-1 convolution
// over a small input window. So it equals one Conv producing s² phase planes per output channel followed by
// DepthToSpace(s). ONNX Runtime's CPU ConvTranspose is a GEMM plus a single-threaded col2im, while its Conv
// runs in the blocked NCHWc kernels: RIFE's last deconvolution (64→24 at 96×160) fell from 11.2 ms to
// ~4 ms on 2 cores even though the 3×3 window does 2.25× the multiply-adds of the 2×2 taps each phase needs.
// A PixelShuffle right after (RIFE's lastconv) folds into the same DepthToSpace by ordering the channels.

/** Where output channel `o` of the deconvolution, phase (a, b), lands among the Conv's output channels. */
export type PhaseChannel = (o: number, a: number, b: number) => number;

export interface SubPixelPlan {
  /** Conv weights [outCh·s², inCh, K, K] (ONNX layout). */
  readonly weights: Float32Array;
  readonly convOut: number;
  readonly kernel: number;
  /** ONNX pads [top, left, bottom, right]. */
  readonly pads: readonly [number, number, number, number];
}

export interface DeconvShape {
  readonly out: number;
  readonly inCh: number;
  readonly k: number;
  readonly s: number;
  /** Leading (top/left) padding of the transposed convolution. */
  readonly p: number;
}

/** True when a transposed convolution with these numbers can be rewritten (square, output exactly s× input). */
export function subPixelApplies(k: number, s: number, pBegin: number, pEnd: number): boolean {
  return s >= 2 && k >= s && k - pBegin - pEnd === s && pBegin >= 0 && pEnd >= 0;
}

/**
 * Builds the Conv weights from ncnn Deconvolution weights [out][in][k][k]. Output pixel s·P + a reads input
 * P + d with kernel tap a + p − s·d; d spans the same window for every phase after padding.
 */
export function subPixelPlan(ncnn: Float32Array, shape: DeconvShape, channel: PhaseChannel): SubPixelPlan {
  const { out, inCh, k, s, p } = shape;
  // Input offsets d used by some phase: tap t = a + p − s·d in [0, k).
  let dMin = Infinity;
  let dMax = -Infinity;
  for (let a = 0; a < s; a++) {
    for (let d = -k; d <= k; d++) {
      const t = a + p - s * d;
      if (t >= 0 && t < k) {
        dMin = Math.min(dMin, d);
        dMax = Math.max(dMax, d);
      }
    }
  }
  const K = dMax - dMin + 1;
  const convOut = out * s * s;
  const weights = new Float32Array(convOut * inCh * K * K);
  for (let o = 0; o < out; o++) {
    for (let a = 0; a < s; a++) {
      for (let b = 0; b < s; b++) {
        const oc = channel(o, a, b);
        for (let jy = 0; jy < K; jy++) {
          const ty = a + p - s * (jy + dMin);
          if (ty < 0 || ty >= k) continue;
          for (let jx = 0; jx < K; jx++) {
            const tx = b + p - s * (jx + dMin);
            if (tx < 0 || tx >= k) continue;
            for (let i = 0; i < inCh; i++) weights[((oc * inCh + i) * K + jy) * K + jx] = ncnn[((o * inCh + i) * k + ty) * k + tx];
          }
        }
      }
    }
  }
  return { weights, convOut, kernel: K, pads: [-dMin, -dMin, dMax, dMax] };
}

/** DepthToSpace(s) in CRD order, no shuffle after. */
export function plainPhases(s: number): PhaseChannel {
  return (o, a, b) => (o * s + a) * s + b;
}

/**
 * The deconvolution followed by a PixelShuffle(r) over its `out` channels (mode CRD when `crd`): one
 * DepthToSpace(s·r) in CRD order. Shuffle input channel o is (c, u, v); the final pixel offset is (a·r + u, b·r + v).
 */
export function shuffledPhases(s: number, r: number, out: number, crd: boolean): PhaseChannel {
  const cOut = out / (r * r);
  const block = s * r;
  return (o, a, b) => {
    const c = crd ? Math.floor(o / (r * r)) : o % cOut;
    const uv = crd ? o % (r * r) : Math.floor(o / cOut);
    const u = Math.floor(uv / r);
    const v = uv % r;
    return (c * block + a * r + u) * block + b * r + v;
  };
}
