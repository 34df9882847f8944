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

/** GPU memory in use over all NVIDIA GPUs (MiB, from nvidia-smi), or undefined without one. */
export async function gpuMemoryUsedMiB(): Promise<number | undefined> {
  try {
    const { stdout } = await runProcess('nvidia-smi', ['--query-gpu=memory.used', '--format=csv,noheader,nounits'], { timeoutMs: 15_000 });
    const values = stdout.trim().split('\n').map(Number).filter((n) => Number.isFinite(n));
    return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
  } catch {
    return undefined;
  }
}
