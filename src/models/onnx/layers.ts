// One converter per ncnn layer type: reads the layer's weights (in ncnn's order) and emits ONNX nodes
// with the same semantics. The facts these rely on are in shared/notes/models.md (verified against ncnn).
import { NcnnFormatError } from '../ncnn/errors.js';
import type { WeightReader } from '../ncnn/bin.js';
import { array, scalar, type NcnnLayer } from '../ncnn/param.js';
import { attr, type GraphBuilder } from './builder.js';
import { DataType } from './proto.js';
import { plainPhases, shuffledPhases, subPixelApplies, subPixelPlan } from './subpixel.js';

export interface LayerContext {
  readonly g: GraphBuilder;
  readonly weights: WeightReader;
  /** The ONNX tensor holding ncnn blob `blob`. */
  tensor(blob: string): string;
  /** Records that ncnn blob `blob` is held by ONNX tensor `tensor` (no node needed). */
  alias(blob: string, tensor: string): void;
}

type Converter = (layer: NcnnLayer, ctx: LayerContext) => void;

const NCNN_PAD_SAME = [-233, -234];

function bad(layer: NcnnLayer, what: string): never {
  throw new NcnnFormatError(`layer ${layer.name} (${layer.type}, line ${layer.line}): ${what}.`, {
    hint: 'This model uses a variant the converter does not handle; use --prefer ncnn for it, or report the model.',
  });
}

function one(layer: NcnnLayer, ctx: LayerContext): string {
  if (layer.inputs.length !== 1 || layer.outputs.length !== 1) bad(layer, `expected 1 input and 1 output, found ${layer.inputs.length} and ${layer.outputs.length}`);
  return ctx.tensor(layer.inputs[0]);
}

// Appends ncnn's fused activation (9=type, 10=params) after `x`, writing the layer's output blob.
function activation(layer: NcnnLayer, ctx: LayerContext, x: string, out: string): void {
  const { g } = ctx;
  const type = scalar(layer, 9, 0);
  const p = array(layer, 10);
  if (type === 0) {
    // No activation: the producing node writes the layer's blob itself (x is its fresh, unshared output).
    const producer = g.nodes.findLast((n) => n.output[0] === x);
    if (producer) producer.output[0] = out;
    else g.node('Identity', [x], [out]);
  }
  else if (type === 1) g.node('Relu', [x], [out]);
  else if (type === 2) g.node('LeakyRelu', [x], [out], [attr.f('alpha', p[0] ?? 0)]);
  else if (type === 3) g.node('Clip', [x, g.scalar(p[0] ?? -Infinity), g.scalar(p[1] ?? Infinity)], [out]);
  else if (type === 4) g.node('Sigmoid', [x], [out]);
  else bad(layer, `fused activation type ${type} is not supported (supported: none, ReLU, leaky ReLU, clip, sigmoid)`);
}

/** A (de)convolution's kernel, dilation, stride and padding as ncnn writes them (height falls back to width). */
interface NcnnGeometry {
  kw: number;
  kh: number;
  dw: number;
  dh: number;
  sw: number;
  sh: number;
  pl: number;
  pt: number;
  pr: number;
  pb: number;
}

function ncnnGeometry(layer: NcnnLayer): NcnnGeometry {
  const kw = scalar(layer, 1, 0);
  const dw = scalar(layer, 2, 1);
  const sw = scalar(layer, 3, 1);
  const pl = scalar(layer, 4, 0);
  const pt = scalar(layer, 14, pl);
  return { kw, kh: scalar(layer, 11, kw), dw, dh: scalar(layer, 12, dw), sw, sh: scalar(layer, 13, sw), pl, pt, pr: scalar(layer, 15, pl), pb: scalar(layer, 16, pt) };
}

// Kernel, stride, dilation and padding of a (de)convolution as ONNX attributes.
function convGeometry(layer: NcnnLayer): { kh: number; kw: number; attrs: ReturnType<typeof attr.ints>[] } {
  const { kw, kh, dw, dh, sw, sh, pl, pt, pr, pb } = ncnnGeometry(layer);
  if ([pl, pt, pr, pb].some((p) => NCNN_PAD_SAME.includes(p))) bad(layer, 'SAME-style automatic padding (-233/-234) is not supported');
  if (scalar(layer, 18, 0) !== 0 && layer.type === 'Convolution') bad(layer, 'a non-zero pad value is not supported');
  if (scalar(layer, 8, 0) !== 0) bad(layer, 'int8 quantised layers are not supported');
  if (kw <= 0 || kh <= 0) bad(layer, `kernel size ${kw}x${kh} is not positive`);
  return {
    kh,
    kw,
    attrs: [attr.ints('kernel_shape', [kh, kw]), attr.ints('strides', [sh, sw]), attr.ints('dilations', [dh, dw]), attr.ints('pads', [pt, pl, pb, pr])],
  };
}

