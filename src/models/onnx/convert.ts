// ncnn (.param + .bin) → ONNX ModelProto bytes. Tensor names follow ncnn blob names; inputs are
// [1, C, H, W] float32 with symbolic H/W, outputs are float32. The fp16 variant computes in float16
// between a cast after each input and a cast before each output.
import { NcnnFormatError } from '../ncnn/errors.js';
import { WeightReader } from '../ncnn/bin.js';
import { array, parseParam, scalar, type NcnnLayer } from '../ncnn/param.js';
import { GraphBuilder, attr, type ComputeType } from './builder.js';
import { CONVERTERS, convolution, deconvolution, residualFoldable, subPixelGeometry, warpShrunk, type LayerContext } from './layers.js';
import { DataType, encodeModel, type ValueInfoMessage } from './proto.js';
import { rewriteGraph } from './rewrite.js';

/** Bumped whenever the converter's output changes; part of the converted-model cache key. */
export const CONVERTER_VERSION = '4';
export const OPSET = 17;

export interface ConvertOptions {
  /** Input blob → channel count (the .param does not say); unknown channels stay symbolic. */
  inputs?: Readonly<Record<string, number>>;
  dtype?: ComputeType;
  /** File names for messages. */
  paramName?: string;
  binName?: string;
  /** Written into the model's metadata. */
  modelName?: string;
}

export interface ConvertResult {
  readonly bytes: Uint8Array;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Layer types seen, with counts. */
  readonly layerTypes: Readonly<Record<string, number>>;
}

/** Converts one ncnn model. Throws NcnnFormatError for malformed or unsupported models. */
export function convertNcnnToOnnx(paramText: string, bin: Buffer, options: ConvertOptions = {}): ConvertResult {
  const paramName = options.paramName ?? 'model.param';
  const graph = parseParam(paramText, paramName);
  const g = new GraphBuilder(options.dtype ?? 'float32');
  const weights = new WeightReader(bin, options.binName ?? 'model.bin');
  const tensors = new Map<string, string>();
  const consumed = new Set<string>();
  const inputs: ValueInfoMessage[] = [];
  const inputNames: string[] = [];
  const layerTypes: Record<string, number> = {};
  const unsupported = new Set<string>();
  for (const layer of graph.layers) if (layer.type !== 'Input' && !CONVERTERS[layer.type]) unsupported.add(layer.type);
  if (unsupported.size > 0) {
    throw new NcnnFormatError(`${paramName} uses layer types the converter does not support: ${[...unsupported].join(', ')}.`, {
      hint: `Supported: Input, ${Object.keys(CONVERTERS).join(', ')}. Use --prefer ncnn for this model.`,
    });
  }

  const ctx: LayerContext = {
    g,
    weights,
    tensor: (blob) => {
      consumed.add(blob);
      return tensors.get(blob) ?? blob;
    },
    alias: (blob, tensor) => tensors.set(blob, tensor),
  };

  const readers = new Map<string, NcnnLayer[]>();
  for (const layer of graph.layers) for (const blob of layer.inputs) readers.set(blob, [...(readers.get(blob) ?? []), layer]);
  const done = new Set<NcnnLayer>();
  const shrunk = new Map<string, string>();

  for (const layer of graph.layers) {
    layerTypes[layer.type] = (layerTypes[layer.type] ?? 0) + 1;
    if (done.has(layer)) continue;
    const k = layer.type === 'rife.Warp' ? shrinkFactorAfter(layer, readers) : undefined;
    if (k !== undefined) {
      shrunk.set(layer.outputs[0], warpShrunk(layer, ctx, k));
      continue;
    }
    if (resizeBeforeConcat(layer, readers, ctx, done, shrunk)) continue;
    if (deconvThenShuffle(layer, readers, ctx, done)) continue;
    if (convPlusInput(layer, readers, tensors, ctx, done)) continue;
    if (layer.type === 'Input') {
      for (const blob of layer.outputs) {
        const channels = options.inputs?.[blob];
        inputs.push(valueInfo(blob, DataType.FLOAT, [1, channels ?? `C_${blob}`, 'H', 'W']));
        inputNames.push(blob);
        if (g.dtype === 'float16') ctx.alias(blob, g.op('Cast', [blob], [attr.i('to', DataType.FLOAT16)], `${blob}_fp16`));
      }
      continue;
    }
    CONVERTERS[layer.type](layer, ctx);
  }
  weights.finish();

  const produced = graph.layers.filter((l) => l.type !== 'Input').flatMap((l) => l.outputs);
  const outputNames = produced.filter((blob) => !consumed.has(blob));
  if (outputNames.length === 0) throw new NcnnFormatError(`${paramName} has no output blob (every blob is consumed).`);
  rewriteGraph(g, new Set(outputNames.map((blob) => tensors.get(blob) ?? blob)));
  for (const blob of outputNames) finishOutput(g, blob, tensors.get(blob));

  const bytes = encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'interup-ncnn2onnx',
    producerVersion: CONVERTER_VERSION,
    docString: `Converted from ncnn ${paramName}`,
    metadataProps: [
      { key: 'source', value: options.modelName ?? paramName },
      { key: 'dtype', value: g.dtype },
    ],
    graph: {
      name: options.modelName ?? 'ncnn',
      node: g.nodes,
      initializer: g.initializers,
      input: inputs,
      output: outputNames.map((blob) => valueInfo(blob, DataType.FLOAT, undefined)),
    },
  });
  return { bytes, inputs: inputNames, outputs: outputNames, layerTypes };
}

