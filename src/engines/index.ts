// The engines layer's public surface: the interpolator/upscaler contracts, the one "first that can run"
// choice for each, and the backends other layers, the benchmarks and the GPU check name directly.
export type { EngineContext, EngineInfo, FallbackEvent, Interpolator, InterpolatorFactory } from './interpolator.js';
export type { Upscaler, UpscalerFactory } from './upscaler.js';
export type { EngineAttempt } from './select.js';
export { selectInterpolator, type PreferChoice, type SelectedInterpolator } from './registry.js';
export { blendFactory, blendFrames } from './blend.js';
export { isStreamFilter, minterpolateFactory, type StreamFilterInterpolator } from './ffmpeg/minterpolate.js';
export { isSoftwareAdapter, listProviders, ortVersion, probeWebgpu, rifeOnnxFactory, RifeOnnxInterpolator, RIFE_MODEL, type ProviderName, type VulkanAdapter, type WebgpuProbe } from './onnx/index.js';
export { chooseNcnnDevice, probeNcnnDevices, rifeNcnnFactory, runBinary, RifeNcnnInterpolator, RIFE_NCNN_MODEL } from './ncnn/index.js';
export {
  checkOutputSize,
  OnnxUpscaler,
  parseScale,
  parseTile,
  resolveUpscaleModel,
  selectUpscaler,
  UPSCALE_MODELS,
  type UpscalerAttempt,
} from './upscale/index.js';
