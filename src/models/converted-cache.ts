// Converted ONNX models are cached next to their sources, keyed by the sources' sha256, the converter
// version and the dtype, so a changed model or converter never reuses a stale file.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComputeType } from './onnx/builder.js';
import { CONVERTER_VERSION, OPSET, convertNcnnToOnnx } from './onnx/convert.js';
import type { ModelEntry } from './catalog.js';
import { modelDir } from './model-state.js';
import { InterupError, silentLogger, type Logger } from '../util/index.js';

export interface ConvertedModel {
  readonly path: string;
  readonly key: string;
  /** True when this call converted it (false: found in the cache). */
  readonly converted: boolean;
}

/** The ONNX file for `entry` in `dtype`, converting once and caching the result. */
export function convertedModel(modelsDir: string, entry: ModelEntry, dtype: ComputeType, logger: Logger = silentLogger): ConvertedModel {
  const dir = modelDir(modelsDir, entry);
  const paramFile = entry.files.find((f) => f.role === 'param');
  const binFile = entry.files.find((f) => f.role === 'bin');
  if (!paramFile || !binFile) throw new Error(`internal: catalog entry ${entry.name} lacks a param or bin file`);
  const paramPath = join(dir, paramFile.name);
  const binPath = join(dir, binFile.name);
  if (!existsSync(paramPath) || !existsSync(binPath)) {
    throw new InterupError('MODEL_MISSING', `Model ${entry.name} is not in ${modelsDir}.`, { hint: `Run: interup models fetch ${entry.name}` });
  }
  const param = readFileSync(paramPath);
  const bin = readFileSync(binPath);
  const key = createHash('sha256')
    .update(param)
    .update(bin)
    .update(`converter=${CONVERTER_VERSION};opset=${OPSET};dtype=${dtype}`)
    .digest('hex')
    .slice(0, 16);
  const outDir = join(dir, 'onnx');
  const path = join(outDir, `${entry.name}-${dtype === 'float16' ? 'fp16' : 'fp32'}-${key}.onnx`);
  if (existsSync(path)) return { path, key, converted: false };
  const started = Date.now();
  const result = convertNcnnToOnnx(param.toString('utf8'), bin, {
    inputs: entry.inputs,
    dtype,
    paramName: paramFile.name,
    binName: binFile.name,
    modelName: entry.name,
  });
  mkdirSync(outDir, { recursive: true });
  // Older conversions of this model (another converter version or source) are stale: remove them.
  for (const old of readdirSync(outDir)) if (old.startsWith(`${entry.name}-${dtype === 'float16' ? 'fp16' : 'fp32'}-`)) rmSync(join(outDir, old), { force: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, result.bytes);
  renameSync(tmp, path);
  logger.info(`converted ${entry.name} to ONNX (${dtype})`, { ms: Date.now() - started, path });
  return { path, key, converted: true };
}
