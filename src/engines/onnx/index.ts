// ONNX Runtime backends: provider probing/selection, the session wrapper, RIFE.
export { listProviders, providerPlan, selectProvider, ortVersion, ortBinaryDir, DEVICES, PROVIDER_ORDER, type Device, type ProviderInfo, type ProviderName, type ProviderPlan } from './providers.js';
export { nvidiaVulkanProblem, vulkanLoaderPresent, type DriverFiles } from './vulkan-driver.js';
export { probeWebgpu, dawnWarnings, type ProbeDrivers, type WebgpuProbe } from './webgpu-probe.js';
export { gpuPresent, planProviders, webgpuReady, type PlanInputs } from './plan-providers.js';
export { hardwareAdapter, isSoftwareAdapter, parseVulkaninfo, pickAdapter, vulkanIcds, type VulkanAdapter, type VulkanIcd } from './vulkan-adapters.js';
export { OrtSession, type OrtSessionOptions } from './ort-session.js';
export { RifeOnnxInterpolator, RIFE_MODEL, precisionFor, sessionsFor, type RifeOnnxOptions, type RifeSession } from './rife-onnx.js';
export { RifeOnnxEngine, rifeOnnxFactory, rifeStarters } from './rife-onnx-engine.js';
export { toPlanar, fromPlanar } from './planar.js';
export { tensorrtEnv } from './tensorrt-env.js';