// Concat on channels read only by an Interp: resize each part, then concatenate the small results. The same
// values (resizing works per channel), but the concatenation copies 1/16 of the data (RIFE concatenates
// full-size warped frames just to shrink them).
function resizeBeforeConcat(layer: NcnnLayer, readers: Map<string, NcnnLayer[]>, ctx: LayerContext, done: Set<NcnnLayer>, shrunk: Map<string, string>): boolean {
  if (layer.type !== 'Concat' || scalar(layer, 0, 0) !== 0 || layer.outputs.length !== 1) return false;
  const users = readers.get(layer.outputs[0]) ?? [];
  if (users.length !== 1 || users[0].type !== 'Interp' || users[0].inputs.length !== 1) return false;
  const interp = users[0];
  const parts = layer.inputs.map((blob, i) => {
    const ready = shrunk.get(blob);
    if (ready) {
      ctx.tensor(blob);
      return ready;
    }
    const out = ctx.g.fresh(`${interp.name}_part${i}`);
    CONVERTERS.Interp({ ...interp, name: `${interp.name}_part${i}`, inputs: [blob], outputs: [out] }, ctx);
    return out;
  });
  ctx.tensor(layer.outputs[0]);
  ctx.g.node('Concat', parts, [interp.outputs[0]], [attr.i('axis', 1)], layer.name);
  done.add(interp);
  return true;
}

// A Convolution read only by an Add whose other operand is the convolution's own input (through Splits):
// one convolution with the identity folded into its weights (see convolution()).
function convPlusInput(layer: NcnnLayer, readers: Map<string, NcnnLayer[]>, tensors: Map<string, string>, ctx: LayerContext, done: Set<NcnnLayer>): boolean {
  if (!residualFoldable(layer) || layer.inputs.length !== 1 || layer.outputs.length !== 1) return false;
  const users = readers.get(layer.outputs[0]) ?? [];
  if (users.length !== 1) return false;
  const add = users[0];
  const isAdd = (add.type === 'BinaryOp' && scalar(add, 0, 0) === 0 && scalar(add, 1, 0) === 0) || (add.type === 'Eltwise' && scalar(add, 0, 1) === 1 && array(add, 1).length === 0);
  if (!isAdd || add.inputs.length !== 2 || add.outputs.length !== 1) return false;
  const other = add.inputs[0] === layer.outputs[0] ? add.inputs[1] : add.inputs[0];
  const resolve = (blob: string): string => tensors.get(blob) ?? blob;
  if (resolve(other) !== resolve(layer.inputs[0])) return false;
  const kw = scalar(layer, 1, 0);
  if (scalar(layer, 6, 0) !== scalar(layer, 0, 0) ** 2 * kw * scalar(layer, 11, kw)) return false;
  ctx.tensor(layer.outputs[0]);
  ctx.tensor(other);
  convolution(layer, ctx, { output: add.outputs[0] });
  done.add(add);
  return true;
}