/**
 * A convolution whose result is only added to its own input (a residual block, `conv(x) + x`) is the
 * same convolution with 1 added to each channel's centre tap. Folding the identity in lets ONNX Runtime
 * fuse the activation that follows into the convolution: its NCHWc layout pass fuses the residual Add but
 * not a LeakyReLU after it, so every RIFE block paid a layout round trip plus two full passes per conv.
 */
export interface FoldedResidual {
  /** The Add's output blob, written instead of the convolution's. */
  readonly output: string;
}

export function convolution(layer: NcnnLayer, ctx: LayerContext, residual?: FoldedResidual): void {
  const x = one(layer, ctx);
  const { g, weights } = ctx;
  const out = scalar(layer, 0, 0);
  const size = scalar(layer, 6, 0);
  const group = layer.type === 'ConvolutionDepthWise' ? scalar(layer, 7, 1) : 1;
  const { kh, kw, attrs } = convGeometry(layer);
  const perGroupIn = size / (out * kh * kw);
  if (!Number.isInteger(perGroupIn) || perGroupIn <= 0) bad(layer, `weight size ${size} is not a multiple of ${out}×${kh}×${kw}`);
  const values = weights.weights(size, layer.name);
  if (residual) {
    if (!residualFoldable(layer) || perGroupIn !== out) bad(layer, 'internal: a residual Add was folded into a convolution that cannot take it');
    const centre = ((kh - 1) / 2) * kw + (kw - 1) / 2;
    for (let o = 0; o < out; o++) values[(o * out + o) * kh * kw + centre] += 1;
  }
  const w = g.floats(`${layer.name}.weight`, [out, perGroupIn, kh, kw], values);
  const inputs = [x, w];
  if (scalar(layer, 5, 0)) inputs.push(g.floats(`${layer.name}.bias`, [out], weights.raw(out, layer.name)));
  const conv = g.op('Conv', inputs, [...attrs, attr.i('group', group)], layer.name);
  activation(layer, ctx, conv, residual ? residual.output : layer.outputs[0]);
}

/** True when `conv(x) + x` can be one convolution: plain Convolution, stride 1, odd kernel, "same" padding, no activation. */
export function residualFoldable(layer: NcnnLayer): boolean {
  if (layer.type !== 'Convolution' || scalar(layer, 9, 0) !== 0) return false;
  const { kw, kh, dw, dh, sw, sh, pl, pt, pr, pb } = ncnnGeometry(layer);
  const same = kh === kw && kw % 2 === 1 && [pl, pt, pr, pb].every((p) => p === (kw - 1) / 2);
  return same && [dw, dh, sw, sh].every((v) => v === 1);
}

/** A PixelShuffle that reads only a deconvolution's output, folded into that deconvolution. */
export interface FoldedShuffle {
  readonly factor: number;
  readonly crd: boolean;
  /** The shuffle's output blob, written instead of the deconvolution's. */
  readonly output: string;
}

