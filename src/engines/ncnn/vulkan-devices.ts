// Parses the Vulkan device lines ncnn prints on start ("[0 llvmpipe (LLVM 15.0.6, 256 bits)]  queueC=…"),
// and picks the one rife-ncnn-vulkan runs on: a hardware device, never a software renderer (lavapipe).
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

/** Where rife-ncnn-vulkan runs: `gpu` is its `-g` (-1: ncnn's CPU path); `skipped` the software devices passed over. */
export interface NcnnDeviceChoice {
  readonly gpu: number;
  readonly name?: string;
  readonly skipped: readonly VulkanDevice[];
}

/**
 * The first hardware device, wherever it is listed; with none, ncnn's own CPU path. A software Vulkan
 * device is emulation on the CPU (its shaders run on llvmpipe), slower than the CPU path doing the same
 * work (docs/webgpu.md), so it is never chosen.
 */
export function chooseNcnnDevice(devices: readonly VulkanDevice[]): NcnnDeviceChoice {
  const hardware = devices.find((d) => !d.software);
  const skipped = devices.filter((d) => d.software);
  return hardware ? { gpu: hardware.index, name: hardware.name, skipped } : { gpu: -1, skipped };
}
