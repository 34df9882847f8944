// Parses the Vulkan device lines ncnn prints on start ("[0 llvmpipe (LLVM 15.0.6, 256 bits)]  queueC=…").
export interface VulkanDevice {
  readonly index: number;
  readonly name: string;
  /** Mesa's llvmpipe/lavapipe and similar CPU renderers. */
  readonly software: boolean;
}

/** The distinct devices named in ncnn's stderr. */
export function parseNcnnDevices(stderr: string): VulkanDevice[] {
  const seen = new Map<number, VulkanDevice>();
  for (const match of stderr.matchAll(/^\[(\d+) (.+?)\]\s+queueC=/gm)) {
    const index = Number(match[1]);
    const name = match[2];
    seen.set(index, { index, name, software: /llvmpipe|lavapipe|swiftshader|software/i.test(name) });
  }
  return [...seen.values()];
}
