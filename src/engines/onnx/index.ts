// ONNX Runtime backends: provider probing/selection, the session wrapper, RIFE.
export { listProviders, selectProvider, ortVersion, ortBinaryDir, DEVICES, type Device, type ProviderInfo } from './providers.js';
export { OrtSession, type OrtSessionOptions } from './ort-session.js';
export { RifeOnnxInterpolator, rifeOnnxFactory, RIFE_MODEL, type RifeOnnxOptions } from './rife-onnx.js';
export { toPlanar, fromPlanar } from './planar.js';
export { tensorrtEnv } from './tensorrt-env.js';
