// `interup doctor`: what this machine offers interup — Node, ONNX Runtime and its providers, GPU, Vulkan,
// ffmpeg and its hardware encoders, the model cache, free disk, and which RIFE engine `--prefer auto`
// would use. Collected into one JSON-able report; nothing secret is read or printed.
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { listProviders, ortVersion, probeNcnnDevices, probeWebgpu, rifeNcnnFactory, rifeOnnxFactory, type ProviderName, type VulkanAdapter } from '../engines/index.js';
import { CATALOG, modelStatus, resolveModelsDir, type ModelState } from '../models/index.js';
import { redact, silentLogger } from '../util/index.js';
import { nvencWorks as probeNvenc, probeFfmpeg, type FfmpegInfo } from '../media/index.js';
import { probeDisk, probeNvidia, probeVulkaninfo, type GpuInfo } from './probes.js';

/** One ONNX Runtime provider: present or not, why not, and the device it would run on. */
export interface ProviderReport {
  name: ProviderName;
  available: boolean;
  /** Why not: library missing, no adapter, a driver part missing (with the variable to set). */
  reason?: string;
  /** The GPU (or CPU) it runs on, when known. */
  adapter?: string;
  /** WebGPU: the adapter Dawn takes (name, vendor, Vulkan device type, driver), when known. */
  adapterInfo?: VulkanAdapter;
  /** The adapter is a CPU renderer (lavapipe, SwiftShader): `--device auto` skips it, `--device webgpu` uses it. */
  software?: boolean;
}

export interface DoctorReport {
  node: { version: string; platform: string; arch: string };
  onnxruntime: { version?: string; providers: readonly ProviderReport[] };
  gpu: { nvidia: readonly GpuInfo[]; note?: string };
  vulkan: { source: 'vulkaninfo' | 'rife-ncnn-vulkan' | 'none'; devices: readonly string[]; note?: string };
  ffmpeg: FfmpegInfo & { nvencWorks?: boolean };
  models: { dir: string; source: string; entries: ReadonlyArray<{ name: string; state: ModelState; problems: readonly string[] }> };
  disk: ReadonlyArray<Awaited<ReturnType<typeof probeDisk>>>;
  interpolation: { autoPick: string; candidates: ReadonlyArray<{ id: string; ok: boolean; reason?: string }> };
}

/** Runs every probe (in parallel where independent) and returns the report. */
export async function runDoctor(options: { modelsDir?: string; device?: string } = {}): Promise<DoctorReport> {
  const models = resolveModelsDir(options.modelsDir);
  const [nvidia, vulkaninfo, ffmpeg, modelsDisk, tmpDisk, entries] = await Promise.all([
    probeNvidia(),
    probeVulkaninfo(),
    probeFfmpeg(),
    probeDisk(models.dir),
    probeDisk(tmpdir()),
    Promise.all(CATALOG.map(async (entry) => modelStatus(models.dir, entry))),
  ]);
  let vulkan: DoctorReport['vulkan'] = { source: 'none', devices: [], note: 'vulkaninfo is not installed and rife-v4.6 is not fetched' };
  if (vulkaninfo) vulkan = { source: 'vulkaninfo', devices: vulkaninfo };
  else if (entries.find((e) => e.name === 'rife-v4.6')?.state === 'ok') {
    const probe = await probeNcnnDevices(join(models.dir, 'rife-v4.6'));
    vulkan = { source: 'rife-ncnn-vulkan', devices: probe.devices.map((d) => `${d.index}: ${d.name}${d.software ? ` (software: skipped by auto; INTERUP_NCNN_GPU=${d.index} uses it)` : ''}`), note: probe.error };
  }
  const providers = await providerReports(nvidia.gpus.map((g) => g.name), vulkan.devices);
  const nvencBuilt = ffmpeg.hwEncoders.some((e) => e.endsWith('_nvenc'));
  const nvencWorks = nvencBuilt && nvidia.gpus.length > 0 ? await probeNvenc() : nvencBuilt ? false : undefined;

  const context = { logger: silentLogger, modelsDir: models.dir, device: options.device ?? 'auto', allowFetch: false };
  const candidates = [];
  for (const factory of [rifeOnnxFactory, rifeNcnnFactory]) {
    const result = await factory.available(context).catch((error: unknown) => ({ ok: false as const, reason: (error as Error).message }));
    candidates.push(result.ok ? { id: factory.id, ok: true } : { id: factory.id, ok: false, reason: result.reason });
  }
  const pick = candidates.find((c) => c.ok)?.id;
  const autoPick = pick ?? 'rife-onnx after fetching rife-v4.6 on first run (offline: the pipeline falls back to its ffmpeg engines)';

  return redact({
    node: { version: process.version, platform: process.platform, arch: process.arch },
    onnxruntime: { version: ortVersion(), providers },
    gpu: { nvidia: nvidia.gpus, note: nvidia.note },
    vulkan,
    ffmpeg: { ...ffmpeg, nvencWorks },
    models: { dir: models.dir, source: models.source, entries: entries.map((e) => ({ name: e.name, state: e.state, problems: e.problems })) },
    disk: [modelsDisk, tmpDisk],
    interpolation: { autoPick, candidates },
  });
}

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software/i;

// Each provider as listProviders() sees it; WebGPU is started for real (in a child process) to learn
// whether Dawn finds an adapter, which one (vulkaninfo when installed, else the driver's manifest or the
// hardware Vulkan device), and whether it is a software renderer that `--device auto` skips.
async function providerReports(nvidiaGpus: readonly string[], vulkanDevices: readonly string[]): Promise<ProviderReport[]> {
  const hardware = vulkanDevices.filter((d) => !SOFTWARE.test(d)).map((d) => d.replace(/^\d+: /, ''));
  return Promise.all(
    listProviders().map(async (p): Promise<ProviderReport> => {
      if (!p.available) return { name: p.name, available: false, reason: p.reason };
      if (p.name === 'cpu') return { name: p.name, available: true, adapter: cpus()[0]?.model };
      if (p.name !== 'webgpu') return { name: p.name, available: true, adapter: nvidiaGpus[0] };
      const probe = await probeWebgpu();
      if (!probe.ok) {
        const why = hardware.length === 0 ? '; this box has no hardware Vulkan device (only software renderers or none), and Dawn needs a GPU driver' : '';
        return { name: p.name, available: false, reason: `no WebGPU adapter: ${probe.reason ?? 'unknown'}${why}` };
      }
      // Without vulkaninfo a software adapter is described from its driver manifest: the device name ncnn printed is better.
      const listed = probe.software && probe.adapter?.type === 'cpu' ? vulkanDevices.find((d) => SOFTWARE.test(d))?.replace(/^\d+: /, '').replace(/ \(software\)$/, '') : undefined;
      const info = probe.adapter && listed ? { ...probe.adapter, name: listed } : probe.adapter;
      if (info) return { name: p.name, available: true, adapter: info.name, adapterInfo: info, software: probe.software };
      return { name: p.name, available: true, adapter: probe.software ? undefined : (hardware[0] ?? nvidiaGpus[0]), software: probe.software };
    }),
  );
}
