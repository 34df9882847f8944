// Which adapter WebGPU takes and whether `--device auto` accepts it, tested with stated inputs: a real GPU
// cannot run here, so the box's drivers are laid out in temp folders, adapter lists are written out
// (the lavapipe block is vulkaninfo's real output for Mesa 25.0.7 here, the NVIDIA block a stand-in), and
// the WebGPU answer is given to the planner. The real WebGPU path on this machine is in
// test/engines-rife/webgpu.test.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gpuPresent, hardwareAdapter, isSoftwareAdapter, parseVulkaninfo, pickAdapter, planProviders, vulkanIcds, type ProviderInfo } from '../../src/engines/onnx/index.js';
import { memoryLogger } from '../../src/util/logger.js';
import { makeTempDir } from '../helpers/tmp.js';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());
let n = 0;

function box(files: Record<string, string>): string {
  const root = join(tmp.dir, `box-${n++}`);
  mkdirSync(root, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const manifest = (library: string): string => JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: library, api_version: '1.4.305' } });

const LAVAPIPE = `GPU0:
	apiVersion         = 1.4.305
	driverVersion      = 0.0.1
	vendorID           = 0x10005
	deviceID           = 0x0000
	deviceType         = PHYSICAL_DEVICE_TYPE_CPU
	deviceName         = llvmpipe (LLVM 15.0.6, 256 bits)
	driverID           = DRIVER_ID_MESA_LLVMPIPE
	driverName         = llvmpipe
	driverInfo         = Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6)
	conformanceVersion = 1.3.1.1
`;
const NVIDIA = `GPU1:
	apiVersion         = 1.3.277
	driverVersion      = 550.54.15.0
	vendorID           = 0x10de
	deviceID           = 0x2684
	deviceType         = PHYSICAL_DEVICE_TYPE_DISCRETE_GPU
	deviceName         = NVIDIA GeForce RTX 4090
	driverID           = DRIVER_ID_NVIDIA_PROPRIETARY
	driverName         = NVIDIA
	driverInfo         = 550.54.15
`;

describe('adapters: which one WebGPU takes, and which are software', () => {
  it('vulkaninfo --summary gives name, vendor, type and driver', () => {
    expect(parseVulkaninfo(`Devices:\n========\n${LAVAPIPE}${NVIDIA}`)).toEqual([
      { name: 'llvmpipe (LLVM 15.0.6, 256 bits)', vendor: 'Mesa', type: 'cpu', driver: 'llvmpipe Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6)' },
      { name: 'NVIDIA GeForce RTX 4090', vendor: 'NVIDIA', type: 'discrete-gpu', driver: 'NVIDIA 550.54.15' },
    ]);
  });

  it('a real GPU beside lavapipe is the one taken, whatever the order; lavapipe alone is taken and is software', () => {
    const [lavapipe, nvidia] = parseVulkaninfo(`${LAVAPIPE}${NVIDIA}`);
    expect(pickAdapter([lavapipe, nvidia])).toBe(nvidia);
    expect(pickAdapter([nvidia, lavapipe])).toBe(nvidia);
    expect(pickAdapter([lavapipe])).toBe(lavapipe);
    expect(pickAdapter([])).toBeUndefined();
    expect(isSoftwareAdapter(lavapipe)).toBe(true);
    expect(isSoftwareAdapter(nvidia)).toBe(false);
    // SwiftShader reports itself as a CPU; a name alone also tells.
    expect(isSoftwareAdapter({ name: 'SwiftShader Device (Subzero)', type: 'cpu', driver: 'SwiftShader driver' })).toBe(true);
    expect(isSoftwareAdapter({ name: 'llvmpipe (LLVM 15.0.6, 256 bits)', type: 'other', driver: '' })).toBe(true);
    expect(pickAdapter([{ name: 'AMD Radeon 780M (RADV GFX1103_R1)', vendor: 'AMD', type: 'integrated-gpu', driver: 'radv' }, { name: 'AMD Radeon RX 7900 XTX (RADV NAVI31)', vendor: 'AMD', type: 'discrete-gpu', driver: 'radv' }])?.name).toBe('AMD Radeon RX 7900 XTX (RADV NAVI31)');
  });

  it('auto\'s hardware drivers: a GPU among their devices is taken; only CPU-type devices are software and refused; no list trusts the files', () => {
    const [lavapipe, nvidia] = parseVulkaninfo(`${LAVAPIPE}${NVIDIA}`);
    expect(hardwareAdapter([lavapipe, nvidia])).toEqual({ adapter: nvidia });
    // A driver file that is not lavapipe/SwiftShader by name yet shows a CPU device: not a GPU, so no adapter.
    const unknown = { name: 'Acme Raster', vendor: 'unknown', type: 'cpu', driver: 'acme' };
    expect(hardwareAdapter([unknown])).toEqual({ reason: 'the hardware Vulkan drivers show only software devices (Acme Raster, type cpu)' });
    expect(hardwareAdapter([])).toEqual({ adapter: undefined });
  });

  it('driver manifests: lavapipe and SwiftShader are software, the rest hardware; VK_ICD_FILENAMES replaces the folders', () => {
    const root = box({
      '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json': manifest('/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so'),
      '/usr/share/vulkan/icd.d/radeon_icd.x86_64.json': manifest('/usr/lib/x86_64-linux-gnu/libvulkan_radeon.so'),
      '/etc/vulkan/icd.d/nvidia_icd.json': manifest('libGLX_nvidia.so.0'),
      '/usr/local/share/vulkan/icd.d/vk_swiftshader_icd.json': manifest('./libvk_swiftshader.so'),
    });
    const icds = vulkanIcds({ root, env: {} });
    expect(icds.map((i) => [i.library, i.software])).toEqual([
      ['libGLX_nvidia.so.0', false],
      ['./libvk_swiftshader.so', true],
      ['/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so', true],
      ['/usr/lib/x86_64-linux-gnu/libvulkan_radeon.so', false],
    ]);
    const only = join(root, '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json');
    expect(vulkanIcds({ root, env: { VK_ICD_FILENAMES: only } }).map((i) => i.manifest)).toEqual([only]);
  });

  it('a GPU is present with an NVIDIA driver or a DRM render node, not on a bare box', () => {
    expect(gpuPresent({ root: box({}), env: {} })).toBe(false);
    expect(gpuPresent({ root: box({ '/proc/driver/nvidia/version': 'NVRM' }), env: {} })).toBe(true);
    expect(gpuPresent({ root: box({ '/dev/dri/renderD128': '' }), env: {} })).toBe(true);
  });
});

