// `interup doctor`: what this machine offers interup — Node, ONNX Runtime and its providers, GPU, Vulkan,
// ffmpeg and its hardware encoders, the model cache, free disk, and which RIFE engine `--prefer auto`
// would use. Collected into one JSON-able report; nothing secret is read or printed.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listProviders, ortVersion, rifeOnnxFactory, type ProviderInfo } from '../engines/onnx/index.js';
import { probeNcnnDevices, rifeNcnnFactory } from '../engines/ncnn/index.js';
import { CATALOG, modelStatus, resolveModelsDir, type ModelState } from '../models/index.js';
import { silentLogger } from '../util/logger.js';
import { redact } from '../util/redact.js';
import { probeDisk, probeFfmpeg, probeNvenc, probeNvidia, probeVulkaninfo, type FfmpegInfo, type GpuInfo } from './probes.js';

export interface DoctorReport {
  node: { version: string; platform: string; arch: string };
  onnxruntime: { version?: string; providers: readonly ProviderInfo[] };
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
    vulkan = { source: 'rife-ncnn-vulkan', devices: probe.devices.map((d) => `${d.index}: ${d.name}${d.software ? ' (software)' : ''}`), note: probe.error };
  }
  const nvencBuilt = ffmpeg.hwEncoders.some((e) => e.endsWith('_nvenc'));
  const nvencWorks = nvencBuilt && nvidia.gpus.length > 0 ? await probeNvenc() : nvencBuilt ? false : undefined;

  const context = { logger: silentLogger, modelsDir: models.dir, device: options.device ?? 'auto', allowFetch: false };
  const candidates = [];
  for (const factory of [rifeOnnxFactory, rifeNcnnFactory]) {
    const result = await factory.available(context);
    candidates.push(result.ok ? { id: factory.id, ok: true } : { id: factory.id, ok: false, reason: result.reason });
  }
  const pick = candidates.find((c) => c.ok)?.id;
  const autoPick = pick ?? 'rife-onnx after fetching rife-v4.6 on first run (offline: the pipeline falls back to its ffmpeg engines)';

  return redact({
    node: { version: process.version, platform: process.platform, arch: process.arch },
    onnxruntime: { version: ortVersion(), providers: listProviders() },
    gpu: { nvidia: nvidia.gpus, note: nvidia.note },
    vulkan,
    ffmpeg: { ...ffmpeg, nvencWorks },
    models: { dir: models.dir, source: models.source, entries: entries.map((e) => ({ name: e.name, state: e.state, problems: e.problems })) },
    disk: [modelsDisk, tmpDisk],
    interpolation: { autoPick, candidates },
  });
}