export function deconvolution(layer: NcnnLayer, ctx: LayerContext, shuffle?: FoldedShuffle): void {
  const x = one(layer, ctx);
  const { g, weights } = ctx;
  const out = scalar(layer, 0, 0);
  const size = scalar(layer, 6, 0);
  const { kh, kw, attrs } = convGeometry(layer);
  if (scalar(layer, 20, 0) > 0 || scalar(layer, 21, 0) > 0) bad(layer, 'a fixed output size (20=/21=) is not supported');
  const inCh = size / (out * kh * kw);
  if (!Number.isInteger(inCh) || inCh <= 0) bad(layer, `weight size ${size} is not a multiple of ${out}×${kh}×${kw}`);
  const src = weights.weights(size, layer.name);
  const bias = scalar(layer, 5, 0) ? weights.raw(out, layer.name) : undefined;
  const outputPadding = [scalar(layer, 19, 0), scalar(layer, 18, 0)];
  const geometry = subPixelGeometry(layer);
  if (geometry) {
    const { s, p } = geometry;
    const channel = shuffle ? shuffledPhases(s, shuffle.factor, out, shuffle.crd) : plainPhases(s);
    const plan = subPixelPlan(src, { out, inCh, k: kh, s, p }, channel);
    const inputs = [x, g.floats(`${layer.name}.weight`, [plan.convOut, inCh, plan.kernel, plan.kernel], plan.weights)];
    if (bias) {
      const b = new Float32Array(plan.convOut);
      for (let o = 0; o < out; o++) for (let a = 0; a < s; a++) for (let c = 0; c < s; c++) b[channel(o, a, c)] = bias[o];
      inputs.push(g.floats(`${layer.name}.bias`, [plan.convOut], b));
    }
    const convAttrs = [attr.ints('kernel_shape', [plan.kernel, plan.kernel]), attr.ints('pads', [...plan.pads])];
    const conv = g.op('Conv', inputs, convAttrs, layer.name);
    const block = shuffle ? s * shuffle.factor : s;
    const spread = g.op('DepthToSpace', [conv], [attr.i('blocksize', block), attr.s('mode', 'CRD')], `${layer.name}_d2s`);
    activation(layer, ctx, spread, shuffle ? shuffle.output : layer.outputs[0]);
    return;
  }
  if (shuffle) bad(layer, 'internal: a PixelShuffle was folded into a deconvolution that cannot be rewritten');
  // ncnn stores [out][in][kh][kw]; ONNX ConvTranspose wants [in][out][kh][kw] (a transpose, no flip).
  const dst = new Float32Array(size);
  const k = kh * kw;
  for (let o = 0; o < out; o++) for (let i = 0; i < inCh; i++) dst.set(src.subarray((o * inCh + i) * k, (o * inCh + i + 1) * k), (i * out + o) * k);
  const inputs = [x, g.floats(`${layer.name}.weight`, [inCh, out, kh, kw], dst)];
  if (bias) inputs.push(g.floats(`${layer.name}.bias`, [out], bias));
  const deconv = g.op('ConvTranspose', inputs, [...attrs, attr.ints('output_padding', outputPadding)], layer.name);
  activation(layer, ctx, deconv, layer.outputs[0]);
}

/** Stride and leading pad when this deconvolution can run as Conv + DepthToSpace (see subpixel.ts). */
export function subPixelGeometry(layer: NcnnLayer): { s: number; p: number } | undefined {
  const { kw, kh, dw, dh, sw, sh, pl, pt, pr, pb } = ncnnGeometry(layer);
  const outputPadding = [scalar(layer, 18, 0), scalar(layer, 19, 0)];
  const square = kh === kw && sh === sw && dh === 1 && dw === 1 && pt === pl && pb === pr;
  if (!square || outputPadding.some((v) => v !== 0) || !subPixelApplies(kw, sw, pl, pr)) return undefined;
  return { s: sw, p: pl };
}

function prelu(layer: NcnnLayer, ctx: LayerContext): void {
  const x = one(layer, ctx);
  const n = scalar(layer, 0, 0);
  if (n <= 0) bad(layer, 'PReLU needs 0=number of slopes');
  const slope = ctx.g.floats(`${layer.name}.slope`, n === 1 ? [1] : [n, 1, 1], ctx.weights.raw(n, layer.name));
  ctx.g.node('PRelu', [x, slope], [layer.outputs[0]], [], layer.name);
}

function relu(layer: NcnnLayer, ctx: LayerContext): void {
  const x = one(layer, ctx);
  const slope = scalar(layer, 0, 0);
  if (slope === 0) ctx.g.node('Relu', [x], [layer.outputs[0]], [], layer.name);
  else ctx.g.node('LeakyRelu', [x], [layer.outputs[0]], [attr.f('alpha', slope)], layer.name);
}

