// The engine and device in plain words on the page: a GPU that is really a software adapter says so.
import { describe, expect, it } from 'vitest';
import { deviceWords, engineWords } from '../../src/serve/words.js';

describe('device words', () => {
  it('names the CPU, NVIDIA providers, and says when a Vulkan or WebGPU "GPU" is a software adapter', () => {
    expect(engineWords('interpolator', 'blend', 'cpu')).toBe('interpolating with blend on the CPU');
    expect(engineWords('upscaler', 'realesrgan-onnx', 'cuda')).toBe('upscaling with realesrgan-onnx on the NVIDIA GPU (CUDA)');
    expect(deviceWords('vulkan:NVIDIA GeForce RTX 4090')).toBe('the GPU NVIDIA GeForce RTX 4090 through Vulkan');
    expect(deviceWords('vulkan:llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('the software adapter llvmpipe (LLVM 15.0.6, 256 bits) through Vulkan: really the CPU, not a GPU');
    expect(deviceWords('webgpu', 'RIFE 4.6, WebGPU adapter: SwiftShader Device (Subzero)')).toBe('the software adapter through WebGPU: really the CPU, not a GPU');
  });
});
