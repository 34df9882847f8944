// Engines and devices in plain words for the page: which engine, on what, and whether a "GPU" is really a
// software adapter (the CPU drawing through a GPU interface).

const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|softpipe|software|microsoft basic render/i;

/** "the CPU", "the GPU through CUDA", "GPU NAME through Vulkan", with a software adapter named as such. */
export function deviceWords(device: string, description = ''): string {
  const [kind, ...rest] = device.split(':');
  const name = rest.join(':');
  const software = SOFTWARE_ADAPTER.test(name) || SOFTWARE_ADAPTER.test(description);
  const soft = (what: string): string => (software ? `${what}, a software adapter: really the CPU, not a GPU` : what);
  switch (kind.toLowerCase()) {
    case 'cpu':
      return 'the CPU';
    case 'cuda':
      return 'the NVIDIA GPU (CUDA)';
    case 'tensorrt':
      return 'the NVIDIA GPU (TensorRT)';
    case 'webgpu':
      return soft(`the GPU through WebGPU${name ? ` (${name})` : ''}`);
    case 'vulkan':
      return soft(`the GPU${name ? ` ${name}` : ''} through Vulkan`);
    default:
      return soft(device);
  }
}

/** "interpolating with blend on the CPU". */
export function engineWords(role: string, id: string, device: string, description?: string): string {
  const verb = role === 'upscaler' ? 'upscaling' : 'interpolating';
  return `${verb} with ${id} on ${deviceWords(device, description)}`;
}