function interp(layer: NcnnLayer, ctx: LayerContext): void {
  const x = one(layer, ctx);
  const { g } = ctx;
  const mode = scalar(layer, 0, 0);
  const hs = scalar(layer, 1, 1);
  const ws = scalar(layer, 2, 1);
  if (scalar(layer, 3, 0) > 0 || scalar(layer, 4, 0) > 0 || scalar(layer, 5, 0) !== 0) bad(layer, 'a fixed or dynamic output size is not supported, only scale factors');
  const align = scalar(layer, 6, 0) === 1;
  const attrs = [];
  if (mode === 1) attrs.push(attr.s('mode', 'nearest'), attr.s('coordinate_transformation_mode', 'asymmetric'), attr.s('nearest_mode', 'floor'));
  else if (mode === 2) attrs.push(attr.s('mode', 'linear'), attr.s('coordinate_transformation_mode', align ? 'align_corners' : 'half_pixel'));
  else if (mode === 3) attrs.push(attr.s('mode', 'cubic'), attr.f('cubic_coeff_a', -0.75), attr.s('coordinate_transformation_mode', align ? 'align_corners' : 'half_pixel'));
  else bad(layer, `resize type ${mode} is not supported (1 nearest, 2 bilinear, 3 bicubic)`);
  const scales = g.floats(g.fresh(`${layer.name}.scales`), [4], [1, 1, hs, ws], 'float32');
  g.node('Resize', [x, '', scales], [layer.outputs[0]], attrs, layer.name);
}

// ncnn axes count dimensions of a CHW blob (0 = channel); ONNX adds the batch axis in front.
function onnxAxis(axis: number): number {
  return axis < 0 ? axis : axis + 1;
}

function crop(layer: NcnnLayer, ctx: LayerContext): void {
  const x = one(layer, ctx);
  const starts = array(layer, 9);
  const ends = array(layer, 10);
  const axes = array(layer, 11);
  if (starts.length === 0 || starts.length !== ends.length || starts.length !== axes.length) {
    bad(layer, 'only the slice form of Crop (-23309 starts, -23310 ends, -23311 axes of equal length) is supported');
  }
  const { g } = ctx;
  const END = Number.MAX_SAFE_INTEGER;
  g.node(
    'Slice',
    [x, g.ints(starts), g.ints(ends.map((e) => (e === -233 ? END : e))), g.ints(axes.map(onnxAxis))],
    [layer.outputs[0]],
    [],
    layer.name,
  );
}

const BINARY_OPS: Record<number, string> = { 0: 'Add', 1: 'Sub', 2: 'Mul', 3: 'Div', 4: 'Max', 5: 'Min', 6: 'Pow', 7: 'Sub', 8: 'Div' };

function binaryOp(layer: NcnnLayer, ctx: LayerContext): void {
  const op = scalar(layer, 0, 0);
  const opType = BINARY_OPS[op];
  if (!opType) bad(layer, `operation ${op} is not supported (0..8)`);
  const reverse = op === 7 || op === 8;
  let a: string;
  let b: string;
  if (scalar(layer, 1, 0) === 1) {
    a = one(layer, ctx);
    b = ctx.g.scalar(scalar(layer, 2, 0));
  } else {
    if (layer.inputs.length !== 2) bad(layer, `expected 2 inputs, found ${layer.inputs.length}`);
    a = ctx.tensor(layer.inputs[0]);
    b = ctx.tensor(layer.inputs[1]);
  }
  ctx.g.node(opType, reverse ? [b, a] : [a, b], [layer.outputs[0]], [], layer.name);
}

function eltwise(layer: NcnnLayer, ctx: LayerContext): void {
  const { g } = ctx;
  const op = scalar(layer, 0, 1);
  const coeffs = array(layer, 1);
  const xs = layer.inputs.map((blob) => ctx.tensor(blob));
  if (xs.length < 2) bad(layer, 'needs at least 2 inputs');
  if (op === 0) {
    const acc = xs.slice(0, -1).reduce((a, x) => g.op('Mul', [a, x]));
    g.node('Mul', [acc, xs[xs.length - 1]], [layer.outputs[0]], [], layer.name);
  }
  else if (op === 2) g.node('Max', xs, [layer.outputs[0]], [], layer.name);
  else if (op === 1) {
    if (coeffs.length !== 0 && coeffs.length !== xs.length) bad(layer, `has ${xs.length} inputs but ${coeffs.length} coefficients`);
    const terms = xs.map((x, i) => (coeffs.length === 0 || coeffs[i] === 1 ? x : g.op('Mul', [x, g.scalar(coeffs[i])])));
    addAll(g, terms, layer.outputs[0], layer.name);
  } else bad(layer, `operation ${op} is not supported (0 product, 1 sum, 2 max)`);
}

