// Upscaling engines: Real-ESRGAN on ONNX Runtime with tiling, ffmpeg lanczos, and the --prefer chain.
export { FallbackUpscaler } from './fallback-upscaler.js';
export { selectUpscaler, onnxUpscalerFactory, lanczosUpscalerFactory, UPSCALER_FACTORIES, type UpscaleContext, type UpscalerAttempt } from './factories.js';
export { OnnxUpscaler, type OnnxUpscalerOptions } from './onnx-upscaler.js';
export { FfmpegLanczosUpscaler } from './lanczos.js';
export { UPSCALE_MODELS, DEFAULT_UPSCALE_MODEL, UPSCALE_SCALES, resolveUpscaleModel, parseScale, type UpscaleModelSpec } from './models.js';
export { autoTileSize, parseTile, checkOutputSize, cpuMemoryBudget, MIN_TILE, MAX_OUTPUT_SIDE, type TileDecision } from './tile-size.js';
export { planTiles, upscaleTiled, type Tile, type TileRunner } from './tiling.js';
