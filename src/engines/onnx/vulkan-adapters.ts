// Which Vulkan drivers and devices WebGPU (Dawn) can see, and which of them are software: Mesa's
// lavapipe (llvmpipe), SwiftShader, any device whose type is CPU. `--device auto` never runs a model on
// one of those (on a GPU box whose CUDA provider is missing it would run the night's job on emulated
// Vulkan, ~14× slower than ONNX Runtime's own CPU provider); `--device webgpu` still does when asked.
// File reads and pure functions; the folders are parameters so a test can stand in a box's file tree.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import type { DriverFiles } from './vulkan-driver.js';

/** A Vulkan driver manifest (ICD) the loader would read. */
export interface VulkanIcd {
  readonly manifest: string;
  /** The driver library it names (as written: a bare name or a path). */
  readonly library: string;
  readonly apiVersion?: string;
  /** A CPU renderer (lavapipe, SwiftShader). */
  readonly software: boolean;
}

/** One Vulkan device as WebGPU would see it. */
export interface VulkanAdapter {
  readonly name: string;
  readonly vendor: string;
  /** Vulkan's device type, lower case without the prefix: discrete-gpu, integrated-gpu, virtual-gpu, cpu, other. */
  readonly type: string;
  readonly driver: string;
}

const SOFTWARE_NAME = /llvmpipe|lavapipe|swiftshader|software/i;
const SOFTWARE_LIBRARY = /vulkan_lvp|lvp_icd|swiftshader/i;
// The loader's default manifest folders (Linux), before $XDG_CONFIG_DIRS/$XDG_DATA_DIRS are added.
const ICD_DIRS = ['/etc/vulkan/icd.d', '/usr/local/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/usr/share/vulkan/icd.d'];

/** True for a software renderer: a CPU device type, or a name or driver Mesa/Google give their CPU renderers. */
export function isSoftwareAdapter(adapter: Pick<VulkanAdapter, 'name' | 'type' | 'driver'>): boolean {
  return adapter.type === 'cpu' || SOFTWARE_NAME.test(adapter.name) || SOFTWARE_NAME.test(adapter.driver);
}

// Dawn's order when ONNX Runtime asks for a high-performance adapter: discrete, integrated, then the rest, CPU last.
const RANK: Record<string, number> = { 'discrete-gpu': 0, 'integrated-gpu': 1, 'virtual-gpu': 2, other: 3, cpu: 4 };

/** The adapter WebGPU would take from these (a real GPU before any software one); undefined for none. */
export function pickAdapter(adapters: readonly VulkanAdapter[]): VulkanAdapter | undefined {
  const rank = (a: VulkanAdapter): number => (isSoftwareAdapter(a) ? RANK.cpu : (RANK[a.type] ?? RANK.other));
  return [...adapters].sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * What the hardware drivers' devices give `--device auto`: the adapter WebGPU would take, or why none. A
 * driver that is not lavapipe/SwiftShader by its file can still show only CPU-type devices (a renamed or
 * unknown software renderer): that is software too. An empty list (vulkaninfo not installed) trusts the files.
 */
export function hardwareAdapter(listed: readonly VulkanAdapter[]): { adapter?: VulkanAdapter; reason?: string } {
  const adapter = pickAdapter(listed.filter((a) => !isSoftwareAdapter(a)));
  if (adapter || listed.length === 0) return { adapter };
  return { reason: `the hardware Vulkan drivers show only software devices (${listed.map((a) => `${a.name}, type ${a.type}`).join('; ')})` };
}

/** The devices in `vulkaninfo --summary` output (GPU0:, GPU1: … blocks). */
export function parseVulkaninfo(summary: string): VulkanAdapter[] {
  const blocks = summary.split(/^GPU\d+:\s*$/m).slice(1);
  return blocks.map((block) => {
    const field = (key: string): string => new RegExp(`^\\s*${key}\\s*=\\s*(.+)$`, 'm').exec(block)?.[1].trim() ?? '';
    const type = field('deviceType').replace(/^PHYSICAL_DEVICE_TYPE_/, '').toLowerCase().replace(/_/g, '-');
    const driver = [field('driverName'), field('driverInfo')].filter(Boolean).join(' ');
    return { name: field('deviceName'), vendor: vendorName(field('vendorID')), type: type || 'other', driver };
  });
}

// PCI vendor ids (and Khronos' ids for vendors without one) → a name.
function vendorName(id: string): string {
  const names: Record<number, string> = { 0x10de: 'NVIDIA', 0x1002: 'AMD', 0x8086: 'Intel', 0x13b5: 'ARM', 0x5143: 'Qualcomm', 0x1ae0: 'Google', 0x10005: 'Mesa' };
  const n = Number.parseInt(id, 16);
  return Number.isFinite(n) ? (names[n] ?? id) : id || 'unknown';
}

function manifestsIn(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(path, f));
}

function readIcd(manifest: string): VulkanIcd {
  let library = basename(manifest);
  let apiVersion: string | undefined;
  try {
    const icd = (JSON.parse(readFileSync(manifest, 'utf8')) as { ICD?: { library_path?: string; api_version?: string } }).ICD;
    library = icd?.library_path ?? library;
    apiVersion = icd?.api_version;
  } catch {
    // An unreadable manifest: judged by its file name.
  }
  return { manifest, library, apiVersion, software: SOFTWARE_LIBRARY.test(library) || SOFTWARE_LIBRARY.test(basename(manifest)) };
}

/** The driver manifests the Vulkan loader would read: VK_DRIVER_FILES / VK_ICD_FILENAMES when set, else its folders. */
export function vulkanIcds(files: DriverFiles = { root: '/', env: process.env }): VulkanIcd[] {
  const named = files.env.VK_DRIVER_FILES || files.env.VK_ICD_FILENAMES;
  const xdg = [...(files.env.XDG_CONFIG_DIRS ?? '/etc/xdg').split(delimiter), ...(files.env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(delimiter)].filter(Boolean).map((d) => join(d, 'vulkan', 'icd.d'));
  const paths = named ? named.split(delimiter).filter(Boolean) : [...new Set([...ICD_DIRS, ...xdg])];
  const extra = (files.env.VK_ADD_DRIVER_FILES ?? '').split(delimiter).filter(Boolean);
  const manifests = [...paths, ...extra].flatMap((p) => manifestsIn(named || extra.includes(p) ? p : join(files.root, p)));
  return [...new Set(manifests)].map(readIcd);
}

/** The environment that shows the loader only these drivers. */
export function icdEnv(icds: readonly VulkanIcd[], env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, VK_ICD_FILENAMES: icds.map((i) => i.manifest).join(delimiter) };
  delete out.VK_DRIVER_FILES;
  delete out.VK_ADD_DRIVER_FILES;
  return out;
}

/** A software driver described from its manifest alone (when vulkaninfo is not installed). */
export function adapterFromIcd(icd: VulkanIcd): VulkanAdapter {
  const lavapipe = /lvp/i.test(icd.library) || /lvp/i.test(basename(icd.manifest));
  return {
    name: lavapipe ? 'llvmpipe (Mesa lavapipe)' : basename(icd.library),
    vendor: lavapipe ? 'Mesa' : 'unknown',
    type: icd.software ? 'cpu' : 'other',
    driver: `${icd.library}${icd.apiVersion ? `, Vulkan ${icd.apiVersion}` : ''}`,
  };
}
