// The individual doctor probes: each asks one part of the machine and never throws (a failure becomes
// a line in the report). External programs run through the one spawn helper with short timeouts.
import { statfs } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { runProcess } from '../process/index.js';

export interface GpuInfo {
  readonly name: string;
  readonly memoryMiB: number;
  readonly driver: string;
}

/** NVIDIA GPUs from nvidia-smi, or why none are listed. */
export async function probeNvidia(): Promise<{ gpus: GpuInfo[]; note?: string }> {
  try {
    const { stdout } = await runProcess('nvidia-smi', ['--query-gpu=name,memory.total,driver_version', '--format=csv,noheader,nounits'], { timeoutMs: 15_000 });
    const gpus = stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, mem, driver] = line.split(',').map((s) => s.trim());
        return { name, memoryMiB: Number(mem), driver };
      });
    return { gpus };
  } catch (error) {
    const missing = (error as { message?: string }).message?.includes('ENOENT');
    return { gpus: [], note: missing ? 'nvidia-smi not found (no NVIDIA driver)' : `nvidia-smi failed: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Vulkan devices from vulkaninfo --summary, or undefined when vulkaninfo is not installed. */
export async function probeVulkaninfo(): Promise<string[] | undefined> {
  try {
    const { stdout } = await runProcess('vulkaninfo', ['--summary'], { timeoutMs: 20_000 });
    return [...stdout.matchAll(/deviceName\s*=\s*(.+)/g)].map((m) => m[1].trim());
  } catch {
    return undefined;
  }
}

export interface FfmpegInfo {
  readonly version?: string;
  readonly hwEncoders: readonly string[];
  readonly note?: string;
}

const HW_ENCODER = /_(nvenc|qsv|vaapi|amf|videotoolbox|v4l2m2m)$/;

/** ffmpeg's version and the hardware encoders it was built with. */
export async function probeFfmpeg(): Promise<FfmpegInfo> {
  try {
    const version = (await runProcess('ffmpeg', ['-hide_banner', '-version'], { timeoutMs: 15_000 })).stdout.split('\n')[0];
    const encoders = (await runProcess('ffmpeg', ['-hide_banner', '-encoders'], { timeoutMs: 15_000 })).stdout;
    const hwEncoders = [...encoders.matchAll(/^\s*V\S*\s+(\S+)/gm)].map((m) => m[1]).filter((n) => HW_ENCODER.test(n));
    return { version: /ffmpeg version (\S+)/.exec(version)?.[1] ?? version, hwEncoders };
  } catch (error) {
    return { hwEncoders: [], note: `ffmpeg is not usable: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Whether an NVENC encoder really encodes here (built in is not enough: it needs a driver and a GPU). */
export async function probeNvenc(): Promise<boolean> {
  try {
    await runProcess('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=s=256x256:d=0.1', '-frames:v', '1', '-c:v', 'h264_nvenc', '-f', 'null', '-'], { timeoutMs: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/** Free and total bytes on the filesystem holding `path` (or its nearest existing parent). */
export async function probeDisk(path: string): Promise<{ path: string; freeBytes: number; totalBytes: number } | { path: string; note: string }> {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  try {
    const s = await statfs(p);
    return { path, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch (error) {
    return { path, note: (error as Error).message };
  }
}