// Adds the terms into `out` with pairwise Adds: ONNX Runtime's CPU Add splits big tensors across threads, its
// variadic Sum does not (RIFE's full-size flow sums: 2.3 ms as Sum, ~0.5 ms as Add on 2 cores).
function addAll(g: GraphBuilder, terms: readonly string[], out: string, name?: string): void {
  if (terms.length === 1) {
    g.node('Identity', terms, [out], [], name);
    return;
  }
  const acc = terms.slice(0, -1).reduce((a, t) => g.op('Add', [a, t]));
  g.node('Add', [acc, terms[terms.length - 1]], [out], [], name);
}

function concat(layer: NcnnLayer, ctx: LayerContext): void {
  ctx.g.node('Concat', layer.inputs.map((b) => ctx.tensor(b)), [layer.outputs[0]], [attr.i('axis', onnxAxis(scalar(layer, 0, 0)))], layer.name);
}

function pixelShuffle(layer: NcnnLayer, ctx: LayerContext): void {
  const x = one(layer, ctx);
  const factor = scalar(layer, 0, 1);
  const mode = scalar(layer, 1, 0) === 0 ? 'CRD' : 'DCR';
  ctx.g.node('DepthToSpace', [x], [layer.outputs[0]], [attr.i('blocksize', factor), attr.s('mode', mode)], layer.name);
}

function split(layer: NcnnLayer, ctx: LayerContext): void {
  const x = one({ ...layer, outputs: layer.outputs.slice(0, 1) }, ctx);
  for (const blob of layer.outputs) ctx.alias(blob, x);
}

function unary(opType: string): Converter {
  return (layer, ctx) => {
    ctx.g.node(opType, [one(layer, ctx)], [layer.outputs[0]], [], layer.name);
  };
}

interface BaseGrid {
  /** [1, 2, H, W]: ((x+½)·sx − 1, (y+½)·sy − 1), the normalised sampling position of every pixel at zero flow. */
  base: string;
  /** [1, 2, 1, 1]: (sx, sy) = (2/W, 2/H), pixels → normalised units. */
  scale: string;
  /** [1, 2, 1, 1]: the normalised positions of the first and last pixel centres (the border clamp). */
  lo: string;
  hi: string;
}

// One base grid per image tensor, shared by every warp of that image (RIFE warps in0/in1 four times each).
const gridCache = new WeakMap<GraphBuilder, Map<string, BaseGrid>>();

function baseGrid(g: GraphBuilder, image32: string): BaseGrid {
  const cache = gridCache.get(g) ?? new Map<string, BaseGrid>();
  gridCache.set(g, cache);
  const hit = cache.get(image32);
  if (hit) return hit;
  const shape = g.op('Shape', [image32]);
  const h64 = g.op('Gather', [shape, g.scalar(2, 'int64')]);
  const w64 = g.op('Gather', [shape, g.scalar(3, 'int64')]);
  const toFloat = (t: string): string => g.op('Cast', [t], [attr.i('to', DataType.FLOAT)]);
  const h = toFloat(h64);
  const w = toFloat(w64);
  const zero = g.scalar(0, 'float32');
  const half = g.scalar(0.5, 'float32');
  const one = g.scalar(1, 'float32');
  const two = g.scalar(2, 'float32');
  const sx = g.op('Div', [two, w]);
  const sy = g.op('Div', [two, h]);
  const xs = g.op('Sub', [g.op('Mul', [g.op('Add', [g.op('Range', [zero, w, one], [], 'xs'), half]), sx]), one]); // [W]
  const ys = g.op('Sub', [g.op('Mul', [g.op('Add', [g.op('Range', [zero, h, one], [], 'ys'), half]), sy]), one]); // [H]
  const full = g.op('Concat', [g.ints([1, 1]), g.op('Unsqueeze', [h64, g.ints([0])]), g.op('Unsqueeze', [w64, g.ints([0])])], [attr.i('axis', 0)]);
  const gx = g.op('Expand', [xs, full]);
  const gy = g.op('Expand', [g.op('Unsqueeze', [ys, g.ints([1])]), full]);
  const base = g.op('Concat', [gx, gy], [attr.i('axis', 1)], 'base_grid');
  const pair = (a: string, b: string): string =>
    g.op('Reshape', [g.op('Concat', [a, b].map((s) => g.op('Unsqueeze', [s, g.ints([0])])), [attr.i('axis', 0)]), g.ints([1, 2, 1, 1])]);
  const scale = pair(sx, sy);
  const hi = g.op('Sub', [one, g.op('Mul', [scale, half])]);
  const lo = g.op('Neg', [hi]);
  const result = { base, scale, lo, hi };
  cache.set(image32, result);
  return result;
}

