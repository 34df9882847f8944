// Builds an ONNX graph node by node: unique names, typed attributes, initializers in the compute dtype
// (float32, or float16 for the GPU variant), and cached scalar constants.
import { floatToHalf } from '../ncnn/bin.js';
import { AttributeType, DataType, type AttributeMessage, type NodeMessage, type TensorMessage } from './proto.js';

export type ComputeType = 'float32' | 'float16';

/** Typed attribute constructors (ONNX needs the type; a JS number does not say int or float). */
export const attr = {
  i: (name: string, i: number): AttributeMessage => ({ name, type: AttributeType.INT, i }),
  f: (name: string, f: number): AttributeMessage => ({ name, type: AttributeType.FLOAT, f }),
  s: (name: string, s: string): AttributeMessage => ({ name, type: AttributeType.STRING, s: Buffer.from(s) }),
  ints: (name: string, ints: readonly number[]): AttributeMessage => ({ name, type: AttributeType.INTS, ints: [...ints] }),
};

export class GraphBuilder {
  readonly nodes: NodeMessage[] = [];
  readonly initializers: TensorMessage[] = [];
  readonly dtype: ComputeType;
  #counter = 0;
  readonly #constants = new Map<string, string>();
  readonly #names = new Set<string>();

  constructor(dtype: ComputeType) {
    this.dtype = dtype;
  }

  /** ONNX element type of computed tensors. */
  get elemType(): number {
    return this.dtype === 'float16' ? DataType.FLOAT16 : DataType.FLOAT;
  }

  /** A fresh tensor name derived from `base`. */
  fresh(base: string): string {
    let name = `${base}__${this.#counter++}`;
    while (this.#names.has(name)) name = `${base}__${this.#counter++}`;
    this.#names.add(name);
    return name;
  }

  /** Adds a node; returns its first output. */
  node(opType: string, inputs: readonly string[], outputs: readonly string[], attributes: AttributeMessage[] = [], name?: string): string {
    this.nodes.push({ opType, input: [...inputs], output: [...outputs], name: name ?? this.fresh(opType), attribute: attributes });
    return outputs[0];
  }

  /** Adds a node with one fresh output named after `base`. */
  op(opType: string, inputs: readonly string[], attributes: AttributeMessage[] = [], base = opType): string {
    return this.node(opType, inputs, [this.fresh(base)], attributes);
  }

  /** A float initializer in the compute dtype (or forced float32). */
  floats(name: string, dims: readonly number[], values: ArrayLike<number>, forceType?: ComputeType): string {
    const type = forceType ?? this.dtype;
    let raw: Buffer;
    if (type === 'float16') {
      raw = Buffer.alloc(values.length * 2);
      for (let i = 0; i < values.length; i++) raw.writeUInt16LE(floatToHalf(values[i]), i * 2);
    } else {
      raw = Buffer.from(Float32Array.from(values).buffer);
    }
    this.initializers.push({ name, dims: [...dims], dataType: type === 'float16' ? DataType.FLOAT16 : DataType.FLOAT, rawData: raw });
    this.#names.add(name);
    return name;
  }

  /** An int64 initializer. */
  int64s(name: string, dims: readonly number[], values: readonly number[]): string {
    const raw = Buffer.from(BigInt64Array.from(values.map((v) => BigInt(v))).buffer);
    this.initializers.push({ name, dims: [...dims], dataType: DataType.INT64, rawData: raw });
    this.#names.add(name);
    return name;
  }

  /** A cached scalar constant in the compute dtype (or float32 / int64). */
  scalar(value: number, type: ComputeType | 'int64' = this.dtype): string {
    const key = `${type}:${value}`;
    const existing = this.#constants.get(key);
    if (existing) return existing;
    const name = this.fresh(`const_${type}`);
    if (type === 'int64') this.int64s(name, [], [value]);
    else this.floats(name, [], [value], type);
    this.#constants.set(key, name);
    return name;
  }

  /** A cached 1-D int64 constant. */
  ints(values: readonly number[]): string {
    const key = `i64[]:${values.join(',')}`;
    const existing = this.#constants.get(key);
    if (existing) return existing;
    const name = this.int64s(this.fresh('const_ints'), [values.length], values);
    this.#constants.set(key, name);
    return name;
  }
}
