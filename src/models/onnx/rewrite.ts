// Graph rewrites on the converted ONNX graph that ONNX Runtime's own optimiser does not do, each keeping
// the values (up to float rounding): work that a full-size tensor would pay for is moved to the small
// tensor it was resized from. RIFE upsamples each block's 6-channel flow to full size, then slices the
// flow and mask channels out of it and scales the flow: slicing and scaling before the Resize touch 1/4 to
// 1/64 of the pixels, and the unused sixth channel is never resized at all.
import type { GraphBuilder } from './builder.js';
import { DataType, type NodeMessage, type TensorMessage } from './proto.js';

/** Applies the rewrites until none applies; `outputs` are graph outputs, which are never removed or renamed. */
export function rewriteGraph(g: GraphBuilder, outputs: ReadonlySet<string>): void {
  const constants = new Map<string, TensorMessage>(g.initializers.map((t) => [t.name, t]));
  for (let changed = true; changed; ) {
    changed = sliceBeforeResize(g, outputs, constants) || scaleBeforeResize(g, outputs, constants) || flattenConcat(g, outputs);
  }
}

function consumers(nodes: readonly NodeMessage[], tensor: string): NodeMessage[] {
  return nodes.filter((n) => n.input.includes(tensor));
}

function int64s(t: TensorMessage | undefined): number[] | undefined {
  if (!t || t.dataType !== DataType.INT64) return undefined;
  const raw = Buffer.from(t.rawData);
  const out: number[] = [];
  for (let i = 0; i + 8 <= raw.length; i += 8) out.push(Number(raw.readBigInt64LE(i)));
  return out;
}

function floats(t: TensorMessage | undefined): number[] | undefined {
  if (!t || t.dataType !== DataType.FLOAT) return undefined;
  const raw = Buffer.from(t.rawData);
  const out: number[] = [];
  for (let i = 0; i + 4 <= raw.length; i += 4) out.push(raw.readFloatLE(i));
  return out;
}

// A Resize that enlarges (and only enlarges): the rewrites move work to its input, which must be the smaller side.
function isUpscale(resize: NodeMessage, constants: Map<string, TensorMessage>): boolean {
  if (resize.opType !== 'Resize') return false;
  const scales = floats(constants.get(resize.input[2] ?? ''));
  return scales !== undefined && scales.length === 4 && scales[0] === 1 && scales[1] === 1 && scales[2] >= 1 && scales[3] >= 1;
}

function isScalarFloat(t: TensorMessage | undefined): boolean {
  return t !== undefined && t.dims.length === 0 && (t.dataType === DataType.FLOAT || t.dataType === DataType.FLOAT16);
}

// An enlarging Resize then channel Slices only → Slice then Resize for each (Resize works per channel).
function sliceBeforeResize(g: GraphBuilder, outputs: ReadonlySet<string>, constants: Map<string, TensorMessage>): boolean {
  const nodes = g.nodes;
  for (const resize of nodes) {
    if (!isUpscale(resize, constants) || outputs.has(resize.output[0])) continue;
    const users = consumers(nodes, resize.output[0]);
    const channelSlices = users.every((s) => {
      if (s.opType !== 'Slice' || s.input[0] !== resize.output[0]) return false;
      const axes = int64s(constants.get(s.input[3] ?? ''));
      const steps = s.input[4] ? int64s(constants.get(s.input[4])) : [1];
      return axes !== undefined && axes.every((a) => a === 1) && steps !== undefined && steps.every((v) => v === 1);
    });
    if (users.length === 0 || !channelSlices) continue;
    for (const slice of users) {
      const small = g.fresh(`${slice.name}_small`);
      const at = nodes.indexOf(slice);
      nodes.splice(
        at,
        1,
        { ...slice, input: [resize.input[0], ...slice.input.slice(1)], output: [small] },
        { ...resize, name: g.fresh(`${resize.name}_${slice.name}`), input: [small, ...resize.input.slice(1)], output: slice.output },
      );
    }
    nodes.splice(nodes.indexOf(resize), 1);
    return true;
  }
  return false;
}

// An enlarging Resize read only by a Mul or Div by a scalar constant → scale first, then resize (a linear map commutes
// with it; RIFE's factors are powers of two, so the values are the same bit for bit).
function scaleBeforeResize(g: GraphBuilder, outputs: ReadonlySet<string>, constants: Map<string, TensorMessage>): boolean {
  const nodes = g.nodes;
  for (const resize of nodes) {
    if (!isUpscale(resize, constants) || outputs.has(resize.output[0])) continue;
    const users = consumers(nodes, resize.output[0]);
    if (users.length !== 1) continue;
    const scale = users[0];
    const scalarSide = scale.input.findIndex((t) => isScalarFloat(constants.get(t)));
    const ok = (scale.opType === 'Mul' && scalarSide >= 0) || (scale.opType === 'Div' && scalarSide === 1);
    if (!ok || scale.input.length !== 2 || scale.input[1 - scalarSide] !== resize.output[0]) continue;
    const scaled = g.fresh(`${scale.name}_small`);
    const input = [...scale.input];
    input[1 - scalarSide] = resize.input[0];
    nodes.splice(nodes.indexOf(scale), 1, { ...resize, input: [scaled, ...resize.input.slice(1)], output: scale.output });
    nodes.splice(nodes.indexOf(resize), 1, { ...scale, input, output: [scaled] });
    return true;
  }
  return false;
}

// A Concat read only by another Concat on the same axis → its inputs go straight into the outer one
// (one copy of the data instead of two).
function flattenConcat(g: GraphBuilder, outputs: ReadonlySet<string>): boolean {
  const nodes = g.nodes;
  const axis = (n: NodeMessage): number | undefined => n.attribute.find((a) => a.name === 'axis')?.i;
  for (const inner of nodes) {
    if (inner.opType !== 'Concat' || outputs.has(inner.output[0])) continue;
    const users = consumers(nodes, inner.output[0]);
    if (users.length !== 1 || users[0].opType !== 'Concat' || axis(users[0]) !== axis(inner)) continue;
    const outer = users[0];
    if (outer.input.filter((t) => t === inner.output[0]).length !== 1) continue;
    const at = outer.input.indexOf(inner.output[0]);
    outer.input.splice(at, 1, ...inner.input);
    nodes.splice(nodes.indexOf(inner), 1);
    return true;
  }
  return false;
}