// rife.Warp: out(x,y) = bilinear sample of the image at (x+fx, y+fy), edges clamped. The grid is
// flow·scale + base in two full-size ops; sampling coordinates stay float32 even in the fp16 variant
// (fp16 cannot address pixels past 2048).
// What both warp forms share: the float32 image and the absolute sampling grid [N,2,H,W] in pixels.
function warpGrid(layer: NcnnLayer, ctx: LayerContext) {
  if (layer.inputs.length !== 2 || layer.outputs.length !== 1) bad(layer, 'expected 2 inputs (image, flow) and 1 output');
  const { g } = ctx;
  const half = g.dtype === 'float16';
  const to32 = (t: string): string => (half ? g.op('Cast', [t], [attr.i('to', DataType.FLOAT)]) : t);
  const image = to32(ctx.tensor(layer.inputs[0]));
  const flow = to32(ctx.tensor(layer.inputs[1]));
  const { base, scale, lo, hi } = baseGrid(g, image);
  const grid = g.op('Min', [g.op('Max', [g.op('Add', [g.op('Mul', [flow, scale]), base]), lo]), hi]);
  const sampleAttrs = [attr.s('mode', 'bilinear'), attr.s('padding_mode', 'zeros'), attr.i('align_corners', 0)];
  return { g, half, image, grid, sampleAttrs };
}

function warp(layer: NcnnLayer, ctx: LayerContext): void {
  const { g, half, image, grid: nchw, sampleAttrs } = warpGrid(layer, ctx);
  const grid = g.op('Transpose', [nchw], [attr.ints('perm', [0, 2, 3, 1])]);
  if (half) {
    const sampled = g.op('GridSample', [image, grid], sampleAttrs, layer.name);
    g.node('Cast', [sampled], [layer.outputs[0]], [attr.i('to', DataType.FLOAT16)]);
  } else {
    g.node('GridSample', [image, grid], [layer.outputs[0]], sampleAttrs, layer.name);
  }
}

/**
 * rife.Warp whose result is only ever shrunk by a bilinear half-pixel Resize of 1/k (k even): that Resize
 * reads each output pixel as the mean of the 2×2 pixels at (kX + k/2 − 1 + {0,1}, kY + k/2 − 1 + {0,1}),
 * so the warp is sampled at just those points (4/k² of the work) and averaged. Returns the shrunk tensor.
 */
export function warpShrunk(layer: NcnnLayer, ctx: LayerContext, k: number): string {
  const { g, half, image, grid, sampleAttrs } = warpGrid(layer, ctx);
  const END = Number.MAX_SAFE_INTEGER;
  const samples: string[] = [];
  for (const dy of [0, 1]) {
    for (const dx of [0, 1]) {
      const start = k / 2 - 1;
      const sub = g.op('Slice', [grid, g.ints([start + dy, start + dx]), g.ints([END, END]), g.ints([2, 3]), g.ints([k, k])]);
      samples.push(g.op('GridSample', [image, g.op('Transpose', [sub], [attr.ints('perm', [0, 2, 3, 1])])], sampleAttrs, `${layer.name}_sub`));
    }
  }
  const sum = g.fresh(`${layer.name}_sum`);
  addAll(g, samples, sum);
  const mean = g.op('Mul', [sum, g.scalar(0.25, 'float32')], [], `${layer.name}_shrunk`);
  return half ? g.op('Cast', [mean], [attr.i('to', DataType.FLOAT16)]) : mean;
}

export const CONVERTERS: Readonly<Record<string, Converter>> = {
  Convolution: convolution,
  ConvolutionDepthWise: convolution,
  Deconvolution: deconvolution,
  PReLU: prelu,
  ReLU: relu,
  Sigmoid: unary('Sigmoid'),
  TanH: unary('Tanh'),
  Interp: interp,
  Crop: crop,
  BinaryOp: binaryOp,
  Eltwise: eltwise,
  Concat: concat,
  PixelShuffle: pixelShuffle,
  Split: split,
  Noop: split,
  'rife.Warp': warp,
};
