// Diagnostics: the doctor report and the GPU check.
export { runDoctor, type DoctorReport } from './doctor.js';
export { formatDoctor } from './format.js';
export { runGpuCheck, FP32_GOAL, type GpuCheckOptions, type GpuCheckReport, type GpuCheckRow } from './gpu-check.js';
export { formatGpuCheck } from './gpu-check-format.js';
