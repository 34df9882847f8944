// Parses an ncnn .param text file: magic, counts, then one layer per line with `id=value` parameters.
// Hand-written because the format is a few lines of text and no maintained npm package reads it.
import { NcnnFormatError } from './errors.js';

export const NCNN_MAGIC = 7767517;

export type ParamValue = number | readonly number[];

export interface NcnnLayer {
  readonly type: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly params: ReadonlyMap<number, ParamValue>;
  /** 1-based line in the .param file, for messages. */
  readonly line: number;
}

export interface NcnnGraph {
  readonly layers: readonly NcnnLayer[];
  readonly blobCount: number;
}

/** Parses .param text; `source` names the file in errors. */
export function parseParam(text: string, source = 'model.param'): NcnnGraph {
  const lines = text.split(/\r?\n/);
  const fail = (line: number, what: string): never => {
    throw new NcnnFormatError(`${source} line ${line}: ${what}.`);
  };
  if (Number(lines[0]?.trim()) !== NCNN_MAGIC) fail(1, `expected the ncnn magic ${NCNN_MAGIC} but found ${JSON.stringify(lines[0]?.slice(0, 20) ?? '')}`);
  const counts = (lines[1] ?? '').trim().split(/\s+/).map(Number);
  if (counts.length !== 2 || !counts.every((n) => Number.isInteger(n) && n > 0)) fail(2, 'expected "layer_count blob_count"');
  const [layerCount, blobCount] = counts;
  const layers: NcnnLayer[] = [];
  const produced = new Set<string>();
  for (let i = 2; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '') continue;
    const line = i + 1;
    const tokens = raw.split(/\s+/);
    if (tokens.length < 4) fail(line, `expected "type name inputs outputs …" but found ${JSON.stringify(raw.slice(0, 60))}`);
    const [type, name, nInText, nOutText] = tokens;
    const nIn = Number(nInText);
    const nOut = Number(nOutText);
    if (!Number.isInteger(nIn) || !Number.isInteger(nOut) || nIn < 0 || nOut < 0) fail(line, `layer ${name}: bad input/output counts ${nInText} ${nOutText}`);
    if (tokens.length < 4 + nIn + nOut) fail(line, `layer ${name}: declares ${nIn} inputs and ${nOut} outputs but lists fewer blob names`);
    const inputs = tokens.slice(4, 4 + nIn);
    const outputs = tokens.slice(4 + nIn, 4 + nIn + nOut);
    for (const blob of inputs) if (!produced.has(blob)) fail(line, `layer ${name} reads blob ${blob} that no earlier layer produces`);
    for (const blob of outputs) produced.add(blob);
    const params = new Map<number, ParamValue>();
    for (const token of tokens.slice(4 + nIn + nOut)) parseParamToken(token, params, (what) => fail(line, `layer ${name}: ${what}`));
    layers.push({ type, name, inputs, outputs, params, line });
  }
  if (layers.length !== layerCount) fail(2, `header says ${layerCount} layers but the file has ${layers.length}`);
  return { layers, blobCount };
}

// One `id=value` or `-233xx=n,v1,…,vn` token.
function parseParamToken(token: string, params: Map<number, ParamValue>, fail: (what: string) => never): void {
  const eq = token.indexOf('=');
  if (eq <= 0) fail(`expected id=value but found ${JSON.stringify(token)}`);
  const key = Number(token.slice(0, eq));
  const value = token.slice(eq + 1);
  if (!Number.isInteger(key)) fail(`bad parameter id in ${JSON.stringify(token)}`);
  if (key <= -23300) {
    const id = -key - 23300;
    const parts = value.split(',').map(Number);
    const count = parts[0];
    if (!Number.isInteger(count) || count < 0 || parts.length !== count + 1 || parts.some((n) => Number.isNaN(n))) {
      fail(`array parameter ${token.slice(0, eq)} should be "count,v1,…" with count values in ${JSON.stringify(token)}`);
    }
    params.set(id, parts.slice(1));
    return;
  }
  if (key < 0 || key > 31) fail(`parameter id ${key} out of range 0..31`);
  const n = Number(value);
  if (value === '' || Number.isNaN(n)) fail(`parameter ${key} has a non-numeric value ${JSON.stringify(value)}`);
  params.set(key, n);
}

/** Scalar parameter `id` of `layer`, or `fallback`. */
export function scalar(layer: NcnnLayer, id: number, fallback: number): number {
  const v = layer.params.get(id);
  if (v === undefined) return fallback;
  if (typeof v !== 'number') throw new NcnnFormatError(`layer ${layer.name} (line ${layer.line}): parameter ${id} should be a number, not an array.`);
  return v;
}

/** Array parameter `id` of `layer` (written -233xx), or `fallback`. */
export function array(layer: NcnnLayer, id: number, fallback: readonly number[] = []): readonly number[] {
  const v = layer.params.get(id);
  if (v === undefined) return fallback;
  if (typeof v === 'number') throw new NcnnFormatError(`layer ${layer.name} (line ${layer.line}): parameter ${id} should be an array.`);
  return v;
}
