// Engines and devices in plain words for the page: which engine, on what, and whether a "GPU" is really a
// software adapter (the CPU drawing through a GPU interface).

const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|softpipe|software|microsoft basic render/i;

/** "the CPU", "the GPU through CUDA", "GPU NAME through Vulkan", with a software adapter named as such. */
export function deviceWords(device: string, description = ''): string {
  const [kind, ...rest] = device.split(':');
  const name = rest.join(':');
  const software = SOFTWARE_ADAPTER.test(name) || SOFTWARE_ADAPTER.test(description);
  const via = (api: string): string => (software ? `the software adapter${name ? ` ${name}` : ''} through ${api}: really the CPU, not a GPU` : `the GPU${name ? ` ${name}` : ''} through ${api}`);
  switch (kind.toLowerCase()) {
    case 'cpu':
      return 'the CPU';
    case 'cuda':
      return 'the NVIDIA GPU (CUDA)';
    case 'tensorrt':
      return 'the NVIDIA GPU (TensorRT)';
    case 'webgpu':
      return via('WebGPU');
    case 'vulkan':
      return via('Vulkan');
    default:
      return software ? `${device}, a software adapter: really the CPU, not a GPU` : device;
  }
}

/** "interpolating with blend on the CPU". */
export function engineWords(role: string, id: string, device: string, description?: string): string {
  const verb = role === 'upscaler' ? 'upscaling' : 'interpolating';
  return `${verb} with ${id} on ${deviceWords(device, description)}`;
}
