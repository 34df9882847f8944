// ncnn backends: the rife-ncnn-vulkan binary engine and its helpers.
export { RifeNcnnInterpolator, RIFE_NCNN_MODEL, type RifeNcnnOptions } from './rife-ncnn.js';
export { rifeNcnnFactory } from './factory.js';
export { runBinary, probeNcnnDevices, BINARY, type BinaryOptions } from './binary.js';
export { stepOf, planChains, outputNumber, MAX_STEPS } from './steps.js';
export { chooseNcnnDevice, parseNcnnDeviceRequest, parseNcnnDevices, type NcnnDeviceChoice, type NcnnDeviceRequest, type VulkanDevice } from './vulkan-devices.js';