// A Deconvolution read only by a PixelShuffle: both become one Conv + DepthToSpace (see subpixel.ts).
function deconvThenShuffle(layer: NcnnLayer, readers: Map<string, NcnnLayer[]>, ctx: LayerContext, done: Set<NcnnLayer>): boolean {
  if (layer.type !== 'Deconvolution' || layer.outputs.length !== 1) return false;
  const users = readers.get(layer.outputs[0]) ?? [];
  if (users.length !== 1 || users[0].type !== 'PixelShuffle' || users[0].outputs.length !== 1) return false;
  const shuffle = users[0];
  const factor = scalar(shuffle, 0, 1);
  const out = scalar(layer, 0, 0);
  if (factor < 2 || out % (factor * factor) !== 0 || scalar(layer, 9, 0) !== 0 || !subPixelGeometry(layer)) return false;
  ctx.tensor(layer.outputs[0]);
  deconvolution(layer, ctx, { factor, crd: scalar(shuffle, 1, 0) === 0, output: shuffle.outputs[0] });
  done.add(shuffle);
  return true;
}

// k when `warp`'s only reader is a channel Concat whose only reader is a bilinear half-pixel Interp by 1/k
// with k even and at least 4 (then the warp can be sampled at the Resize's sample points only).
function shrinkFactorAfter(warp: NcnnLayer, readers: Map<string, NcnnLayer[]>): number | undefined {
  const users = readers.get(warp.outputs[0]) ?? [];
  if (users.length !== 1 || users[0].type !== 'Concat' || scalar(users[0], 0, 0) !== 0) return undefined;
  const next = readers.get(users[0].outputs[0]) ?? [];
  if (next.length !== 1 || next[0].type !== 'Interp') return undefined;
  const interp = next[0];
  if (scalar(interp, 0, 0) !== 2 || scalar(interp, 6, 0) === 1 || scalar(interp, 3, 0) > 0 || scalar(interp, 4, 0) > 0) return undefined;
  const hs = scalar(interp, 1, 1);
  const k = Math.round(1 / hs);
  if (Math.abs(scalar(interp, 2, 1) - hs) > 1e-9 || Math.abs(1 / hs - k) > 1e-6 || k < 4 || k % 2 !== 0) return undefined;
  return k;
}

// Makes tensor `blob` exist as a float32 graph output: renames the producer's output when a cast or an
// identity is needed (fp16 compute, or a blob that is only an alias of another tensor).
function finishOutput(g: GraphBuilder, blob: string, aliasOf: string | undefined): void {
  const source = aliasOf ?? blob;
  if (g.dtype === 'float32') {
    if (aliasOf) g.node('Identity', [aliasOf], [blob]);
    return;
  }
  let from = source;
  if (!aliasOf) {
    from = g.fresh(`${blob}_fp16`);
    for (const node of g.nodes) node.output = node.output.map((o) => (o === blob ? from : o));
  }
  g.node('Cast', [from], [blob], [attr.i('to', DataType.FLOAT)]);
}

function valueInfo(name: string, elemType: number, dims: Array<number | string> | undefined): ValueInfoMessage {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        ...(dims ? { shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } : {}),
      },
    },
  };
}
