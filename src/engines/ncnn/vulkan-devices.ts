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
  /** Set when the device was named (INTERUP_NCNN_GPU) and is a software one: used because it was asked for. */
  readonly software?: boolean;
}

/** What the user asked for: `auto`, `cpu` (ncnn's CPU path) or a device number. */
export type NcnnDeviceRequest = 'auto' | 'cpu' | number;

/**
 * With `auto`: the first hardware device, wherever it is listed; with none, ncnn's own CPU path. A software
 * Vulkan device is emulation on the CPU (its shaders run on llvmpipe), slower than the CPU path doing the
 * same work (docs/webgpu.md), so auto never chooses one. A device number is taken as asked, software or
 * not; a number the binary does not list is undefined (the caller refuses it, naming the devices).
 */
export function chooseNcnnDevice(devices: readonly VulkanDevice[], request?: 'auto' | 'cpu'): NcnnDeviceChoice;
export function chooseNcnnDevice(devices: readonly VulkanDevice[], request: NcnnDeviceRequest): NcnnDeviceChoice | undefined;
export function chooseNcnnDevice(devices: readonly VulkanDevice[], request: NcnnDeviceRequest = 'auto'): NcnnDeviceChoice | undefined {
  if (request === 'cpu') return { gpu: -1, skipped: [] };
  if (typeof request === 'number') {
    const named = devices.find((d) => d.index === request);
    return named ? { gpu: named.index, name: named.name, skipped: [], ...(named.software ? { software: true } : {}) } : undefined;
  }
  const hardware = devices.find((d) => !d.software);
  const skipped = devices.filter((d) => d.software);
  return hardware ? { gpu: hardware.index, name: hardware.name, skipped } : { gpu: -1, skipped };
}

/** The request in INTERUP_NCNN_GPU's words ('auto', 'cpu', '0'). */
export function parseNcnnDeviceRequest(text: string | undefined): NcnnDeviceRequest {
  const t = (text ?? 'auto').trim();
  return t === 'auto' || t === 'cpu' ? t : Number(t);
}
