// ncnn backends: the rife-ncnn-vulkan binary engine and its helpers.
export { RifeNcnnInterpolator, rifeNcnnFactory, probeNcnnDevices, runBinary, RIFE_NCNN_MODEL, type RifeNcnnOptions } from './rife-ncnn.js';
export { parseNcnnDevices, type VulkanDevice } from './vulkan-devices.js';