describe('--device auto with stated providers and WebGPU answers', () => {
  const noCuda = 'libonnxruntime_providers_cuda.so is not installed';
  const providers: ProviderInfo[] = [
    { name: 'tensorrt', available: false, reason: 'libonnxruntime_providers_tensorrt.so is not installed' },
    { name: 'cuda', available: false, reason: noCuda },
    { name: 'webgpu', available: true },
    { name: 'cpu', available: true },
  ];
  const onlySoftware = () => Promise.resolve({ ok: false, reason: 'no hardware Vulkan driver is installed (only the software libvulkan_lvp.so)' });

  it('only lavapipe: the CPU provider, and one info line says why not the GPU providers (no warning on a box without a GPU)', async () => {
    const logger = memoryLogger();
    const plan = await planProviders('auto', 'rife-onnx', logger, { providers, webgpu: onlySoftware, gpu: false });
    expect(plan.providers).toEqual(['cpu']);
    expect(plan.skipped.map((s) => s.provider)).toEqual(['tensorrt', 'cuda', 'webgpu']);
    expect(logger.records).toHaveLength(1);
    expect(logger.records[0]).toMatchObject({ level: 'info', msg: 'rife-onnx: device cpu; not tensorrt, cuda, webgpu' });
    expect(String(logger.records[0].fields.reason)).toMatch(/webgpu: no hardware adapter: no hardware Vulkan driver is installed \(only the software libvulkan_lvp.so\); auto never runs on a software adapter \(lavapipe, SwiftShader\), --device webgpu does/);
    expect(String(logger.records[0].fields.reason)).toContain(`cuda: ${noCuda}`);
  });

  it('an engine started again on the same logger (the demo\'s montage after its run) says its device once; a new choice is said', async () => {
    const logger = memoryLogger();
    for (let i = 0; i < 3; i++) await planProviders('auto', 'rife-onnx', logger, { providers, webgpu: onlySoftware, gpu: false });
    await planProviders('auto', 'realesrgan-onnx', logger, { providers, webgpu: onlySoftware, gpu: false });
    expect(logger.records.map((r) => [r.level, r.msg])).toEqual([
      ['info', 'rife-onnx: device cpu; not tensorrt, cuda, webgpu'],
      ['debug', 'rife-onnx: device cpu; not tensorrt, cuda, webgpu'],
      ['debug', 'rife-onnx: device cpu; not tensorrt, cuda, webgpu'],
      ['info', 'realesrgan-onnx: device cpu; not tensorrt, cuda, webgpu'],
    ]);
    // Another logger (another run's) hears it again.
    const other = memoryLogger();
    await planProviders('auto', 'rife-onnx', other, { providers, webgpu: onlySoftware, gpu: false });
    expect(other.records.map((r) => r.level)).toEqual(['info']);
  });

  it('a GPU present but no GPU provider can use it: the same choice, as a warning the user can act on', async () => {
    const logger = memoryLogger();
    const plan = await planProviders('auto', 'realesrgan-onnx', logger, { providers, webgpu: onlySoftware, gpu: true });
    expect(plan.providers).toEqual(['cpu']);
    expect(logger.records.map((r) => [r.level, r.msg])).toEqual([['warn', 'realesrgan-onnx: a GPU is present but no GPU provider can use it; running on the CPU']]);
  });

  it('a hardware WebGPU adapter: webgpu first, the CPU behind it', async () => {
    const logger = memoryLogger();
    const plan = await planProviders('auto', 'rife-onnx', logger, { providers, webgpu: () => Promise.resolve({ ok: true, software: false }), gpu: true });
    expect(plan.providers).toEqual(['webgpu', 'cpu']);
    expect(logger.records.map((r) => [r.level, r.msg])).toEqual([['info', 'rife-onnx: device webgpu (then cpu if it fails); not tensorrt, cuda']]);
  });

  it('--device webgpu is the user\'s choice: no probe, no skip', async () => {
    const logger = memoryLogger();
    const plan = await planProviders('webgpu', 'rife-onnx', logger, { providers, webgpu: () => Promise.reject(new Error('must not be asked')), gpu: false });
    expect(plan).toEqual({ providers: ['webgpu'], skipped: [], explicit: true });
    expect(logger.records).toEqual([]);
  });
});
